"""The decode panel: ciphertext in, plaintext and per-letter probability bars out."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget
from superqt.utils import create_worker

from core.alphabet import Alphabet
from core.decoding import Decoding, decode
from gui.probability_bars import ProbabilityBars

DEBOUNCE_MS = 60
"""Pause in typing before decoding; short enough to feel immediate."""
SYNC_LIMIT = 20_000
"""Texts longer than this (code points) decode in a worker thread so typing never stalls."""
MAX_MARKED_RUNS = 2_000
"""Pass-through runs greyed in the plaintext view (more would slow the view for no gain)."""
EXAMPLE = "FUVEMVEMNMERPDRF"


def utf16_offsets(text: str) -> np.ndarray:
    """Qt text positions (UTF-16 code units) of each code point of ``text``, plus the end.

    Returns int64 ``(len(text) + 1,)``: characters outside the Basic Multilingual Plane
    (most emoji) take two UTF-16 units, so Qt positions drift from Python indices after them.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    offsets = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(np.where(codes > 0xFFFF, 2, 1), out=offsets[1:])
    return offsets


class DecodeFailed(Exception):
    """A decode raised inside the worker (re-raised so the worker reports it)."""


def _decode_in_worker(model, alphabet: Alphabet, text: str, window: int) -> Decoding:
    try:
        return decode(model, alphabet, text, window)
    except RuntimeError as exc:
        # superqt treats a RuntimeError as "worker deleted" and never reports it.
        raise DecodeFailed(str(exc)) from exc


