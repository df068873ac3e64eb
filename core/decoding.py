"""Ciphertext -> plaintext with the model, plus every symbol's probability distribution."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.alphabet import Alphabet, EncodedText
from core.data import SEQ_LEN

MAX_WINDOWS_PER_BATCH = 4096
"""Windows run through the model at once; bounds memory for very long inputs."""


@dataclass(frozen=True)
class Decoding:
    """A model's decryption of one text.

    Attributes
    ----------
    encoded : EncodedText
        The ciphertext split into model symbols and pass-through characters.
    plaintext : str
        The decrypted text: same length in code points as the ciphertext, pass-through
        characters unchanged, each letter's case restored.
    probabilities : numpy.ndarray
        float32, shape ``(n_symbols, vocab)``: softmax of the logits for each decoded
        symbol; each row sums to 1.
    alphabet : Alphabet
        The symbols that the columns of ``probabilities`` stand for.
    """

    encoded: EncodedText
    plaintext: str
    probabilities: np.ndarray
    alphabet: Alphabet

    @property
    def ciphertext(self) -> str:
        """The input text."""
        return self.encoded.text

    @property
    def positions(self) -> tuple[int, ...]:
        """Code-point position of each decoded symbol in the text; length ``n_symbols``."""
        return self.encoded.positions

    @property
    def pass_through(self) -> list[bool]:
        """Per code point: True where the character was passed through, not decoded."""
        return self.encoded.pass_through_mask()

    @property
    def decoded_chars(self) -> list[str]:
        """The decoded character (case restored) of each decoded symbol."""
        return [self.plaintext[pos] for pos in self.encoded.positions]

    @property
    def confidence(self) -> np.ndarray:
        """float32 ``(n_symbols,)``: probability of each chosen (argmax) symbol."""
        if len(self.probabilities) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.probabilities.max(axis=1)

    def top_k(self, i: int, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most probable symbols for decoded symbol ``i``, most probable first."""
        row = self.probabilities[i]
        order = np.argsort(-row, kind="stable")[:k]
        return [(self.alphabet.symbols[j], float(row[j])) for j in order]


def decode_indices(model: nn.Module, indices: torch.Tensor, window: int = SEQ_LEN) -> torch.Tensor:
    """Probabilities for a long run of ciphertext symbols, read in windows.

    The text is cut into ``window``-symbol pieces that run as one batch: the model was
    trained on messages of that length from a zero state, so each window is in-distribution
    and the pieces run in parallel instead of one long sequential pass.

    Parameters
    ----------
    model : nn.Module
        Maps int64 ``(batch, seq_len)`` to logits ``(batch, seq_len, vocab)``.
    indices : torch.Tensor
        int64, shape ``(n_symbols,)``.
    window : int
        Symbols per window (the training message length).

    Returns
    -------
    torch.Tensor
        float32 probabilities, shape ``(n_symbols, vocab)``, rows summing to 1.
    """
    n = indices.shape[0]
    n_windows = -(-n // window)
    padded = torch.zeros(n_windows * window, dtype=torch.int64)
    padded[:n] = indices
    windows = padded.view(n_windows, window)
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            chunks = [
                torch.softmax(model(windows[i : i + MAX_WINDOWS_PER_BATCH]).float(), dim=-1)
                for i in range(0, n_windows, MAX_WINDOWS_PER_BATCH)
            ]
    finally:
        model.train(was_training)
    probs = torch.cat(chunks).reshape(n_windows * window, -1)[:n]
    return probs


def decode(model: nn.Module, alphabet: Alphabet, text: str, window: int = SEQ_LEN) -> Decoding:
    """Decrypt ``text`` with ``model``.

    Characters outside ``alphabet`` pass through unchanged and never reach the model; an
    input with no alphabet symbols makes no model call.

    Parameters
    ----------
    model : nn.Module
        A :class:`~core.model.CipherRNN` (or anything with its call signature) whose
        vocabulary is ``alphabet``.
    alphabet : Alphabet
        The model's symbols.
    text : str
        The ciphertext, any Unicode.
    window : int
        Symbols per model window (see :func:`decode_indices`).

    Returns
    -------
    Decoding
    """
    encoded = alphabet.encode(text)
    if encoded.n_symbols == 0:
        empty = np.zeros((0, len(alphabet)), dtype=np.float32)
        return Decoding(encoded, text, empty, alphabet)
    indices = torch.tensor(encoded.indices, dtype=torch.int64)
    probs = decode_indices(model, indices, window).numpy()
    plaintext = alphabet.decode(encoded, probs.argmax(axis=1).tolist())
    return Decoding(encoded, plaintext, probs, alphabet)
