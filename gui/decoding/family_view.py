"""Which cipher made this? The decode panel's view when the model is a cipher identifier.

The learner types (or pastes) a ciphertext; the view shows the probability the model gives
each cipher family (:data:`~cipherlab.core.settings.IDENTIFY_LABELS`), one bar per family,
the bars summing to 100 %. While the model trains, the bars follow its newest weights.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from cipherlab.core.settings import IDENTIFY_LABELS

from ..widgets import LatestWorker

if TYPE_CHECKING:
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.text import Alphabet

FAMILY_TITLES = {
    "english": "Plain English",
    "shift": "Shift or affine",
    "substitution": "Substitution",
    "vigenere": "Vigenère",
    "autokey": "Autokey",
}
"""What each label is called on screen."""
IDENTIFY_EVERY_MS = 150
"""Least time between two readings of a training model or of a text being typed."""
EXAMPLE = "WKH-TXLFN-EURZQ-IRA-MXPSV-RYHU-WKH-ODCB-GRJ"
"""Caesar +3 of THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG (seed alphabet)."""
BAR_STEPS = 1000
"""Each bar's range: a probability to a tenth of a percent."""


def _identify_job(
    model: CipherRNN, alphabet: Alphabet, text: str
) -> Generator[None, None, np.ndarray]:
    """Worker generator: returns the labels' probabilities for ``text``."""
    from cipherlab.core.network import label_probabilities

    yield None
    return label_probabilities(model, alphabet.encode(text).indices, len(IDENTIFY_LABELS))


class FamilyView(QWidget):
    """A ciphertext in, the probability of each cipher family out.

    Attributes
    ----------
    familyInput : QPlainTextEdit
        The ciphertext to identify.
    bars : dict of str to QProgressBar
        One bar per label (object name ``familyBar_<label>``), in label order.

    Signals
    -------
    identified(numpy.ndarray)
        New probabilities are shown: float64 ``(labels,)``, summing to 1.
    """

    identified = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("familyView")
        title = QLabel("<b>Which cipher made this?</b>")
        self.familyInput = QPlainTextEdit(EXAMPLE)
        self.familyInput.setObjectName("familyInput")
        self.familyInput.setAccessibleName("Ciphertext to identify")
        self.familyInput.setPlaceholderText("Type or paste a ciphertext to identify")
        self.familyInput.setMaximumHeight(120)
        self.familyInput.setToolTip(
            "The model reads the whole text and gives each cipher family a probability; "
            "longer texts (100 symbols and more) are identified more surely"
        )
        bars = QWidget()
        bars.setObjectName("familyBars")
        grid = QGridLayout(bars)
        grid.setContentsMargins(0, 0, 0, 0)
        self.bars: dict[str, QProgressBar] = {}
        for row, label in enumerate(IDENTIFY_LABELS):
            bar = QProgressBar()
            bar.setObjectName(f"familyBar_{label}")
            bar.setRange(0, BAR_STEPS)
            bar.setValue(0)
            bar.setFormat("–")
            bar.setAccessibleName(f"Probability of {FAMILY_TITLES[label]}")
            grid.addWidget(QLabel(FAMILY_TITLES[label]), row, 0)
            grid.addWidget(bar, row, 1)
            self.bars[label] = bar
        grid.setColumnStretch(1, 1)
        self.familyStatus = QLabel("Train or open a cipher identifier to see its answer.")
        self.familyStatus.setObjectName("familyStatus")
        self.familyStatus.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.familyInput)
        layout.addWidget(bars)
        layout.addWidget(self.familyStatus)
        layout.addStretch(1)
        self._model: CipherRNN | None = None
        self._alphabet: Alphabet | None = None
        self._probabilities: np.ndarray | None = None
        self._due = False
        # a running reading finishes (and is shown) before the newest starts, as samples do
        self._worker = LatestWorker(self, interrupt=False)
        self._worker.returned.connect(self._on_identified)
        self._worker.errored.connect(self._on_error)
        self._identify_soon = qthrottled(self._start, timeout=IDENTIFY_EVERY_MS)
        self.familyInput.textChanged.connect(self.identify)

    def show_model(self, model: CipherRNN, alphabet: Alphabet, live: bool = False) -> None:
        """Identify with ``model`` (a cipher identifier over ``alphabet``) from now on.

        Parameters
        ----------
        model : CipherRNN
            A model of the Identify task; its weights are not changed.
        alphabet : Alphabet
            The symbols it reads; other characters are skipped.
        live : bool
            Weights of a run in progress: read again at most every
            :data:`IDENTIFY_EVERY_MS` milliseconds.
        """
        self._model, self._alphabet = model, alphabet
        self.familyStatus.setText("Training: the bars follow the newest weights." if live else "")
        self.identify()

    def text(self) -> str:
        """The ciphertext being identified."""
        return self.familyInput.toPlainText()

    def set_text(self, text: str) -> None:
        """Identify ``text``."""
        self.familyInput.setPlainText(text)

    @property
    def probabilities(self) -> np.ndarray | None:
        """The probabilities shown (float64, one per label), or None before the first."""
        return self._probabilities

    @property
    def busy(self) -> bool:
        """True while a reading runs or is due."""
        return self._due or self._worker.busy

    @Slot()
    def identify(self) -> None:
        """Read the text again: now, or when the last reading is old enough."""
        if self._model is None:
            return
        self._due = True
        self._identify_soon()

    def shutdown(self) -> None:
        """Stop and wait for a reading under way (the window is closing)."""
        self._due = False
        self._identify_soon.cancel()
        self._worker.shutdown()

    def _start(self) -> None:
        if not self._due or self._model is None or self._alphabet is None:
            return
        self._due = False
        self._worker.submit(_identify_job, self._model, self._alphabet, self.text())

    @Slot(object)
    def _on_identified(self, probabilities: np.ndarray) -> None:
        self._probabilities = probabilities
        best = int(np.argmax(probabilities))
        for i, (label, bar) in enumerate(self.bars.items()):
            p = float(probabilities[i])
            bar.setValue(round(p * BAR_STEPS))
            bar.setFormat(f"{p:.1%}")
            bar.setToolTip(f"{FAMILY_TITLES[label]}: probability {p:.1%}")
            font = bar.font()
            font.setBold(i == best)
            bar.setFont(font)
        if not self.text().strip():
            self.familyStatus.setText("No text: every family is as likely.")
        self.identified.emit(probabilities)

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.familyStatus.setText(f"Could not identify the text: {exc}")
