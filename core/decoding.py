"""Ciphertext -> plaintext with the model, plus every symbol's probability distribution."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch
from torch import nn

from .alphabet import Alphabet, EncodedText
from .ciphers import CaesarCipher
from .config import SEQ_LEN

LOW_CONFIDENCE = 0.5
"""Decoded symbols whose chosen probability is below this are flagged as unsure."""
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
    def positions(self) -> np.ndarray:
        """int64 ``(n_symbols,)``: code-point position of each decoded symbol in the text."""
        return self.encoded.positions

    @property
    def pass_through(self) -> list[bool]:
        """Per code point: True where the character was passed through, not decoded."""
        return self.encoded.pass_through_mask()

    @property
    def decoded_chars(self) -> list[str]:
        """The decoded character (case restored) of each decoded symbol."""
        return [self.plaintext[pos] for pos in self.encoded.positions.tolist()]

    @cached_property
    def confidence(self) -> np.ndarray:
        """float32 ``(n_symbols,)``: probability of each chosen (argmax) symbol."""
        if len(self.probabilities) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.probabilities.max(axis=1)

    @cached_property
    def chosen(self) -> np.ndarray:
        """int64 ``(n_symbols,)``: alphabet index of each chosen (argmax) symbol."""
        return (
            self.probabilities.argmax(axis=1)
            if len(self.probabilities)
            else np.zeros(0, dtype=np.int64)
        )

    @cached_property
    def symbol_of_position(self) -> np.ndarray:
        """int64 ``(len(text),)``: decoded-symbol index at each code point, -1 if passed through."""
        out = np.full(len(self.plaintext), -1, dtype=np.int64)
        out[self.positions] = np.arange(self.encoded.n_symbols)
        return out

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


def decode_steps(
    model: nn.Module, alphabet: Alphabet, text: str, window: int = SEQ_LEN
) -> Generator[float, None, Decoding]:
    """:func:`decode` in steps, for a worker: yields progress in ``[0, 1]``, returns the result.

    A consumer that stops iterating cancels the decode between steps (each step is at most
    :data:`MAX_WINDOWS_PER_BATCH` windows, a few tens of milliseconds).
    """
    encoded = alphabet.encode(text)
    yield 0.1
    n = encoded.n_symbols
    if n == 0:
        return Decoding(encoded, text, np.zeros((0, len(alphabet)), dtype=np.float32), alphabet)
    indices = torch.from_numpy(encoded.indices)
    block = MAX_WINDOWS_PER_BATCH * window
    parts = []
    for start in range(0, n, block):
        parts.append(decode_indices(model, indices[start : start + block], window).numpy())
        yield 0.1 + 0.8 * min(1.0, (start + block) / n)
    probs = np.concatenate(parts)
    plaintext = alphabet.decode(encoded, probs.argmax(axis=1))
    yield 1.0
    return Decoding(encoded, plaintext, probs, alphabet)


def decode_in_pieces(
    model: nn.Module,
    alphabet: Alphabet,
    text: str,
    window: int = SEQ_LEN,
    symbols_per_piece: int = MAX_WINDOWS_PER_BATCH * SEQ_LEN,
) -> Iterator[tuple[int, Decoding]]:
    """:func:`decode` a long text piece by piece, so memory stays bounded for any length.

    The pieces are cut after a whole number of ``window``-symbol windows, so every symbol
    is decoded exactly as :func:`decode` decodes it over the whole text.

    Parameters
    ----------
    model, alphabet, text, window
        As for :func:`decode`.
    symbols_per_piece : int
        Symbols in each piece (rounded up to whole windows); each piece holds a float32
        ``(symbols_per_piece, vocab)`` probability array.

    Yields
    ------
    offset : int
        Code-point position of the piece in ``text``.
    decoding : Decoding
        The piece's decoding (positions relative to the piece).
    """
    encoded = alphabet.encode(text)
    n = encoded.n_symbols
    per_piece = max(1, -(-symbols_per_piece // window)) * window
    start_symbol, start_char = 0, 0
    while True:
        end_symbol = min(n, start_symbol + per_piece)
        # the piece ends just before the next piece's first symbol, or with the text
        end_char = int(encoded.positions[end_symbol]) if end_symbol < n else len(text)
        positions = encoded.positions[start_symbol:end_symbol] - start_char
        piece = EncodedText(
            text[start_char:end_char],
            encoded.indices[start_symbol:end_symbol],
            positions,
            encoded.lowercase[start_symbol:end_symbol],
        )
        if piece.n_symbols:
            indices = torch.from_numpy(piece.indices)
            probs = decode_indices(model, indices, window).numpy()
            plaintext = alphabet.decode(piece, probs.argmax(axis=1))
        else:
            probs = np.zeros((0, len(alphabet)), dtype=np.float32)
            plaintext = piece.text
        yield start_char, Decoding(piece, plaintext, probs, alphabet)
        if end_symbol >= n:
            return
        start_symbol, start_char = end_symbol, end_char


@dataclass(frozen=True)
class Comparison:
    """The model's plaintext beside the exact (classical) decryption.

    Attributes
    ----------
    exact : str
        The cipher's own decryption of the ciphertext (same length, same pass-through).
    disagreements : numpy.ndarray
        int64 ``(k,)``: code-point positions where the model's letter differs.
    agreement : float
        Fraction in ``[0, 1]`` of decoded symbols where model and exact answer agree
        (1.0 when nothing was decoded).
    """

    exact: str
    disagreements: np.ndarray
    agreement: float


def compare_with_exact(decoding: Decoding, cipher: CaesarCipher) -> Comparison:
    """Compare a model's decoding with ``cipher``'s exact decryption of the same text.

    ``cipher`` must act on ``decoding.alphabet``.
    """
    encoded = decoding.encoded
    exact_indices = cipher.decrypt_indices(encoded.indices)
    exact = decoding.alphabet.decode(encoded, exact_indices.tolist())
    wrong = decoding.chosen != exact_indices
    positions = encoded.positions[wrong]
    n = encoded.n_symbols
    return Comparison(exact, positions, 1.0 - float(wrong.sum()) / n if n else 1.0)


def decode(model: nn.Module, alphabet: Alphabet, text: str, window: int = SEQ_LEN) -> Decoding:
    """Decrypt ``text`` with ``model``.

    Characters outside ``alphabet`` pass through unchanged and never reach the model; an
    input with no alphabet symbols makes no model call.

    Parameters
    ----------
    model : nn.Module
        A :class:`~cipherlab.core.model.CipherRNN` (or anything with its call signature) whose
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
    steps = decode_steps(model, alphabet, text, window)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