class DecodePanel(QWidget):
    """Decodes as the user types, with the current (or live training) model.

    Signals
    -------
    decoded(Decoding)
        After every finished decode shown in the panel.
    """

    decoded = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = None
        self._alphabet: Alphabet | None = None
        self._window = 32
        self._generation = 0  # bumps on every edit; stale worker results are dropped
        self._decoding: Decoding | None = None
        self._worker = None
        self._pending: tuple | None = None

        self.modelLabel = QLabel("Loading model…")
        self.modelLabel.setObjectName("modelLabel")
        self.modelLabel.setWordWrap(True)

        self.ciphertextInput = QPlainTextEdit()
        self.ciphertextInput.setObjectName("ciphertextInput")
        self.ciphertextInput.setPlaceholderText(f"Type or paste ciphertext, e.g. {EXAMPLE}")
        self.ciphertextInput.setToolTip(
            "Ciphertext to decrypt; it is decoded as you type. "
            "Characters outside the model's alphabet pass through."
        )
        self.ciphertextInput.setAccessibleName("Ciphertext")
        self.ciphertextInput.setMaximumHeight(110)

        self.plaintextOutput = QTextEdit()
        self.plaintextOutput.setObjectName("plaintextOutput")
        self.plaintextOutput.setReadOnly(True)
        self.plaintextOutput.setAcceptRichText(False)
        self.plaintextOutput.setMaximumHeight(110)
        self.plaintextOutput.setToolTip(
            "The model's plaintext. Grey = passed through, not decoded."
        )
        self.plaintextOutput.setAccessibleName("Plaintext")

        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName("decodeStatus")

        self.probabilityBars = ProbabilityBars()
        self.probabilityBars.symbolHovered.connect(self._show_distribution)
        self.probabilityBars.symbolSelected.connect(self._show_distribution)

        self.distributionLabel = QLabel("Hover or click a bar to see the model's top 5 letters.")
        self.distributionLabel.setObjectName("distributionLabel")
        self.distributionLabel.setTextFormat(Qt.TextFormat.RichText)
        self.distributionLabel.setMinimumHeight(24)

        layout = QVBoxLayout(self)
        layout.addWidget(self.modelLabel)
        layout.addWidget(QLabel("Ciphertext"))
        layout.addWidget(self.ciphertextInput)
        layout.addWidget(QLabel("Plaintext (model)"))
        layout.addWidget(self.plaintextOutput)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.probabilityBars, stretch=1)
        layout.addWidget(self.distributionLabel)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.ciphertextInput.textChanged.connect(self._debounce.start)

    # ------------------------------------------------------------------ model
    def set_model(
        self, model, alphabet: Alphabet, window: int, description: str, live: bool = False
    ) -> None:
        """Decode with ``model`` from now on (an inference copy, never a training module).

        ``live`` marks a refresh from a run in progress: a long text is then not decoded
        again (that would take CPU from training several times a second) until the run ends.
        """
        self._model = model
        self._alphabet = alphabet
        self._window = window
        self.modelLabel.setText(description)
        if live and len(self.ciphertextInput.toPlainText()) > SYNC_LIMIT:
            self.statusLabel.setText("Long text: it is decoded again when training stops.")
            return
        self.refresh()

    def set_model_error(self, message: str) -> None:
        """No usable model: say why, keep the text."""
        self._model = None
        self.modelLabel.setText(f"<b>No model loaded:</b> {html.escape(message)}")

    @property
    def decoding(self) -> Decoding | None:
        """The decoding shown now."""
        return self._decoding

    # --------------------------------------------------------------- decoding
    @Slot()
    def refresh(self) -> None:
        """Decode the current ciphertext now (synchronously if short, else in a worker).

        At most one worker decode runs at a time; edits made meanwhile are queued and only
        the newest is decoded, so a 1 MB paste never piles up work.
        """
        self._debounce.stop()
        self._generation += 1
        if self._model is None or self._alphabet is None:
            return
        text = self.ciphertextInput.toPlainText()
        if len(text) <= SYNC_LIMIT:
            self._show(decode(self._model, self._alphabet, text, self._window))
            return
        self.statusLabel.setText(f"Decoding {len(text):,} characters…")
        self._pending = (self._generation, self._model, self._alphabet, text, self._window)
        if self._worker is None:
            self._start_pending()

    def _start_pending(self) -> None:
        job, self._pending = self._pending, None
        if job is None:
            return
        generation, *args = job
        self._worker = create_worker(
            _decode_in_worker, *args, _start_thread=False,
            # Passing `errored` here stops superqt from also re-raising on the GUI thread.
            _connect={
                "returned": lambda result: self._on_worker_result(generation, result),
                "errored": lambda exc: self.statusLabel.setText(f"Decoding failed: {exc}"),
                "finished": self._on_worker_finished,
            },
        )
        self._worker.start()

    @Slot()
    def _on_worker_finished(self) -> None:
        self._worker = None
        self._start_pending()

    @property
    def busy(self) -> bool:
        """True while a worker decode runs or waits to run."""
        return self._worker is not None or self._pending is not None

    def _on_worker_result(self, generation: int, result: Decoding) -> None:
        if generation == self._generation:  # otherwise the user typed since: drop it
            self._show(result)

    def _show(self, result: Decoding) -> None:
        self._decoding = result
        if self.plaintextOutput.toPlainText() != result.plaintext:  # 1 MB costs ~0.25 s
            self.plaintextOutput.setPlainText(result.plaintext)
        self._mark_pass_through(result)
        n_sym = result.encoded.n_symbols
        n_pass = len(result.plaintext) - n_sym
        if n_sym:
            mean = float(result.confidence.mean())
            self.statusLabel.setText(
                f"{n_sym:,} symbols decoded, mean probability "
                f"{mean:.1%}; {n_pass:,} characters passed through."
            )
        elif result.plaintext:
            self.statusLabel.setText("No symbols of the model's alphabet: nothing to decode.")
        else:
            self.statusLabel.setText("")
        self.probabilityBars.show_decoding(result)
        self.distributionLabel.setText("Hover or click a bar to see the model's top 5 letters.")
        self.decoded.emit(result)

    def _mark_pass_through(self, result: Decoding) -> None:
        """Grey the passed-through characters (the first :data:`MAX_MARKED_RUNS` runs)."""
        mask = np.ones(len(result.plaintext) + 2, dtype=np.int8)
        mask[0] = mask[-1] = 0
        mask[np.asarray(result.positions, dtype=np.int64) + 1] = 0
        edges = np.flatnonzero(np.diff(mask))  # alternating run starts and ends
        starts, ends = edges[0::2][:MAX_MARKED_RUNS], edges[1::2][:MAX_MARKED_RUNS]
        if not len(starts):
            self.plaintextOutput.setExtraSelections([])
            return
        offsets = utf16_offsets(result.plaintext)
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(130, 130, 130))
        fmt.setBackground(QColor(235, 235, 235))
        fmt.setToolTip("Not decoded: outside the model's alphabet, passed through unchanged.")
        selections = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.plaintextOutput.document())
            cursor.setPosition(int(offsets[start]))
            cursor.setPosition(int(offsets[end]), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.plaintextOutput.setExtraSelections(selections)

    @Slot(int)
    def _show_distribution(self, index: int) -> None:
        result = self._decoding
        if result is None or not 0 <= index < result.encoded.n_symbols:
            return
        pos = result.positions[index]
        top = " &nbsp; ".join(f"<b>{s}</b> {p:.1%}" for s, p in result.top_k(index, 5))
        self.distributionLabel.setText(
            f"Symbol {index + 1} (ciphertext <b>{result.ciphertext[pos]}</b> → "
            f"<b>{result.plaintext[pos]}</b>): {top}"
        )
