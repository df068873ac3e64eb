"""The Cipher Lab main window: assembles the menus, training and decode panels and model card.

The window is built in two steps so that it paints before torch is imported: the constructor
makes the frame (menus, status bar, model card dock, a "Loading…" placeholder) from modules
that do not import torch, and :meth:`MainWindow.build_panels` then imports the panels (which
import torch). ``MainWindow(path)`` does both at once; :func:`cipherlab.gui.app.run_app` paints first.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from cipherlab.core.model_card import model_card
from PySide6.QtCore import QByteArray, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from .file_actions import FileActions
from .model_card import ModelCardPanel
from .settings import DEFAULTS, Settings, autosave_path

if TYPE_CHECKING:
    from cipherlab.core.live_feed import LiveUpdate
    from cipherlab.core.modelfile import ModelBundle

DEFAULT_SIZE = (1440, 860)
Button = QMessageBox.StandardButton


def describe(bundle: ModelBundle, name: str) -> str:
    """One-line model card for the decode panel."""
    c = bundle.model.config
    metrics = bundle.metadata.get("metrics")
    acc = metrics.get("val_accuracy") if isinstance(metrics, dict) else None
    acc_text = f", validation accuracy {acc:.1%}" if isinstance(acc, (int, float)) else ""
    return (
        f"<b>Model:</b> {html.escape(name)} — {html.escape(bundle.cipher.name)}; "
        f"{c.cell.upper()}, embedding "
        f"{c.embedding_dim}, hidden {c.hidden_size}, {c.num_layers} layer(s){acc_text}"
    )


def is_shipped(path: str | Path | None) -> bool:
    """True for the model that ships with Cipher Lab (never overwritten by Save)."""
    from cipherlab.resources import default_model_path

    return path is not None and Path(path).resolve() == default_model_path().resolve()


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

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        """Paint, and the first time schedule :attr:`painted`."""
        super().paintEvent(event)
        if not self._was_painted:
            self._was_painted = True
            QTimer.singleShot(0, self, self.painted.emit)


def usable_splitter_sizes(sizes: list[int]) -> list[int]:
    """Saved splitter sizes if they describe two visible panels, else the defaults."""
    ok = len(sizes) == 2 and all(isinstance(x, int) and 100 <= x <= 20_000 for x in sizes)
    return list(sizes) if ok else list(DEFAULTS["window/splitter"])


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
        self.bundle: ModelBundle | None = None
        self.model_path: Path | None = None  # the file the current model came from or went to
        self.model_name = ""
        self.unsaved = False  # a model trained here that the user has not saved
        self.trainingPanel = None
        self.decodePanel = None
        self.splitter: QSplitter | None = None
        self._ignored_session = None  # a run whose weights must no longer replace the model
        self._force_close = False

        self.modelCard = ModelCardPanel()
        self.modelCardDock = QDockWidget("Model card", self)
        self.modelCardDock.setObjectName("modelCardDock")
        self.modelCardDock.setWidget(self.modelCard)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.modelCardDock)
        # Floating at first: the panels leave a docked card too little width to read.
        self.modelCardDock.setFloating(True)
        self.modelCardDock.resize(560, 400)
        self.modelCardDock.hide()
        self.files = FileActions(self)
        self.placeholder = LoadingPlaceholder()
        self.setCentralWidget(self.placeholder)
        self.statusBar().showMessage("Loading…")
        self._restore_window_settings()
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
        from .decode_panel import DecodePanel
        from .training_panel import TrainingPanel

        self.trainingPanel = TrainingPanel()
        self.decodePanel = DecodePanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)  # neither panel can vanish
        self.splitter.addWidget(self.trainingPanel)
        self.splitter.addWidget(self.decodePanel)
        self.splitter.setSizes(usable_splitter_sizes(self.settings.get("window/splitter")))
        self.setCentralWidget(self.splitter)

        panel = self.trainingPanel
        panel.weightsUpdated.connect(self._on_weights)
        panel.runEnded.connect(lambda text: self.statusBar().showMessage(text, 8000))
        panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        QShortcut(QKeySequence("Ctrl+Return"), self, panel.start)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, panel.stop)
        QShortcut(QKeySequence("Ctrl+P"), self, panel.toggle_pause)
        QShortcut(QKeySequence("Ctrl+."), self, panel.step_once)
        self._set_accessibility()
        self._restore_training_settings()
        self.files.set_enabled(True)

    def finish_loading(self, model_path: str | Path | None = None) -> None:
        """Build the panels if needed, open ``model_path`` and decode the example."""
        from .decode_panel import EXAMPLE

        self.build_panels()
        if model_path is not None:
            self.open_model(model_path)
        self.decodePanel.ciphertextInput.setPlainText(EXAMPLE)
        self.decodePanel.refresh()
        self.statusBar().showMessage("Ready", 4000)

    def _set_accessibility(self) -> None:
        """Accessible names for the main widgets and a left-to-right, top-to-bottom tab order."""
        panel, decode = self.trainingPanel, self.decodePanel
        names = {
            panel.lossPlot: "Training loss and validation accuracy plot",
            panel.progressBar: "Training progress",
            panel.statusLabel: "Training status",
            decode.probabilityBars: "Probability of each decoded letter",
            decode.modelLabel: "Current model",
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
        decode.probabilityBars.setToolTip(
            decode.probabilityBars.toolTip() or "How sure the model is of each decoded letter"
        )
        # Left panel, then the right one from its text box (the panels order their insides).
        QWidget.setTabOrder(panel.logScaleToggle, panel.lossPlot)
        QWidget.setTabOrder(panel.lossPlot, decode.ciphertextInput)

    # ---------------------------------------------------------------- models
    def open_model(self, path: str | Path) -> bool:
        """Load a model file; on error keep the current model and say why (no dialog)."""
        from cipherlab.core.modelfile import ModelFileError, load_model

        try:
            bundle = load_model(path)
        except ModelFileError as exc:
            self.statusBar().showMessage(str(exc))
            if self.bundle is None:
                self.decodePanel.set_model_error(str(exc))
            return False
        self.set_model(bundle, path=Path(path))
        return True

    def set_model(
        self,
        bundle: ModelBundle,
        name: str | None = None,
        path: Path | None = None,
        unsaved: bool = False,
    ) -> None:
        """Make ``bundle`` the current model (from a file, a new model or a finished run)."""
        self.model_path = path
        self.unsaved = unsaved
        if path is not None and not is_shipped(path):
            self.settings.add_recent(path)
            self.files.rebuild_recent()
        self._use(bundle, name or (path.stem if path else "untitled"))

    def _use(self, bundle: ModelBundle, name: str, live: bool = False) -> None:
        self.bundle = bundle
        self.model_name = name
        self.decodePanel.set_model(
            bundle.model, bundle.cipher, bundle.seq_len, describe(bundle, name), live
        )
        self.modelCard.set_card(model_card(bundle, name, self.model_path))
        self._update_title()

    def _update_title(self) -> None:
        shipped = self.model_path is not None and is_shipped(self.model_path)
        self.setWindowTitle("Cipher Lab" if shipped else f"{self.model_name}[*] — Cipher Lab")
        self.setWindowModified(self.unsaved)

    def save_target(self) -> Path | None:
        """Where Save writes: the model's file, or None (ask) for new and shipped models."""
        if self.model_path is None or is_shipped(self.model_path):
            return None
        return self.model_path

    def mark_saved(self, path: Path) -> None:
        """The current model now lives in ``path``."""
        self.model_path = path
        self.unsaved = False
        self.settings.set("autosave/pending", False)
        self.settings.add_recent(path)
        self.files.rebuild_recent()
        self._use(self.bundle, path.stem)

    def stop_following_training(self) -> None:
        """Another model replaces the trained one: stop any run and ignore its last weights."""
        if self.trainingPanel is not None and self.trainingPanel.session is not None:
            self._ignored_session = self.trainingPanel.session
            self.trainingPanel.shutdown()

    @Slot(object)
    def _on_weights(self, update: LiveUpdate) -> None:
        """Refresh the inference copy from the training weights (a few times a second)."""
        import torch
        from cipherlab.core.model import CipherRNN
        from cipherlab.core.modelfile import ModelBundle

        session = self.trainingPanel.session
        if session is None or session is self._ignored_session or update.weights is None:
            return
        config, cipher = session.config, self.trainingPanel.cipher
        model = CipherRNN(config.model_config(len(cipher.alphabet)))
        model.load_state_dict({k: torch.from_numpy(v) for k, v in update.weights.items()})
        model.eval()
        if not update.final:
            metrics = {"val_accuracy": self.trainingPanel.last_accuracy, "steps": update.step}
            bundle = ModelBundle(model, cipher, {"training": config.to_dict(), "metrics": metrics})
            self.model_path = None
            self._use(bundle, f"training, step {update.step:,} (unsaved)", live=True)
            return
        bundle = ModelBundle(model, cipher, self._run_metadata(update, config))
        self.set_model(bundle, "trained (unsaved)", unsaved=True)
        self._autosave(bundle)

    def _run_metadata(self, update: LiveUpdate, config) -> dict:
        """Metadata of a model trained in the window: settings, metrics, versions, date."""
        from cipherlab.core.config import matching_preset
        from cipherlab.core.modelfile import package_versions

        return {
            "training": {"preset": matching_preset(config) or "custom", **config.to_dict()},
            "metrics": {
                "val_accuracy": self.trainingPanel.last_accuracy,
                "steps": update.step,
                "examples_seen": update.examples_seen,
                "training_seconds": round(update.elapsed_s, 3),
            },
            "versions": package_versions(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": "Cipher Lab window (Train)",
        }

    def _autosave(self, bundle: ModelBundle) -> None:
        """Keep the last trained model in the user data folder until the user saves it."""
        from cipherlab.core.modelfile import ModelFileError, save_model

        path = autosave_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_model(path, bundle)
        except (OSError, ModelFileError) as exc:
            self.statusBar().showMessage(f"Could not autosave the trained model: {exc}", 8000)
            return
        self.settings.set("autosave/pending", True)
        self.settings.sync()

    def offer_restore(self) -> bool:
        """At start-up: offer the autosaved model if the user never saved it; True if restored."""
        from cipherlab.core.modelfile import ModelFileError, load_model

        path = autosave_path()
        if not self.settings.get("autosave/pending") or not path.is_file():
            return False
        if not self.ask_restore_autosave():
            self.settings.set("autosave/pending", False)  # asked once; the file stays
            return False
        try:
            bundle = load_model(path)
        except ModelFileError as exc:
            self.settings.set("autosave/pending", False)
            self.statusBar().showMessage(f"Could not restore the autosaved model: {exc}")
            return False
        self.set_model(bundle, "restored (unsaved)", unsaved=True)
        return True

    # ---------------------------------------------------- questions (patched in tests)
    def ask_save_changes(self, text: str) -> QMessageBox.StandardButton:
        """Ask Save / Discard / Cancel about an unsaved model; the answer's button."""
        return QMessageBox.question(
            self,
            "Unsaved model",
            text,
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )

    def ask_restore_autosave(self) -> bool:
        """Ask whether to restore the autosaved model; True for yes."""
        answer = QMessageBox.question(
            self,
            "Restore trained model?",
            "Last time a trained model was not saved. Cipher Lab kept a copy in "
            f"{autosave_path()}.\n\nRestore it?",
            Button.Yes | Button.No,
            Button.Yes,
        )
        return answer == Button.Yes

    def confirm_discard(self) -> bool:
        """True when the current model may be replaced or the window closed.

        After an unsaved training run (or during one) this asks Save / Discard / Cancel;
        Save saves (asking for a file name if needed) and fails if that is cancelled.
        """
        training = self.loaded and self.trainingPanel.running
        if not (self.unsaved or training):
            return True
        text = (
            "Training is still running. Save the model as it is now before stopping?"
            if training
            else "The trained model has not been saved. Save it?"
        )
        answer = self.ask_save_changes(text)
        if answer == Button.Save:
            return self.files.save()
        if answer == Button.Discard:
            self.unsaved = False
            self.settings.set("autosave/pending", False)
            return True
        return False

    # -------------------------------------------------------------- settings
    def _restore_window_settings(self) -> None:
        geometry = self.settings.get("window/geometry")
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize(*DEFAULT_SIZE)
        state = self.settings.get("window/state")
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode()))

    def _restore_training_settings(self) -> None:
        from cipherlab.core.config import PRESETS, TrainConfig

        config, name = self.settings.get("training/config"), self.settings.get("training/preset")
        try:
            if config:
                self.trainingPanel.set_config(TrainConfig.from_dict(config))
                return
        except (TypeError, ValueError):
            pass  # a damaged or outdated entry: fall back to the preset
        if name in PRESETS:
            self.trainingPanel.select_preset(name)

    def save_settings(self) -> None:
        """Remember the window's geometry, splitter and training settings."""
        s = self.settings
        s.set("window/geometry", _b64(self.saveGeometry()))
        s.set("window/state", _b64(self.saveState()))
        if self.loaded:
            s.set("window/splitter", [int(x) for x in self.splitter.sizes()])
            config = self.trainingPanel.config()
            if config is not None:
                s.set("training/config", config.to_dict())
            s.set("training/preset", self.trainingPanel.presetSelector.currentData() or "")
        s.sync()

    def apply_default_settings(self) -> None:
        """Put the window back as a first start would (after Reset settings)."""
        from cipherlab.core.config import DEFAULT_PRESET

        self.resize(*DEFAULT_SIZE)
        self.modelCardDock.hide()
        self.modelCardDock.setFloating(True)
        if self.loaded:
            self.splitter.setSizes(DEFAULTS["window/splitter"])
            self.trainingPanel.select_preset(DEFAULT_PRESET)

    # ---------------------------------------------------------- drop, close
    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return urls[0].toLocalFile() if len(urls) == 1 and urls[0].isLocalFile() else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt naming)
        """Accept one dropped local file (anything else is left to the widgets)."""
        if self.loaded and self._dropped_path(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt naming)
        """Open a dropped model file (a bad one is explained, the current model kept)."""
        path = self._dropped_path(event)
        if not (self.loaded and path):
            return
        event.acceptProposedAction()
        # After the drop returns: a dialog inside a drop handler can freeze the drag source.
        QTimer.singleShot(0, lambda: self.files.open_file(path))

    def quit_without_asking(self) -> None:
        """Close now, stopping any training, with no questions (``--quit-after``)."""
        self._force_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        """Ask about unsaved work, stop a training worker and wait for it, save settings."""
        if not self._force_close and not self.confirm_discard():
            event.ignore()
            return
        if self.loaded:
            # the run's last update (weights, autosave) must not undo the answer just given
            self._ignored_session = self.trainingPanel.session
            self.trainingPanel.shutdown()
        QThreadPool.globalInstance().waitForDone(5000)  # a long decode may still be running
        self.save_settings()
        super().closeEvent(event)
