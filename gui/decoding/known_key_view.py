"""Key known: the model decrypts the cipher it learned, as the user types.

:class:`KnownKeyView` decodes the ciphertext with the current model into a
:class:`~cipherlab.gui.decoding.decoding_view.DecodingView`, beside the exact decryption:
a short text at once, a long one in a worker (with progress; typing cancels it). Its own
widgets encrypt a message under the model's cipher, to make test ciphertext.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from cipherlab.core.ciphers import Cipher
from cipherlab.core.network import (
    Comparison,
    compare_with_exact,
    decode,
    decode_steps,
    reads_back,
)
from cipherlab.core.settings import AGREEMENT, SEQ_LEN

from ..widgets import LatestWorker
from .decoding_view import DecodingView
from .text_views import ShownText

if TYPE_CHECKING:
    from cipherlab.core.network import CipherRNN, Decoding

SYNC_LIMIT = 10_000
"""Texts longer than this (code points) decode in a worker, with progress, cancellable."""
FEEDBACK_SYNC_LIMIT = 1_000
"""The same for a decoder that reads back its own letters: it decodes one letter at a time
(about 16 µs a letter; about 60 µs with red letters to follow), so a longer text would hold
up the window."""
LEGEND = "Plaintext (model) — tinted where unsure, grey = not decoded"
EXACT_TITLE = "Exact decryption"


def agreement_text(cipher: Cipher, comparison: Comparison) -> str:
    """How far the model agrees with ``cipher``'s exact decryption (one plain sentence)."""
    wrong = len(comparison.disagreements)
    return (
        f"— {cipher.name}: {AGREEMENT.label}: {comparison.agreement:.1%} of "
        f"decoded letters ({wrong:,} differ, in red)"
    )


def _decode_job(
    model: CipherRNN, cipher: Cipher, text: str, decode_length: int
) -> Generator[float, None, tuple[Decoding, Comparison, str, ShownText, ShownText]]:
    """Worker generator: yields progress in [0, 1], returns what the view shows.

    ``(Decoding, Comparison, agreement, ShownText, ShownText)``: besides decoding, everything
    that costs time in proportion to the text's length is done here, off the GUI thread (the
    decoding's cached per-symbol arrays, the two boxes' prepared texts), so that showing a
    1 MB result only hands finished data to Qt.
    """
    # a position-dependent cipher's text is one message: decoded as one sequence
    continuous = cipher.position_dependent
    decoding = yield from decode_steps(
        model, cipher.alphabet, text, decode_length, continuous=continuous
    )
    comparison = compare_with_exact(decoding, cipher)
    _ = decoding.confidence, decoding.symbol_of_position  # cached on the decoding
    plaintext = ShownText.of(decoding.plaintext)
    yield 1.0
    agreement = agreement_text(cipher, comparison)
    return decoding, comparison, agreement, plaintext, ShownText.of(comparison.exact)


