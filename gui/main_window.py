"""The Cipher Lab main window: assembles the menus, training and decode panels and model card.

The window is built in two steps so that it paints before torch is imported: the constructor
makes the frame (menus, status bar, model card dock, a "Loading…" placeholder) from modules
that do not import torch, and :meth:`MainWindow.build_panels` then imports the panels (which
import torch). ``MainWindow(path)`` does both at once; :func:`cipherlab.gui.app.run_app`
paints first.

The current model lives in one :class:`~cipherlab.core.session.CurrentModel`, made with
the panels; the title, the model card, the decode panel and the file actions follow it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from cipherlab.core.storage import data_dir

from .about import show_about
from .menu_bar import MenuBar
from .model_card import ModelCardPanel
from .settings import SPLITTER_SIZES, Settings
from .widgets import (
    PRESENTER_SCALE,
    ScrollColumn,
    follow_app_font,
    presenter_font,
    scale_plot_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from cipherlab.core.ciphers import Cipher
    from cipherlab.core.learning import LiveUpdate
    from cipherlab.core.session import CurrentModel, RunHistory

    from .decoding import DecodePanel
    from .file_actions import FileActions
    from .inside import GeneralisationView, InsideView
    from .lessons import LessonsPanel
    from .training import TrainingPanel, TrainingSession

DEFAULT_SIZE = (1440, 860)
LESSON_POLL_MS = 250
"""How often the open Lessons panel reads the window's facts besides the runs' signals."""
RUN_END_WAIT_MS = 5000
"""How long :meth:`MainWindow.quit_keeping_work` waits for a stopped run's last model."""


def _b64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


