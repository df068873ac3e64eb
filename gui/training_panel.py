"""The training panel: preset, Train/Stop, progress, status and the live loss plot."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.ciphers import SEED_CIPHER, CaesarCipher
from core.live_feed import LiveUpdate
from core.training import DEFAULT_PRESET, PRESETS, TrainConfig
from gui.loss_plot import LossPlot
from gui.training_session import TrainingSession

PRESET_HELP = {
    "fast": "Fast: our tuned default (batch 32, embedding 16, hidden 32, lr 0.03, clipping 1.0)",
    "tutorial": "Tutorial: the seed recipe exactly (batch 1, embedding 5, hidden 10, Adam 1e-3)",
}


class TrainingPanel(QWidget):
    """Starts and stops training runs and shows their progress.

    Signals
    -------
    weightsUpdated(LiveUpdate)
        An update that carries a weight copy (a few per second, and the last one).
    runEnded(str)
        A run ended; the argument says how (for the status bar).
    """

    weightsUpdated = Signal(object)
    runEnded = Signal(str)

    def __init__(self, cipher: CaesarCipher = SEED_CIPHER, parent: QWidget | None = None):
        super().__init__(parent)
        self.cipher = cipher
        self.session: TrainingSession | None = None
        self._error: str | None = None
        self.last_accuracy: float | None = None
        self._last_loss: float | None = None

        self.presetSelector = QComboBox()
        self.presetSelector.setObjectName("presetSelector")
        for name in PRESETS:
            self.presetSelector.addItem(name.capitalize(), name)
            self.presetSelector.setItemData(
                self.presetSelector.count() - 1, PRESET_HELP.get(name, ""), 3
            )  # 3 = ToolTipRole
        self.presetSelector.setCurrentIndex(list(PRESETS).index(DEFAULT_PRESET))
        self.presetSelector.setToolTip(
            "Training settings: Fast (tuned) or Tutorial (the original recipe, batch of 1)"
        )
        self.presetSelector.setAccessibleName("Preset")

        self.trainButton = QPushButton("Train")
        self.trainButton.setObjectName("trainButton")
        self.trainButton.setToolTip("Train a new model from scratch with this preset (Ctrl+Return)")
        self.trainButton.clicked.connect(self.start)

        self.stopButton = QPushButton("Stop")
        self.stopButton.setObjectName("stopButton")
        self.stopButton.setToolTip(
            "Stop training after the current step (Esc); the model keeps what it learned so far"
        )
        self.stopButton.setEnabled(False)
        self.stopButton.clicked.connect(self.stop)

        self.progressBar = QProgressBar()
        self.progressBar.setObjectName("trainingProgress")
        self.progressBar.setFormat("%v / %m steps")
        self.progressBar.setValue(0)
        self.progressBar.setToolTip("Optimiser steps taken out of the step budget")

        self.statusLabel = QLabel("Click Train to watch the model learn the cipher.")
        self.statusLabel.setObjectName("trainingStatus")

        self.lossPlot = LossPlot()

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Preset"))
        controls.addWidget(self.presetSelector)
        controls.addWidget(self.trainButton)
        controls.addWidget(self.stopButton)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.progressBar)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.lossPlot, stretch=1)

    @property
    def running(self) -> bool:
        """True while a training worker is alive."""
        return self.session is not None and self.session.running

    def config(self) -> TrainConfig:
        """The settings the next run will use."""
        return PRESETS[self.presetSelector.currentData()]

    @Slot()
    def start(self) -> None:
        """Start a new run (ignored while one is alive)."""
        if self.running:
            return
        config = self.config()
        self._error = None
        self.last_accuracy = None
        self._last_loss = None
        self.lossPlot.clear_run()
        self.progressBar.setRange(0, config.steps)
        self.progressBar.setValue(0)
        self.statusLabel.setText("Starting…")
        self.session = TrainingSession(config, self.cipher, self)
        self.session.updated.connect(self._on_update)
        self.session.failed.connect(self._on_failed)
        self.session.ended.connect(self._on_ended)
        self.trainButton.setEnabled(False)
        self.presetSelector.setEnabled(False)
        self.stopButton.setEnabled(True)
        self.session.start()

    @Slot()
    def stop(self) -> None:
        """Ask the run to stop; the worker ends within a fraction of a second."""
        if self.session is not None:
            self.stopButton.setEnabled(False)
            self.statusLabel.setText(self.statusLabel.text() + " — stopping…")
            self.session.stop()

    def shutdown(self, msecs: int = 3000) -> bool:
        """Stop any run and wait for its thread (used when the window closes)."""
        if self.session is None:
            return True
        return self.session.wait(msecs)

    @Slot(object)
    def _on_update(self, update: LiveUpdate) -> None:
        self.lossPlot.add_update(update)
        self.progressBar.setValue(update.step)
        if len(update.val_accuracies):
            self.last_accuracy = float(update.val_accuracies[-1])
        if len(update.losses):
            self._last_loss = float(update.losses[-1])
        loss = "–" if self._last_loss is None else f"{self._last_loss:.4f}"
        acc = "–" if self.last_accuracy is None else f"{self.last_accuracy:.1%}"
        self.statusLabel.setText(
            f"Step {update.step:,}/{update.total_steps:,} · loss {loss} · "
            f"validation accuracy {acc} · {update.examples_seen:,} examples · "
            f"{update.elapsed_s:.1f} s"
        )
        if update.weights is not None:
            self.weightsUpdated.emit(update)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._error = message

    @Slot()
    def _on_ended(self) -> None:
        self.trainButton.setEnabled(True)
        self.presetSelector.setEnabled(True)
        self.stopButton.setEnabled(False)
        if self._error:
            text = f"Training stopped: {self._error}"
        elif self.progressBar.value() >= self.progressBar.maximum():
            text = "Training finished. " + self.statusLabel.text()
        else:
            text = "Training stopped. " + self.statusLabel.text().replace(" — stopping…", "")
        self.statusLabel.setText(text)
        self.runEnded.emit(text)