class KnownKeyView(QWidget):
    """Decodes with the model into ``display``; its widgets encrypt a test message.

    Parameters
    ----------
    display : DecodingView
        Where the decoding is shown.

    Signals
    -------
    encrypted(str)
        The ciphertext of the message typed in ``plaintextInput`` (for the ciphertext box).
    message(str)
        A short status-bar message.
    """

    encrypted = Signal(str)
    message = Signal(str)
    TITLES = (LEGEND, EXACT_TITLE, AGREEMENT.explanation)
    """What the display's plaintext and answer boxes show, key known, and the agreement's help."""

    def __init__(self, display: DecodingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display = display
        self._model: CipherRNN | None = None
        self._cipher: Cipher | None = None
        self._decode_length = SEQ_LEN
        self._worker = LatestWorker(self)  # the newest text wins: typing cancels a decode
        self._worker.yielded.connect(self._on_progress)
        self._worker.returned.connect(self._on_result)
        self._worker.errored.connect(self._on_error)

        self.plaintextInput = QLineEdit()
        self.plaintextInput.setObjectName("plaintextInput")
        self.plaintextInput.setPlaceholderText("A message of your own, e.g. Meet at noon")
        self.plaintextInput.setToolTip(
            "Write a message and press Enter (or Encrypt): its ciphertext under the current "
            "model's cipher and key goes into the ciphertext box below"
        )
        self.plaintextInput.setAccessibleName("Plaintext to encrypt")
        self.plaintextInput.setClearButtonEnabled(True)
        self.plaintextInput.returnPressed.connect(self.encrypt_plaintext)
        self.encryptButton = QPushButton("Encrypt ↓")
        self.encryptButton.setObjectName("encryptButton")
        self.encryptButton.setToolTip(
            "Put the ciphertext of the message on the left into the ciphertext box, "
            "encrypted with the current model's cipher and key"
        )
        self.encryptButton.clicked.connect(self.encrypt_plaintext)
        self.plaintextLabel = QLabel("Plaintext to encrypt:")
        self.plaintextLabel.setBuddy(self.plaintextInput)
        # the label above the box, which keeps room for a few words: beside the label a
        # narrow column (the Lessons panel open) squeezed it to a 28-pixel "A…"
        self.plaintextInput.setMinimumWidth(
            16 * self.plaintextInput.fontMetrics().averageCharWidth()
        )
        row = QHBoxLayout()
        row.addWidget(self.plaintextInput, stretch=1)
        row.addWidget(self.encryptButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plaintextLabel)
        layout.addLayout(row)

    # ------------------------------------------------------------------ model
    def set_model(self, model: CipherRNN, cipher: Cipher, decode_length: int) -> None:
        """Decode with ``model`` from now on (an inference copy, never a training module).

        Parameters
        ----------
        model : CipherRNN
            Maps int64 ``(batch, seq_len)`` ciphertext indices to logits.
        cipher : Cipher
            The cipher the model inverts (any family): its alphabet is the model's, and its
            exact decryption is shown beside the model's.
        decode_length : int
            Symbols per decode window (the model's training message length); a
            position-dependent cipher's text is decoded as one sequence instead.
        """
        self._model, self._cipher, self._decode_length = model, cipher, decode_length

    def clear_model(self) -> None:
        """No model to decode with (the cipher stays, for encrypting)."""
        self._model = None

    @property
    def model(self) -> CipherRNN | None:
        """The model decoded with, or None."""
        return self._model

    @property
    def cipher(self) -> Cipher | None:
        """The cipher the model inverts, or None before the first model."""
        return self._cipher

    @property
    def busy(self) -> bool:
        """True while a worker decode runs or waits to run."""
        return self._worker.busy

    # --------------------------------------------------------------- decoding
    def decode(self, text: str, live: bool = False) -> None:
        """Decode ``text`` into the display: inline if short, else in a worker.

        At most one worker decode runs at a time; a newer text cancels it (at its next
        step), so a 1 MB paste never piles up work.

        Parameters
        ----------
        text : str
            The ciphertext.
        live : bool
            The model is a run in progress: a long text is then not decoded again (that
            would take CPU from training several times a second) until the run ends.
        """
        limit = FEEDBACK_SYNC_LIMIT if reads_back(self._model) else SYNC_LIMIT
        if live and len(text) > limit:
            self.display.set_status("Long text: it is decoded again when training stops.")
            return
        self.display.stop_showing()
        if self._model is None or self._cipher is None:
            self._worker.cancel()
            return
        if len(text) <= limit:
            self._worker.cancel()
            cipher = self._cipher
            result = decode(
                self._model,
                cipher.alphabet,
                text,
                self._decode_length,
                continuous=cipher.position_dependent,
            )
            comparison = compare_with_exact(result, cipher)
            self.display.show_decoding(result, comparison, agreement_text(cipher, comparison))
            return
        self.display.set_status(f"Decoding {len(text):,} characters…")
        self.display.set_progress(0.0)
        self._worker.submit(_decode_job, self._model, self._cipher, text, self._decode_length)

    @Slot()
    def cancel(self) -> None:
        """Stop a worker decode; its result, or what is left of showing it, never appears."""
        self._worker.cancel()
        self.display.stop_showing()
        self.display.set_progress(None)

    def shutdown(self) -> None:
        """Stop a worker decode and wait for its thread (the window is closing)."""
        self._worker.shutdown()

    @Slot(object)
    def _on_progress(self, progress: float) -> None:
        self.display.set_progress(progress)

    @Slot(object)
    def _on_result(self, result: tuple) -> None:
        decoding, comparison, agreement, plaintext, exact = result
        self.display.show_decoding(
            decoding, comparison, agreement, plaintext=plaintext, exact=exact, gradually=True
        )

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.display.set_progress(None)
        self.display.set_status(f"Decoding failed: {exc}")

    # ---------------------------------------------------------------- encrypt
    @Slot()
    def encrypt_plaintext(self) -> bool:
        """Encrypt the plaintext field with the model's cipher into the ciphertext box.

        The exact, classical encryption (so learners can make their own test messages);
        characters outside the alphabet pass through. False, with a reason in the status
        line, when there is no model or nothing to encrypt.
        """
        text = self.plaintextInput.text()
        if self._cipher is None:
            self.display.set_status("No model: there is no cipher to encrypt with.")
            return False
        if not text:
            self.display.set_status("Type a message to encrypt in the field above the ciphertext.")
            return False
        self.encrypted.emit(self._cipher.encrypt(text))
        self.message.emit(f"Encrypted with {self._cipher.name}")
        return True