class LoadingPlaceholder(QLabel):
    """The central widget until the panels exist; says when it has first been painted.

    Signals
    -------
    painted()
        Once, on the next turn of the event loop after the first paint (so the frame is
        on screen before anything slow runs).
    """

    painted = Signal()

    def __init__(self) -> None:
        super().__init__("Loading Cipher Lab…")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._was_painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, and the first time schedule :attr:`painted`."""
        super().paintEvent(event)
        if not self._was_painted:
            self._was_painted = True
            QTimer.singleShot(0, self, self.painted.emit)


def usable_splitter_sizes(sizes: list[int]) -> list[int]:
    """Saved splitter sizes if they describe two visible panels, else the defaults."""
    ok = len(sizes) == 2 and all(isinstance(x, int) and 100 <= x <= 20_000 for x in sizes)
    return list(sizes) if ok else list(SPLITTER_SIZES)


def run_folder_report(history: RunHistory) -> tuple[str, str]:
    """What start-up found wrong in the run folder: a short status line and its details.

    The line fits a 1280-pixel-wide status bar; the details (each skipped file and why,
    each repair) go in its tooltip. Both are empty when nothing was wrong.
    """
    parts = []
    if history.notices:
        parts.append("the run counter was repaired")
    if history.skipped:
        parts.append(f"{len(history.skipped)} saved run(s) could not be read and are not listed")
    if not parts:
        return "", ""
    summary = f"Run folder: {'; '.join(parts)} (point here for details)."
    return summary, "\n".join([*history.notices, *history.skipped])


class MainWindow(QMainWindow):
    """Training on the left, decoding on the right, menus on top.

    Parameters
    ----------
    model_path : path, optional
        Model to open at start-up (default: none; :func:`cipherlab.gui.app.create_main_window`
        passes the shipped model).
    deferred : bool
        Build only the frame; the caller runs :meth:`build_panels` and :meth:`finish_loading`
        after the first paint.
    """

    def __init__(self, model_path: str | Path | None = None, *, deferred: bool = False) -> None:
        super().__init__()
        self.setWindowTitle("Cipher Lab")
        self.setAcceptDrops(True)
        self.settings = Settings()
        self.current: CurrentModel | None = None  # made with the panels, after the first paint
        self._ticked_for: object = None  # the opened model whose run was looked for
        self.trainingPanel: TrainingPanel | None = None
        self.decodePanel: DecodePanel | None = None
        self.files: FileActions | None = None
        self.splitter: QSplitter | None = None
        self._force_close = False
        self._keep_work = False  # closing without questions keeps a run's model (autosave)
        self._quitting = False  # quit_keeping_work is waiting for a run to end
        self._dismissed: QWidget | None = None  # the dialog it closed
        self._closed = False
        self._startup_warning = ""  # one short line for the status bar
        self._startup_details = ""  # its tooltip: every problem, one line each

        self.modelCard = ModelCardPanel()
        self.modelCardDock = QDockWidget("Model card", self)
        self.modelCardDock.setObjectName("modelCardDock")
        self.modelCardDock.setWidget(self.modelCard)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.modelCardDock)
        # Floating at first: the panels leave a docked card too little width to read.
        self.modelCardDock.setFloating(True)
        self.modelCardDock.resize(560, 400)
        self.modelCardDock.hide()
        card_action = self.modelCardDock.toggleViewAction()
        card_action.setShortcut(QKeySequence("Ctrl+I"))
        card_action.setToolTip("Show the current model's card")
        # How far the model generalises, and inside the network: tabs beside the loss plot,
        # made with the panels (pyqtgraph, torch); these actions switch to them.
        self.generalisationView: GeneralisationView | None = None
        self.insideView: InsideView | None = None
        generalisation_action = self._view_action(
            "Generalisation", "Ctrl+G",
            "How far the current model generalises: accuracy against message length (Ctrl+G)",
            lambda: self.generalisationView,
        )  # fmt: skip
        inside_action = self._view_action(
            "Inside the network", "Ctrl+L",
            "Look inside the network: its learned mapping, hidden state, where it looks and "
            "its embeddings (Ctrl+L)",
            lambda: self.insideView,
        )  # fmt: skip
        self.presenterModeAction = QAction("&Presenter mode", self)
        self.presenterModeAction.setObjectName("presenterModeAction")
        self.presenterModeAction.setCheckable(True)
        self.presenterModeAction.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.presenterModeAction.setToolTip(
            "For a projector (F11): larger text and plots, only the story's controls (task, "
            "cipher, key, preset, Train, Stop, speed); again to show everything"
        )
        self.presenterModeAction.toggled.connect(self.set_presenter_mode)
        self._normal_font: QFont | None = None  # the app's font while presenter mode is on
        view_actions = [card_action, generalisation_action, inside_action, self.presenterModeAction]
        self.menus = MenuBar(self, view_actions=view_actions)
        # Guided lessons (Help > Lessons): the panel is made with the others
        self.lessonsDock = QDockWidget("Lessons", self)
        self.lessonsDock.setObjectName("lessonsDock")
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.lessonsDock)
        self.lessonsDock.hide()
        self.lessonsPanel: LessonsPanel | None = None
        self.menus.lessonsAction.triggered.connect(self.show_lessons)
        self.menus.aboutAction.triggered.connect(lambda: show_about(self))
        self.placeholder = LoadingPlaceholder()
        self.setCentralWidget(self.placeholder)
        self.statusBar().showMessage("Loading…")
        self._restore_window_settings()
        self.presenterModeAction.setChecked(self.settings.get("view/presenter"))
        if not deferred:
            self.finish_loading(model_path)

    # ----------------------------------------------------------------- build
    @property
    def loaded(self) -> bool:
        """True once the panels exist (torch is imported)."""
        return self.trainingPanel is not None

    def build_panels(self) -> None:
        """Import and assemble the training and decode panels (this imports torch)."""
        if self.loaded:
            return
        from cipherlab.core.session import CurrentModel, RunHistory
        from cipherlab.core.storage import Autosave
        from cipherlab.resources import default_model_path

        from .decoding import DecodePanel
        from .file_actions import FileActions
        from .inside import GeneralisationView, InsideView
        from .training import TrainingPanel

        current = self.current = CurrentModel(default_model_path(), Autosave(data_dir()))
        current.changed.connect(self._update_title)
        self.modelCard.follow(current)
        self.generalisationView = GeneralisationView()
        self.generalisationView.follow(current)
        inside = self.insideView = InsideView()
        history = RunHistory(data_dir() / "runs")
        panel = self.trainingPanel = TrainingPanel(history)
        self._add_view_tabs(panel, inside, self.generalisationView)
        decode = self.decodePanel = DecodePanel(current)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.setChildrenCollapsible(False)  # neither panel can vanish
        splitter.addWidget(panel)
        # a short window scrolls the decode panel rather than drawing its charts over each other
        self.decodeColumn = ScrollColumn(decode, "decodeColumn")
        # room for its labels on a line or two, and for a dozen probability bars
        decode.setMinimumWidth(40 * decode.fontMetrics().averageCharWidth())
        splitter.addWidget(self.decodeColumn)
        splitter.setSizes(usable_splitter_sizes(self.settings.get("window/splitter")))
        self.setCentralWidget(splitter)

        files = self.files = FileActions(self.menus, current, self.settings, panel, self)
        files.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        files.settingsReset.connect(self.apply_default_settings)
        self.menus.copyTextAction.triggered.connect(decode.copy_plaintext)
        self.menus.saveTextAction.triggered.connect(lambda: files.save_text(decode.plaintext()))
        decode.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        decode.keyChosen.connect(self._use_cracked_key)
        self._connect_inside_view(inside, decode, current)
        self._connect_lessons(panel, decode)

        panel.may_start = files.confirm_discard  # a new run replaces the current model
        panel.runStarted.connect(current.follow)
        panel.weightsUpdated.connect(self._on_weights)
        panel.runEnded.connect(self._on_run_ended)
        panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        panel.settingsChanged.connect(self._compare_settings_with_model)
        current.changed.connect(self._compare_settings_with_model)
        current.changed.connect(self._tick_model_run)
        QShortcut(QKeySequence("Ctrl+Return"), self, panel.start)
        QShortcut(QKeySequence("Ctrl+Enter"), self, panel.start)  # the keypad's Enter
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, panel.stop)
        QShortcut(QKeySequence("Ctrl+P"), self, panel.toggle_pause)
        QShortcut(QKeySequence("Ctrl+."), self, panel.step_once)
        self._set_accessibility(panel, decode)
        self.set_presenter_mode(self.presenterModeAction.isChecked())  # the plots made now
        reset = self._restore_training_settings(panel)
        self.menus.set_loaded(True)
        summary, self._startup_details = run_folder_report(history)
        self._startup_warning = " ".join(line for line in (reset, summary) if line)
        self._carry_over_autosave_marker(current)

    def _view_action(
        self, text: str, shortcut: str, tip: str, view: Callable[[], QWidget | None]
    ) -> QAction:
        """A View menu action that shows ``view()``'s tab beside the plot (once loaded)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda: self._show_view(view()))
        return action

    def _show_view(self, view: QWidget | None) -> None:
        panel = self.trainingPanel
        if panel is not None and view is not None:
            panel.show_view(view)

    def _add_view_tabs(
        self, panel: TrainingPanel, inside: InsideView, generalisation: GeneralisationView
    ) -> None:
        """The inside and generalisation views as tabs beside the plot.

        The inside views compute only while their tab is the current one.
        """
        panel.add_view_tab(
            inside, "Inside",
            "Inside the network: its learned mapping, hidden state, where it looks and its "
            "embeddings (Ctrl+L)",
        )  # fmt: skip
        panel.add_view_tab(
            generalisation, "Generalisation",
            "Accuracy against message length, far beyond the training messages (Ctrl+G)",
        )  # fmt: skip
        tabs = panel.viewTabs
        tabs.currentChanged.connect(lambda _i: inside.set_active(tabs.currentWidget() is inside))
        inside.set_active(tabs.currentWidget() is inside)

    def _connect_inside_view(
        self, inside: InsideView, decode: DecodePanel, current: CurrentModel
    ) -> None:
        """The inside views follow the model, the text and the chosen letter."""
        inside.follow(current)
        inside.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        decode.textChanged.connect(inside.set_text)
        # after the inside view has followed the model: the text it reads depends on it
        current.changed.connect(lambda: inside.set_text(decode.text()))
        decode.symbolSelected.connect(inside.set_position)
        inside.set_text(decode.text())

    def _connect_lessons(self, panel: TrainingPanel, decode: DecodePanel) -> None:
        """The Lessons panel ticks its steps from what the window shows; mistakes explained."""
        from cipherlab.core.lessons import mistake_report, normal_run_like, shipped_lessons

        from .lesson_facts import window_facts
        from .lessons import LessonsPanel

        lessons = self.lessonsPanel = LessonsPanel(shipped_lessons())
        self.lessonsDock.setWidget(lessons)
        inside, generalisation = self.insideView, self.generalisationView
        assert inside is not None and generalisation is not None  # made before

        def report(*_args: object) -> None:
            if self.lessonsDock.isVisible():
                lessons.set_facts(window_facts(panel, decode, inside, generalisation))

        # the run's signals report at once (a run at full speed lasts a fraction of a second);
        # the rest (a view shown, a measurement, key candidates) a few times a second
        for signal in (panel.runStarted, panel.weightsUpdated, panel.runEnded, decode.decoded):
            signal.connect(report)
        panel.settingsChanged.connect(report)
        panel.history.overlaysChanged.connect(report)
        poll = QTimer(self)
        poll.setInterval(LESSON_POLL_MS)
        poll.timeout.connect(report)
        self.lessonsDock.visibilityChanged.connect(lambda on: poll.start() if on else poll.stop())
        self.lessonsDock.visibilityChanged.connect(report)

        def explain_mistake(_text: str) -> None:
            run = panel.training_run
            normal = None if run is None else normal_run_like(run, panel.history.runs)
            panel.show_mistake_report("" if run is None else mistake_report(run, normal))

        panel.runStarted.connect(lambda _session: panel.show_mistake_report(""))
        panel.runEnded.connect(explain_mistake)

    @Slot()
    def show_lessons(self) -> None:
        """Help > Lessons: show the Lessons panel and bring it forward.

        Docked at the left when the window has room for it beside the panels (1280 px does);
        a narrower window (a 1024-pixel projector) gets it floating, rather than a minimum
        width wider than its screen.
        """
        dock, central = self.lessonsDock, self.centralWidget()
        room = self.width() - central.minimumSizeHint().width() if central is not None else 0
        dock.setFloating(room < dock.minimumSizeHint().width())
        if dock.isFloating():  # wide enough for the lesson's title in this font
            wide = 44 * dock.fontMetrics().averageCharWidth()
            dock.resize(max(dock.width(), wide), max(dock.height(), self.height() * 3 // 4))
        dock.show()
        dock.raise_()

    def _carry_over_autosave_marker(self, current: CurrentModel) -> None:
        """Settings files of older versions flag a pending autosave; it is now a marker file."""
        pending = self.settings.take_legacy("autosave/pending")
        autosave = current.autosave
        if str(pending).lower() == "true" and autosave is not None and autosave.path.is_file():
            try:
                autosave.mark_pending()
            except OSError:
                pass  # the autosave stays on disk; it is just not offered

    def finish_loading(self, model_path: str | Path | None = None) -> None:
        """Build the panels if needed, open ``model_path`` and decode the example."""
        from .decoding import EXAMPLE

        self.build_panels()
        files, decode, current = self.files, self.decodePanel, self.current
        assert files is not None and decode is not None and current is not None  # built
        if model_path is not None:
            files.open_model(model_path)  # a bad file is explained; the window still opens
        decode.set_ciphertext(EXAMPLE)
        decode.refresh()
        if not self.settings.get("lessons/offered"):  # a first start: offer the first lesson
            self.settings.set("lessons/offered", "yes")
            self.show_lessons()
        self._compare_settings_with_model()  # the restored form and the model now shown
        if self._startup_warning:
            self.statusBar().showMessage(self._startup_warning)
            self.statusBar().setToolTip(self._startup_details)
        elif current.bundle is not None:
            self.statusBar().showMessage("Ready", 4000)

    @Slot(bool)
    def set_presenter_mode(self, on: bool) -> None:
        """Switch presenter mode on or off: larger text, only the story's controls.

        On, text and plots are ``PRESENTER_SCALE`` times larger and the training panel shows
        only the story's controls (:meth:`TrainingPanel.set_presenter_mode`); off puts
        everything back as it was.

        Parameters
        ----------
        on : bool
            True for a projector, False for everything at the normal size.
        """
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # a window needs one
        if on and self._normal_font is None:
            self._normal_font = app.font()
            app.setFont(presenter_font(self._normal_font))  # plots' text follows the app's
        elif not on and self._normal_font is not None:
            app.setFont(self._normal_font)
            self._normal_font = None
        # every widget takes the new font now, not on the next turn of the event loop
        app.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        follow_app_font(self)  # styled notes too (floating docks are the window's children)
        if self.presenterModeAction.isChecked() != on:
            self.presenterModeAction.setChecked(on)
        scale_plot_text(self, PRESENTER_SCALE if on else 1.0)
        if self.trainingPanel is not None:
            self.trainingPanel.set_presenter_mode(on)

    def _set_accessibility(self, panel: TrainingPanel, decode: DecodePanel) -> None:
        """Accessible names for the main widgets and a left-to-right, top-to-bottom tab order."""
        names: dict[QWidget, str] = {
            panel.lossPlot: "Training loss and validation accuracy plot",
            panel.progressBar: "Training progress",
            panel.statusLabel: "Training status",
        }  # the decode panel names its own
        for widget, name in names.items():
            widget.setAccessibleName(name)
        # Left panel, then the right one from its text box (the panels order their insides).
        QWidget.setTabOrder(panel.logScaleToggle, panel.lossPlot)
        decode.tab_after(panel.lossPlot)

    # ---------------------------------------------------------------- models
    def _update_title(self) -> None:
        current = self.current
        assert current is not None  # connected to its changes
        bundle = current.bundle
        if current.is_default or bundle is None:
            self.setWindowTitle("Cipher Lab")
        else:  # the family and key too: two models of one name may learn different ciphers
            from cipherlab.core.storage import task_label

            self.setWindowTitle(f"{current.name}[*] — {task_label(bundle)} — Cipher Lab")
        self.setWindowModified(current.needs_confirmation)

    @Slot()
    def _compare_settings_with_model(self) -> None:
        """Say beside Train when the form would train another model than the one on screen.

        After a restart the form shows the last session's settings and the window the last
        model: they need not agree, and the form must not pass for the model's description.
        """
        from cipherlab.core.storage import settings_differences

        current, panel = self.current, self.trainingPanel
        assert current is not None and panel is not None  # connected once both exist
        config, bundle = panel.config(), current.bundle
        differences = (
            [] if config is None or bundle is None else settings_differences(config, bundle)
        )
        panel.show_model_note(
            f"The form's settings are not those of the model on screen ({', '.join(differences)}):"
            " Train makes a new model."
            if differences
            else ""
        )

    @Slot(object)
    def _use_cracked_key(self, cipher: Cipher) -> None:
        """A cracked key becomes the next run's task: train a model for that cipher."""
        assert self.trainingPanel is not None  # made before the decode panel that sends keys
        self.trainingPanel.use_cipher(cipher)
        self.statusBar().showMessage(
            f"{cipher.describe()} is now the training task: click Train to teach a model it.",
            8000,
        )

    @Slot(object, object)
    def _on_weights(self, session: TrainingSession, update: LiveUpdate) -> None:
        """Show a run's weights as the current model (live, or trained once it ended)."""
        from cipherlab.core.storage import ModelFileError

        current, panel = self.current, self.trainingPanel
        assert current is not None and panel is not None  # the panel's runs send weights
        run = panel.training_run
        if not current.follows(session) or update.weights is None or run is None:
            return
        bundle = run.bundle_at(update)
        if not update.final:
            current.show_live(session, bundle, update.step)
            return
        try:
            current.finish_run(session, bundle)
        except ModelFileError as exc:
            self.statusBar().showMessage(f"Could not autosave the trained model: {exc}", 8000)

    @Slot(str)
    def _tick_model_run(self) -> None:
        """A model file was opened: tick the kept run that made it, so the plot shows it."""
        current, panel = self.current, self.trainingPanel
        assert current is not None and panel is not None
        bundle = current.bundle
        if bundle is None or current.path is None or bundle is self._ticked_for:
            return
        self._ticked_for = bundle  # once per opening: a later untick stays
        run = panel.history.run_of(bundle.metadata)
        if run is not None and run is not panel.history.current:
            panel.history.set_overlaid(run, True)

    def _on_run_ended(self, text: str) -> None:
        """A run ended: say how; if its final weights never came, keep its last live copy."""
        from cipherlab.core.storage import ModelFileError

        self.statusBar().showMessage(text, 8000)
        current, panel = self.current, self.trainingPanel
        assert current is not None and panel is not None  # the panel's runs end here
        try:
            current.end_run(panel.session)
        except ModelFileError as exc:
            self.statusBar().showMessage(f"Could not autosave the trained model: {exc}", 8000)

    # -------------------------------------------------------------- settings
    def resize_to_default(self) -> None:
        """:data:`DEFAULT_SIZE`, or the screen's free area if that is smaller (a projector)."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width()), min(height, free.height())
        self.resize(width, height)

    def _restore_window_settings(self) -> None:
        geometry = self.settings.get("window/geometry")
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize_to_default()
        state = self.settings.get("window/state")
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode()))

    def _restore_training_settings(self, panel: TrainingPanel) -> str | None:
        """Show the last session's training settings, beginner mistakes off.

        A mistake made on purpose is a lesson's step, not a setting to carry over: a class
        that opens the app after the teacher's demonstration must not train with it
        unawares. Returns the sentence that says which were switched off, if any were on.
        """
        from cipherlab.core.settings import MISTAKES, PRESETS, TrainConfig

        panel.restore_controls(self.settings.get("training/controls"))
        config, name = self.settings.get("training/config"), self.settings.get("training/preset")
        try:
            if config:
                restored = TrainConfig.from_dict(config)
                panel.set_config(replace(restored, mistakes=()))
                if not restored.mistakes:
                    return None
                labels = ", ".join(MISTAKES[m].label for m in restored.mistakes)
                return f"Beginner mistakes are off at start-up (on when the app closed: {labels})."
        except (TypeError, ValueError):
            pass  # a damaged or outdated entry: fall back to the preset
        if name in PRESETS:
            panel.select_preset(name)
        return None

    def save_settings(self) -> None:
        """Remember the window's geometry, splitter and training settings."""
        s = self.settings
        s.set("window/geometry", _b64(self.saveGeometry()))
        s.set("window/state", _b64(self.saveState()))
        s.set("view/presenter", self.presenterModeAction.isChecked())
        panel, splitter = self.trainingPanel, self.splitter
        if panel is not None and splitter is not None:  # loaded
            s.set("window/splitter", [int(x) for x in splitter.sizes()])
            config = panel.config()
            if config is not None:
                s.set("training/config", config.to_dict())
            s.set("training/preset", panel.preset_name() or "")
            s.set("training/controls", panel.controls())
        s.sync()

    @Slot()
    def apply_default_settings(self) -> None:
        """Put the window back as a first start would (after Reset settings)."""
        from cipherlab.core.settings import DEFAULT_PRESET, PRESETS

        self.resize_to_default()
        self.modelCardDock.hide()
        self.modelCardDock.setFloating(True)
        self.set_presenter_mode(False)
        panel, splitter = self.trainingPanel, self.splitter
        if panel is not None and splitter is not None:  # loaded
            splitter.setSizes(SPLITTER_SIZES)
            panel.viewTabs.setCurrentIndex(0)
            panel.set_config(PRESETS[DEFAULT_PRESET])  # the seed's task too
            panel.restore_controls(panel.default_controls())

    # ---------------------------------------------------------- drop, close
    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return urls[0].toLocalFile() if len(urls) == 1 and urls[0].isLocalFile() else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept one dropped local file (anything else is left to the widgets)."""
        if self.loaded and self._dropped_path(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped model file (a bad one is explained, the current model kept)."""
        path, files = self._dropped_path(event), self.files
        if not (self.loaded and path and files is not None):
            return
        event.acceptProposedAction()
        # After the drop returns: a dialog inside a drop handler can freeze the drag source.
        QTimer.singleShot(0, lambda: files.open_model(path))

    def quit_without_asking(self) -> None:
        """Close now, stopping any training, with no questions (``--quit-after``)."""
        if self._closed:
            return
        self._force_close = True
        self.close()

    def quit_keeping_work(self) -> None:
        """Close with no questions and lose nothing (SIGINT, SIGTERM: :mod:`.quit_signals`).

        As File → Quit would end, with the question about unsaved work answered "keep it
        for later": a running run is stopped as Stop stops it, so its last model arrives,
        is autosaved (and offered at the next start) and the run is recorded; then the
        window closes. A trained, unsaved model already has its autosave. An open dialog is
        dismissed first. Asked again while waiting, it closes at once (the last live copy
        of a run's model is then autosaved instead).
        """
        if self._closed:
            return
        self._keep_work = True
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog is not self and dialog is not self._dismissed:
            self._dismissed = dialog
            # as Cancel or Escape would answer it; its own event loop ends, then this runs again
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            QTimer.singleShot(0, self.quit_keeping_work)
            return
        panel = self.trainingPanel
        if self._quitting or panel is None or not panel.running:
            self.quit_without_asking()
            return
        self._quitting = True
        panel.runEnded.connect(lambda _text: QTimer.singleShot(0, self.quit_without_asking))
        QTimer.singleShot(RUN_END_WAIT_MS, self.quit_without_asking)  # a step that never ends
        panel.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved work, stop a training worker and wait for it, save settings."""
        if not self._force_close and self.files is not None and not self.files.confirm_discard():
            event.ignore()
            return
        if self.loaded:
            current, panel, decode = self.current, self.trainingPanel, self.decodePanel
            generalisation, inside = self.generalisationView, self.insideView
            assert current is not None and panel is not None and decode is not None
            assert generalisation is not None and inside is not None  # made with the panel
            if not self._keep_work:
                # the run's last update (weights, autosave) must not undo the answer just given
                current.stop_following()
            panel.shutdown()  # records a run's end; keeping work, it autosaves its live copy
            generalisation.shutdown()
            inside.shutdown()
            decode.shutdown()
        QThreadPool.globalInstance().waitForDone(5000)  # anything else still running
        self.save_settings()
        if self._normal_font is not None:  # the app's font is the app's, not this window's
            QApplication.setFont(self._normal_font)
            self._normal_font = None
        self._closed = True
        super().closeEvent(event)
