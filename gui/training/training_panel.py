"""The training panel: settings, run controls, progress, live curves and run history."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.errors import RunFileError
from cipherlab.core.learning import LiveUpdate
from cipherlab.core.session import RunHistory, RunRecord, RunStatus
from cipherlab.core.settings import (
    DECRYPT,
    DEFAULT_PRESET,
    PRESETS,
    VALIDATION_ACCURACY,
    StopRule,
    TrainConfig,
)

from ..widgets import ScrollColumn
from .loss_plot import READOUT_HINT, LossPlot
from .run_history_panel import RunHistoryPanel
from .training_session import TrainingSession
from .training_settings import TrainingSettings

if TYPE_CHECKING:
    from cipherlab.core.ciphers import Cipher
    from cipherlab.core.text import ReferenceEntropies

SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
"""Speed slider positions in steps per second; the last position is full speed."""
WATCHABLE_SPEED = 10.0
"""The pace a first run starts at (steps per second): the Fast preset learns the seed
cipher in about 10 steps and auto-stops at step 30, which full speed shows for 0.2 s and this
pace for 3 s, long enough to watch the accuracy rise in class."""
DEFAULT_SPEED: float | None = WATCHABLE_SPEED
"""The Speed slider's value until the user moves it (None: full speed)."""
PAUSED = " — paused (Step advances one step)"


def speed_position(steps_per_second: float | None) -> int:
    """The Speed slider position of a pace (the nearest slower one; None: full speed)."""
    if steps_per_second is None:
        return len(SPEEDS)
    return max(0, sum(1 for s in SPEEDS if s <= steps_per_second) - 1)


def speed_text(steps_per_second: float | None) -> str:
    """The Speed slider's label: ``10 steps/s`` or ``full speed``."""
    return "full speed" if steps_per_second is None else f"{steps_per_second:g} steps/s"


def progress_text(run: RunRecord, steps_per_second: float | None = None) -> str:
    """One line on a run: steps, speed and ETA (given a rate), examples, loss, accuracy, time."""
    task = run.config.task_kind  # a language model's loss reads in bits per symbol
    shown = None if run.last_loss is None else task.shown_loss(run.last_loss)
    loss = "–" if shown is None else f"{shown:.4f} {task.loss_unit}"
    acc = "–"
    if run.final_accuracy is not None:  # the step it was measured at: the header may be older
        acc = f"{run.final_accuracy:.1%} (step {int(run.val_accuracy.view()[0][-1]):,})"
    parts = [f"Step {run.step:,}/{run.config.steps:,}"]
    if steps_per_second is not None:
        remaining = (run.config.steps - run.step) / steps_per_second if steps_per_second else None
        parts.append(f"{steps_per_second:,.0f} steps/s" if steps_per_second else "– steps/s")
        parts.append(f"ETA {remaining:,.1f} s" if remaining is not None else "ETA –")
    parts += [
        f"{run.examples_seen:,} examples",
        f"loss {loss}",
        f"validation accuracy {acc}",
        f"{run.elapsed_s:.1f} s training",
    ]
    text = " · ".join(parts)
    return text if run.step else "No step was taken."


