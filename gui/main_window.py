"""The Cipher Lab main window: assembles the training and decode panels."""

from __future__ import annotations

import html
from pathlib import Path

import torch
from PySide6.QtCore import Qt, QThreadPool, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSplitter

from core.live_feed import LiveUpdate
from core.model import CipherRNN
from core.modelfile import ModelBundle, ModelFileError, load_model
from gui.decode_panel import EXAMPLE, DecodePanel
from gui.training_panel import TrainingPanel


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


class MainWindow(QMainWindow):
    """Training on the left, decoding on the right.

    Parameters
    ----------
    model_path : path, optional
        Model to open at start-up (default: none; :func:`gui.app.create_main_window`
        passes the shipped model).
    """

    def __init__(self, model_path: str | Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Cipher Lab")
        self.resize(1440, 860)
        self.bundle: ModelBundle | None = None

        self.trainingPanel = TrainingPanel()
        self.decodePanel = DecodePanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.trainingPanel)
        splitter.addWidget(self.decodePanel)
        splitter.setSizes([900, 540])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage("Ready")

        self.trainingPanel.weightsUpdated.connect(self._on_weights)
        self.trainingPanel.runEnded.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.trainingPanel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        QShortcut(QKeySequence("Ctrl+Return"), self, self.trainingPanel.start)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.trainingPanel.stop)
        QShortcut(QKeySequence("Ctrl+P"), self, self.trainingPanel.toggle_pause)
        QShortcut(QKeySequence("Ctrl+."), self, self.trainingPanel.step_once)

        if model_path is not None:
            self.open_model(model_path)
        self.decodePanel.ciphertextInput.setPlainText(EXAMPLE)
        self.decodePanel.refresh()

    def open_model(self, path: str | Path) -> bool:
        """Load a model file; on error keep the current model and say why."""
        try:
            bundle = load_model(path)
        except ModelFileError as exc:
            self.statusBar().showMessage(str(exc))
            if self.bundle is None:
                self.decodePanel.set_model_error(str(exc))
            return False
        self._use(bundle, Path(path).stem)
        return True

    def _use(self, bundle: ModelBundle, name: str, live: bool = False) -> None:
        self.bundle = bundle
        self.decodePanel.set_model(
            bundle.model, bundle.cipher.alphabet, bundle.seq_len, describe(bundle, name), live
        )

    @Slot(object)
    def _on_weights(self, update: LiveUpdate) -> None:
        """Refresh the inference copy from the training weights (a few times a second)."""
        config = self.trainingPanel.session.config if self.trainingPanel.session else None
        if config is None or update.weights is None:
            return
        cipher = self.trainingPanel.cipher
        model = CipherRNN(config.model_config(len(cipher.alphabet)))
        model.load_state_dict({k: torch.from_numpy(v) for k, v in update.weights.items()})
        model.eval()
        metrics = {"val_accuracy": self.trainingPanel.last_accuracy, "steps": update.step}
        bundle = ModelBundle(model, cipher, {"training": config.to_dict(), "metrics": metrics})
        state = "trained" if update.final else f"training, step {update.step:,}"
        self._use(bundle, f"{state} (unsaved)", live=not update.final)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        """Stop a running training worker and wait for it before the window goes."""
        self.trainingPanel.shutdown()
        QThreadPool.globalInstance().waitForDone(5000)  # a long decode may still be running
        super().closeEvent(event)
