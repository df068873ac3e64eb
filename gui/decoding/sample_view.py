"""Text written by a language model: the decode panel's view when the model is one.

While a language model trains, the view samples from its newest weights a few times a
second, with the same random seed each time, so a learner watches the same babble turn into
words as the weights improve. **New sample** draws another seed; the temperature divides
the logits before the softmax (below 1: safer, commoner words; above 1: wilder).
"""

from __future__ import annotations

import random
from collections.abc import Generator
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from ..widgets import LatestWorker

if TYPE_CHECKING:
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.text import Alphabet

SAMPLE_EVERY_MS = 300
"""Least time between two samples of a training model (about three a second)."""
DEFAULT_LENGTH = 240
DEFAULT_TEMPERATURE = 0.8


def _sample_job(
    model: CipherRNN, alphabet: Alphabet, length: int, temperature: float, seed: int
) -> Generator[float, None, str]:
    """Worker generator: returns the sampled text (``length`` symbols of ``alphabet``).

    Obscene words it happens to write are masked (:func:`~cipherlab.core.text.mask_obscene`).
    """
    from cipherlab.core.network import sample
    from cipherlab.core.text import mask_obscene, word_break_index

    yield 0.0
    word_break = word_break_index(alphabet)  # start at a word, and write words
    prompt = () if word_break is None else (word_break,)
    indices = sample(model, length, temperature, seed, prompt)
    return mask_obscene("".join(alphabet.symbols[i] for i in indices))


class SampleView(QWidget):
    """Samples of the current language model, refreshed as its weights change.

    Signals
    -------
    sampled(str)
        A new sample is shown (its text).
    """

    sampled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Text written by the language model</b>")
        self.explanation = QLabel(
            "Each symbol is drawn from the model's predicted probabilities for the next one, "
            "given all it wrote before. While it trains, the same draw is repeated with its "
            "newest weights, so you watch babble turn into words."
        )
        self.explanation.setWordWrap(True)
        self.sampleOutput = QPlainTextEdit()
        self.sampleOutput.setObjectName("sampleOutput")
        self.sampleOutput.setReadOnly(True)
        self.sampleOutput.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.sampleOutput.setPlaceholderText("Train or open a language model to see its text.")
        self.sampleOutput.setToolTip("Text sampled from the language model, symbol by symbol")
        self.temperatureSpin = QDoubleSpinBox()
        self.temperatureSpin.setObjectName("temperatureSpin")
        self.temperatureSpin.setRange(0.1, 3.0)
        self.temperatureSpin.setSingleStep(0.1)
        self.temperatureSpin.setDecimals(1)
        self.temperatureSpin.setValue(DEFAULT_TEMPERATURE)
        self.temperatureSpin.setToolTip(
            "Temperature: the logits are divided by it before the softmax. Below 1 the model "
            "picks its likeliest symbols (common words, repeats); above 1 it takes risks "
            "(more invented words)."
        )
        self.sampleLengthSpin = QSpinBox()
        self.sampleLengthSpin.setObjectName("sampleLengthSpin")
        self.sampleLengthSpin.setRange(10, 5_000)
        self.sampleLengthSpin.setSingleStep(50)
        self.sampleLengthSpin.setValue(DEFAULT_LENGTH)
        self.sampleLengthSpin.setToolTip("Symbols to write")
        self.sampleButton = QPushButton("New sample")
        self.sampleButton.setObjectName("sampleButton")
        self.sampleButton.setShortcut("Ctrl+Shift+N")
        self.sampleButton.setToolTip("Write another text with a new random seed (Ctrl+Shift+N)")
        self.sampleButton.setEnabled(False)
        self.sampleStatus = QLabel("")
        self.sampleStatus.setObjectName("sampleStatus")
        self.sampleStatus.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Temperature"))
        controls.addWidget(self.temperatureSpin)
        controls.addWidget(QLabel("Length"))
        controls.addWidget(self.sampleLengthSpin)
        controls.addStretch()
        controls.addWidget(self.sampleButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addLayout(controls)
        layout.addWidget(self.sampleOutput, stretch=1)
        layout.addWidget(self.sampleStatus)

        self.seed = random.randrange(2**31)
        self._model: CipherRNN | None = None
        self._alphabet: Alphabet | None = None
        self._due = False  # a sample of newer weights or settings is asked for
        # a running sample finishes (and is shown) before the newest starts: while a model
        # trains, new weights come faster than some samples are written
        self._worker = LatestWorker(self, interrupt=False)
        self._worker.returned.connect(self._on_sampled)
        self._worker.errored.connect(self._on_error)
        self._sample_soon = qthrottled(self._start, timeout=SAMPLE_EVERY_MS)
        self.temperatureSpin.valueChanged.connect(self.resample)
        self.sampleLengthSpin.valueChanged.connect(self.resample)
        self.sampleButton.clicked.connect(self.new_sample)

    # ----------------------------------------------------------------- model
    def show_model(self, model: CipherRNN, alphabet: Alphabet, live: bool = False) -> None:
        """Sample ``model`` (a language model over ``alphabet``) from now on.

        Parameters
        ----------
        model : CipherRNN
            A language model (``task="lm"``); its weights are not changed.
        alphabet : Alphabet
            The symbols it writes.
        live : bool
            Weights of a run in progress: sampled at most every :data:`SAMPLE_EVERY_MS`
            milliseconds, with the same seed, so the text changes only where they do.
        """
        self._model, self._alphabet = model, alphabet
        self.sampleButton.setEnabled(True)
        self.sampleStatus.setText(
            "Training: the text follows the newest weights (same seed)." if live else ""
        )
        self.resample()

    def text(self) -> str:
        """The text last written (empty before the first sample)."""
        return self.sampleOutput.toPlainText()

    @property
    def busy(self) -> bool:
        """True while a sample is being written or is due."""
        return self._due or self._worker.busy

    @Slot()
    def new_sample(self) -> None:
        """Another text: a new random seed."""
        self.seed = random.randrange(2**31)
        self.resample()

    @Slot()
    def resample(self) -> None:
        """Write the text again: now, or when the last sample is :data:`SAMPLE_EVERY_MS` old."""
        if self._model is None:
            return
        self._due = True
        self._sample_soon()

    def shutdown(self) -> None:
        """Stop sampling and wait for a sample being written (the window is closing)."""
        self._due = False
        self._sample_soon.cancel()
        self._worker.shutdown()

    # --------------------------------------------------------------- sampling
    def _start(self) -> None:
        if not self._due or self._model is None:
            return
        self._due = False
        self._worker.submit(
            _sample_job,
            self._model,
            self._alphabet,
            self.sampleLengthSpin.value(),
            self.temperatureSpin.value(),
            self.seed,
        )

    @Slot(object)
    def _on_sampled(self, text: str) -> None:
        self.sampleOutput.setPlainText(text)
        self.sampled.emit(text)

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.sampleStatus.setText(f"Could not write a sample: {exc}")