class TrainingPanel(QWidget):
    """Starts, steers and shows training runs.

    Parameters
    ----------
    history : RunHistory, optional
        Where runs are recorded (default: a new one kept in memory only).

    Signals
    -------
    runStarted(TrainingSession)
        A run started; its updates come from this session.
    weightsUpdated(TrainingSession, LiveUpdate)
        An update that carries a weight copy (a few per second, and the last one).
    runEnded(str)
        A run ended; the argument says how (for the status bar).
    message(str)
        A short status-bar message.
    settingsChanged()
        The next run's settings changed (or their validity did).
    """

    runStarted = Signal(object)
    weightsUpdated = Signal(object, object)
    runEnded = Signal(str)
    message = Signal(str)
    settingsChanged = Signal()

    def __init__(
        self,
        history: RunHistory | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.history = history if history is not None else RunHistory()
        # Asked before a run starts, since its model replaces the current one; False cancels
        # (the window asks Save / Discard / Cancel about an unsaved trained model here).
        self.may_start: Callable[[], bool] = lambda: True
        self.session: TrainingSession | None = None
        self._run: RunRecord | None = None  # the run of self.session
        self._rate_window: deque[tuple[float, int]] = deque()

        self.trainingSettings = TrainingSettings()
        self.trainingSettings.changed.connect(self._update_buttons)
        self.trainingSettings.changed.connect(self._show_budget)
        self.trainingSettings.changed.connect(self.settingsChanged)
        self._build_controls()
        self.lossPlot = LossPlot(self.history)
        self.lossPlot.readoutChanged.connect(self.crosshairReadout.setText)
        self.historyPanel = RunHistoryPanel(self.history, self.lossPlot)
        self.historyPanel.message.connect(self.message)
        self._layout()
        self._update_buttons()
        self._show_budget()

    # ----------------------------------------------------------------- build
    def _build_controls(self) -> None:
        def button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.trainButton = button(
            "Train",
            "trainButton",
            "Train a new model from scratch with these settings (Ctrl+Return)",
            self.start,
        )
        self.pauseButton = button(
            "Pause", "pauseButton", "Pause or resume the run (Ctrl+P)", self.toggle_pause
        )
        self.stepButton = button(
            "Step",
            "stepButton",
            "While paused: take exactly one optimiser step (Ctrl+.)",
            self.step_once,
        )
        self.stopButton = button(
            "Stop",
            "stopButton",
            "Stop training (Esc); the model keeps what it learned so far",
            self.stop,
        )
        self.resetButton = QToolButton()
        self.resetButton.setObjectName("resetButton")
        self.resetButton.setText("Reset")
        self.resetButton.setToolTip(
            "Stop and clear the curve; the next run starts from fresh "
            "weights with the same seed, so it repeats the curve "
            "exactly. The arrow offers a new seed."
        )
        self.resetButton.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.resetButton)
        self.resetSameSeedAction = menu.addAction("Reset with the same seed", self.reset)
        self.resetNewSeedAction = menu.addAction(
            "Reset with a new seed", lambda: self.reset(new_seed=True)
        )
        self.resetButton.setMenu(menu)
        self.resetButton.clicked.connect(self.reset)

        self.speedSlider = QSlider(Qt.Orientation.Horizontal)
        self.speedSlider.setObjectName("speedSlider")
        self.speedSlider.setRange(0, len(SPEEDS))
        self.speedSlider.setPageStep(1)
        self.speedSlider.setMinimumWidth(120)
        self.speedSlider.setToolTip(
            "Training speed in steps per second: slow enough to watch, or full speed"
        )
        self.speedSlider.setAccessibleName("Speed")
        self.speedLabel = QLabel()
        self._fit_speed_label()
        self.fullSpeedButton = QToolButton()
        self.fullSpeedButton.setObjectName("fullSpeedButton")
        self.fullSpeedButton.setText("Full speed")
        self.fullSpeedButton.setCheckable(True)
        self.fullSpeedButton.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.fullSpeedButton.setToolTip(
            "Train as fast as this computer can (Ctrl+Shift+F); click again for a "
            f"watchable {WATCHABLE_SPEED:g} steps/s"
        )
        self.fullSpeedButton.toggled.connect(self._on_full_speed)
        self.speedSlider.valueChanged.connect(self._on_speed)
        self.speedSlider.setValue(speed_position(DEFAULT_SPEED))
        self._on_speed(self.speedSlider.value())

        self.logScaleToggle = QCheckBox("Log scale")
        self.logScaleToggle.setObjectName("logScaleToggle")
        self.logScaleToggle.setToolTip("Show the loss axis on a log scale")
        self.logScaleToggle.toggled.connect(lambda on: self.lossPlot.set_log_scale(on))

        self.progressBar = QProgressBar()
        self.progressBar.setObjectName("trainingProgress")
        self.progressBar.setValue(0)
        # "460 / 4,000 steps", as the status line writes them (Qt's %v / %m has no commas)
        self.progressBar.valueChanged.connect(self._label_progress)
        self._label_progress()
        self.progressBar.setToolTip("Optimiser steps taken out of the step budget")
        self.modelNote = QLabel("")
        self.modelNote.setObjectName("modelNote")
        self.modelNote.setWordWrap(True)
        self.modelNote.setStyleSheet("color: #8a5a00;")
        self.modelNote.setVisible(False)
        self.statusLabel = QLabel("Click Train to watch the model learn the cipher.")
        self.statusLabel.setObjectName("trainingStatus")
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)  # carries error messages
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setToolTip(  # its percentage is one of the four measures: say which
            "The run's step, the examples it has read, its latest loss and "
            + VALIDATION_ACCURACY.explanation[0].lower()
            + VALIDATION_ACCURACY.explanation[1:]
        )
        self.mistakeReport = QLabel("")  # after a run made with a beginner mistake: why
        self.mistakeReport.setObjectName("mistakeReport")
        self.mistakeReport.setWordWrap(True)
        self.mistakeReport.setTextFormat(Qt.TextFormat.PlainText)
        self.mistakeReport.setStyleSheet("color: #8a5a00;")
        self.mistakeReport.setVisible(False)
        self.crosshairReadout = QLabel(READOUT_HINT)
        self.crosshairReadout.setObjectName("crosshairReadout")
        self.crosshairReadout.setWordWrap(True)
        self.crosshairReadout.setTextFormat(Qt.TextFormat.PlainText)

    def _fit_speed_label(self) -> None:
        """As wide as its widest text: a fixed 80 px clipped "10 steps/s" in a larger font."""
        # the panel's font: on a font change the panel hears of it before its children
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(speed_text(s)) for s in (*SPEEDS, None))
        self.speedLabel.setMinimumWidth(widest)

    def changeEvent(self, event: QEvent) -> None:
        """The font changed (presenter mode): the speed label's width follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_speed_label()

    def _layout(self) -> None:
        settings = QGroupBox("Settings")
        s = QVBoxLayout(settings)
        s.addWidget(self.trainingSettings)
        s.addStretch(1)
        # scrolls when the window is short, rather than squeezing the fields (issue 9, item 12)
        self.settingsColumn = ScrollColumn(settings, "settingsColumn")
        self.settingsColumn.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

        controls = QHBoxLayout()
        for w in (
            self.trainButton,
            self.pauseButton,
            self.stepButton,
            self.stopButton,
            self.resetButton,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        speed = QHBoxLayout()  # a second row keeps the window narrow enough for a laptop
        speed.addWidget(QLabel("Speed"))
        speed.addWidget(self.speedSlider, stretch=1)
        speed.addWidget(self.speedLabel)
        speed.addWidget(self.fullSpeedButton)
        speed.addSpacing(12)
        speed.addWidget(self.logScaleToggle)
        # The plot and the run list share the room beside the settings, one tab each: the
        # list had three rows at the foot of the settings column (issue 20).
        plot_page = QWidget()
        page = QVBoxLayout(plot_page)
        page.setContentsMargins(0, 0, 0, 0)
        # with the curves it explains, not above every tab (it squeezed the inside views)
        page.addWidget(self.mistakeReport)
        page.addWidget(self.lossPlot, stretch=1)
        page.addWidget(self.crosshairReadout)
        self.viewTabs = QTabWidget()
        self.viewTabs.setObjectName("viewTabs")
        self.viewTabs.setDocumentMode(True)
        self.viewTabs.addTab(plot_page, "Loss and accuracy")
        self.viewTabs.setTabToolTip(0, "The live training loss and validation accuracy")
        self.viewTabs.addTab(self.historyPanel, "Runs")
        self.viewTabs.setTabToolTip(
            1, "Every run kept: tick runs to overlay them on the plot, compare their settings"
        )
        right = QVBoxLayout()
        right.addLayout(controls)
        right.addWidget(self.modelNote)
        right.addLayout(speed)
        right.addWidget(self.progressBar)
        right.addWidget(self.statusLabel)
        right.addWidget(self.viewTabs, stretch=1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.settingsColumn)
        layout.addLayout(right, stretch=1)

    def add_view_tab(self, widget: QWidget, title: str, tip: str = "") -> int:
        """Show ``widget`` as a further tab beside the plot and the runs; returns its index.

        Parameters
        ----------
        widget : QWidget
            A view of the current model (the window's inside and generalisation views).
        title : str
            The tab's text.
        tip : str
            The tab's tooltip.
        """
        index = self.viewTabs.addTab(widget, title)
        self.viewTabs.setTabToolTip(index, tip)
        return index

    def show_view(self, widget: QWidget) -> None:
        """Make ``widget``'s tab the current one (it must be one of :attr:`viewTabs`)."""
        self.viewTabs.setCurrentWidget(widget)

    def set_presenter_mode(self, on: bool) -> None:
        """Show only the story's controls (``on``) or every control.

        The story is what a class follows: task, cipher, key, preset, Train, Stop and the
        speed. Pause, Step, Reset, the alphabet, the data source, the example line and the
        Advanced and Beginner mistakes sections are hidden while ``on``.
        """
        for widget in (self.pauseButton, self.stepButton, self.resetButton):
            widget.setVisible(not on)
        self.trainingSettings.set_story_only(on)

    # --------------------------------------------------------------- settings
    @property
    def running(self) -> bool:
        """True while a training worker is alive."""
        return self._running_session() is not None

    def _running_session(self) -> TrainingSession | None:
        """The session whose training worker is alive, if any."""
        session = self.session
        return session if session is not None and session.running else None

    @property
    def run(self) -> RunRecord | None:
        """The run shown now (the history's current run)."""
        return self.history.current

    @property
    def training_run(self) -> RunRecord | None:
        """The run being trained (or the last one trained), whatever the plot shows."""
        return self._run

    def show_model_note(self, note: str) -> None:
        """Say ``note`` beside Train (how the form differs from the model on screen); "" hides."""
        self.modelNote.setText(note)
        self.modelNote.setVisible(bool(note))

    def show_mistake_report(self, text: str) -> None:
        """Say under the status what a run made with a beginner mistake did, and why; "" hides."""
        self.mistakeReport.setText(text)
        self.mistakeReport.setVisible(bool(text))

    def config(self) -> TrainConfig | None:
        """The settings the next run will use (None while a field is invalid)."""
        return self.trainingSettings.config()

    def set_config(self, config: TrainConfig) -> None:
        """Fill the form (and the preset selector) from ``config``."""
        self.trainingSettings.set_config(config)

    def select_preset(self, name: str) -> None:
        """Choose a preset as the user would (fills the fields)."""
        self.trainingSettings.select_preset(name)

    def preset_name(self) -> str | None:
        """The preset the settings equal, or None (Custom)."""
        return self.trainingSettings.presetSelector.currentData()

    def stop_rule(self) -> StopRule | None:
        """The auto-stop rule, or None when the run should use its whole budget."""
        return self.trainingSettings.stop_rule()

    def controls(self) -> dict[str, int | bool]:
        """The run controls a user expects back after a restart: speed and auto-stop."""
        return {
            "speed": self.speedSlider.value(),
            "auto_stop": self.trainingSettings.autoStopCheck.isChecked(),
        }

    @staticmethod
    def default_controls() -> dict[str, int | bool]:
        """The run controls of a first start: the watchable pace, auto-stop on."""
        return {"speed": speed_position(DEFAULT_SPEED), "auto_stop": True}

    def restore_controls(self, controls: dict) -> None:
        """Put back what :meth:`controls` gave; missing or odd entries keep the defaults."""
        speed = controls.get("speed")
        if isinstance(speed, int) and not isinstance(speed, bool):
            self.speedSlider.setValue(speed)  # the slider clamps it to its range
        auto_stop = controls.get("auto_stop")
        if isinstance(auto_stop, bool):
            self.trainingSettings.autoStopCheck.setChecked(auto_stop)

    def steps_per_second(self) -> float | None:
        """The speed slider's limit (None = full speed)."""
        value = self.speedSlider.value()
        return None if value >= len(SPEEDS) else float(SPEEDS[value])

    # -------------------------------------------------------------- controls
    def _label_progress(self) -> None:
        bar = self.progressBar
        bar.setFormat(f"{max(bar.value(), 0):,} / {bar.maximum():,} steps")

    def _show_budget(self) -> None:
        """With no run on screen, the bar shows the next run's step budget (0 / N steps)."""
        config = self.config()
        if self.run is None and config is not None:
            self.progressBar.setRange(0, config.steps)
            self.progressBar.setValue(0)
            self._label_progress()

    def _update_buttons(self) -> None:
        session = self._running_session()
        running = session is not None
        paused = session is not None and session.control.paused
        settings = self.trainingSettings
        valid = settings.is_valid()
        self.trainButton.setEnabled(not running and valid)
        self.trainButton.setToolTip(
            "Train a new model from scratch with these settings (Ctrl+Return)"
            if valid
            else "Fix the settings first: " + " ".join(settings.errors())
        )
        self.pauseButton.setEnabled(running)
        self.pauseButton.setText("Resume" if paused else "Pause")
        self.stepButton.setEnabled(paused)
        self.stopButton.setEnabled(running)
        self.trainingSettings.set_running(running)

    @Slot()
    def start(self) -> None:
        """Start a new run from fresh weights (ignored while one is alive or settings are bad)."""
        if self.running:
            return
        config = self.config()
        if config is None:
            errors = self.trainingSettings.errors()
            self.message.emit("Fix the settings first: " + " ".join(errors))
            return
        if not self.may_start():
            return
        self._rate_window.clear()
        self._run = run = self.history.start(config)
        self.progressBar.setRange(0, config.steps)
        self.progressBar.setValue(0)
        self._label_progress()
        self.statusLabel.setText("Starting…")
        self.session = session = TrainingSession(
            config,
            self.stop_rule(),
            self.trainingSettings.threads.value(),
            self.steps_per_second(),
            self,
        )
        # Signals of a session that is no longer the current one (after Reset, or a quick
        # Stop and Train) are ignored, so an old run cannot write over a new one.
        session.updated.connect(
            lambda u, s=session: self._on_update(u) if self._is_live(s) else None
        )
        session.referencesReady.connect(
            lambda r, s=session: self._on_references(r) if self._is_live(s) else None
        )
        session.ended.connect(lambda s=session: self._on_ended(s))
        self.runStarted.emit(session)
        session.start()
        self._update_buttons()
        self.message.emit(f"Training {run.label}…")

    def start_when_ready(self) -> None:
        """Start a run now, or as soon as the training text file has been read (``--train``).

        At start-up the remembered text file is read in a worker; starting at once would
        find the settings not yet usable.
        """
        settings = self.trainingSettings
        if settings.reading:
            settings.task.checked.connect(self.start, Qt.ConnectionType.SingleShotConnection)
        else:
            self.start()

    @Slot()
    def toggle_pause(self) -> None:
        """Pause a running run, or resume a paused one."""
        session = self._running_session()
        if session is None:
            return
        control = session.control
        if control.paused:
            control.resume()
            self.message.emit("Resumed")
        else:
            control.pause()
            assert self._run is not None  # the run of the session
            self.statusLabel.setText(progress_text(self._run) + PAUSED)
            self.message.emit("Paused: Step takes exactly one optimiser step")
        self._update_buttons()

    @Slot()
    def step_once(self) -> None:
        """While paused: take exactly one optimiser step."""
        session = self._running_session()
        if session is not None and session.control.paused:
            session.control.request_step()

    @Slot()
    def stop(self) -> None:
        """Ask the run to stop; the worker ends within a fraction of a second."""
        session = self._running_session()
        if session is not None:
            self.stopButton.setEnabled(False)
            self.pauseButton.setEnabled(False)
            self.stepButton.setEnabled(False)
            session.stop()

    @Slot()
    def reset(self, new_seed: bool = False) -> None:
        """Stop any run and clear the curve; optionally draw a new seed for the next run."""
        self.end_run()
        if new_seed:
            config = self.config() or PRESETS[DEFAULT_PRESET]
            self.set_config(replace(config, seed=random.randrange(2**31 - 1)))
        self.history.clear_current()
        self._show_budget()
        seed_field = self.trainingSettings.form.editor("seed")
        assert isinstance(seed_field, QLineEdit)  # free text, not a choice
        seed = seed_field.text()
        self.statusLabel.setText(f"Reset: the next run starts from fresh weights with seed {seed}.")
        self.message.emit(f"Reset (seed {seed})")

    def use_cipher(self, cipher: Cipher) -> None:
        """Make ``cipher`` the next run's task: a decryption model of its key and alphabet.

        A cracked key becomes something to learn, whatever the task was before.
        """
        self.trainingSettings.task.set_values(
            {
                "task": DECRYPT.name,
                "cipher": cipher.family,
                "key": cipher.key_text,
                "alphabet": cipher.alphabet.name,
            }
        )

    def shutdown(self, msecs: int = 3000) -> bool:
        """The window closes: :meth:`end_run`, and stop reading a data file; True if done."""
        reads_done = self.trainingSettings.shutdown(msecs)
        return self.end_run(msecs) and reads_done

    def end_run(self, msecs: int = 3000) -> bool:
        """Stop any run, wait for its thread and record its end (Reset, closing the window).

        The end is recorded now, even if the thread is still busy with a long step: its
        queued signals may never be delivered, and anything it still sends is ignored.
        """
        session = self.session
        if session is None:
            return True
        done = session.wait(msecs)
        self._on_ended(session)
        return done

    @Slot(int)
    def _on_speed(self, value: int) -> None:
        speed = self.steps_per_second()
        self.speedLabel.setText(speed_text(speed))
        with signals_blocked(self.fullSpeedButton):
            self.fullSpeedButton.setChecked(speed is None)
        session = self._running_session()
        if session is not None:
            session.control.set_speed(speed)

    @Slot(bool)
    def _on_full_speed(self, on: bool) -> None:
        self.speedSlider.setValue(speed_position(None if on else WATCHABLE_SPEED))

    # -------------------------------------------------------------- progress
    @property
    def step_count(self) -> int:
        """Steps of the current run shown so far."""
        return self.run.step if self.run is not None else 0

    def _rate(self, step: int) -> float:
        now = time.perf_counter()
        window = self._rate_window
        window.append((now, step))
        while len(window) > 2 and now - window[0][0] > 1.0:
            window.popleft()
        (t0, s0), (t1, s1) = window[0], window[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 and s1 > s0 else 0.0

    @Slot(object)
    def _on_update(self, update: LiveUpdate) -> None:
        run = self._run
        assert run is not None  # updates come only from the live session, whose run this is
        learned_before = run.mapping_learned_step
        run.add(update)
        if learned_before is None and run.mapping_learned_step is not None:
            self.message.emit(f"Mapping learned at step {run.mapping_learned_step:,}.")
        self.lossPlot.mark_dirty()
        self.progressBar.setValue(update.step)
        paused = self.session is not None and self.session.control.paused
        if paused:  # a rate and an ETA mean nothing while paused
            self._rate_window.clear()
            self.statusLabel.setText(progress_text(run) + PAUSED)
        else:
            self.statusLabel.setText(progress_text(run, self._rate(update.step)))
        if update.weights is not None:
            self.weightsUpdated.emit(self.session, update)

    @Slot(object)
    def _on_references(self, references: ReferenceEntropies) -> None:
        """A language model's yardsticks arrived: the plot draws them under its loss."""
        assert self._run is not None  # they come only from the live session
        self._run.reference_bits = (references.unigram_bits, references.bigram_bits)
        self.lossPlot.mark_dirty()

    def _is_live(self, session: TrainingSession) -> bool:
        """True for the current session until its end has been recorded."""
        return session is self.session and self._run is not None and self._run.running

    def _on_ended(self, session: TrainingSession) -> None:
        run = self._run
        if run is None or not self._is_live(session):
            return
        try:
            self.history.end(run, session.error)
            problem = None
        except RunFileError as exc:  # ended all the same: the message says it was not kept
            problem = str(exc)
        summary = progress_text(run)
        if run.status is RunStatus.DIVERGED:
            text = run.message  # NonFiniteLossError says "Training diverged: …" and what to do
        elif run.status is RunStatus.FAILED:
            text = f"Training failed: {run.message}"
        elif run.status is RunStatus.FINISHED:
            text = "Training finished. " + summary
        elif run.status is RunStatus.TARGET_REACHED:
            rule = session.stop_rule
            assert rule is not None  # only a stop rule reaches a target
            text = (
                f"Target reached: validation accuracy ≥ {rule.target_accuracy:.1%} for "
                f"{rule.patience} evaluations. " + summary
            )
        else:
            text = "Training stopped. " + summary
        self.statusLabel.setText(text)
        self.lossPlot.mark_dirty()
        self._update_buttons()
        self.runEnded.emit(text if problem is None else f"{text} {problem}")
