"""Ciphertext -> plaintext with the model, plus every symbol's probability distribution.

Two ways to run a model over a text longer than its training messages
----------------------------------------------------------------------
*Windows* (Caesar-like families: caesar, rot13, atbash, affine, substitution): the text is
cut into pieces of the training message length that run as one batch, each from a zero
state. A symbol's plaintext depends on that symbol alone, so each window is exactly the
task the model was trained on, and the windows run in parallel.

*Continuous* (position-dependent families, ``cipher.position_dependent``: Vigenère,
autokey): the text is one message, key position 0 at its first alphabet symbol, as the
cipher itself reads it (:meth:`~cipherlab.core.ciphers.Cipher.decrypt`). A model trained
on messages that start at key position 0 keeps count of the key position in its recurrent
state (and, for autokey, of the plaintext it has recovered), so a window starting mid-text
from a zero state would be read as position 0 and decoded with the wrong key symbols. The
whole text therefore runs as one sequence, :data:`STREAM_CHUNK` symbols per model call
with the state carried from call to call (:meth:`CipherRNN.stream
<cipherlab.core.network.model.CipherRNN.stream>`): the same result as one call over the whole text
(to float rounding), in bounded memory. Whether it holds beyond the training length is
what :mod:`cipherlab.core.inside.generalisation` measures.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import torch
from torch import nn

from ..ciphers import Cipher
from ..settings import SEQ_LEN
from ..text import Alphabet, EncodedText
from .carry_over import CarryOver, follow_doubts

LOW_CONFIDENCE = 0.5
"""Decoded symbols whose chosen probability is below this are flagged as unsure (drawn red);
a feedback decoder's letters below it are followed (:attr:`Decoding.carry_over`)."""
MAX_WINDOWS_PER_BATCH = 4096
"""Windows run through the model at once; bounds memory for very long inputs."""
STREAM_CHUNK = 4096
"""Symbols per model call in continuous decoding: bounds the recurrent layer's memory
(``STREAM_CHUNK * 4 * hidden_size`` floats per sequence) while keeping calls few (about
2.5 ms each for the shipped model)."""
TEXT_PIECE = 2**20
"""Characters of a whole text given to :func:`decode_in_pieces` encoded at a time."""
STREAM_BLOCK = 16 * STREAM_CHUNK
"""Symbols per step of a continuous :func:`decode_steps` (about 40 ms for the shipped model)."""


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
    carry_over : CarryOver or None
        For a decoder that reads back its own letters (``config.feedback``): which letters
        follow a doubtful earlier letter (:func:`~cipherlab.core.network.carry_over.
        follow_doubts`); None for any other decoder.
    """

    encoded: EncodedText
    plaintext: str
    probabilities: np.ndarray
    alphabet: Alphabet
    carry_over: CarryOver | None = field(default=None, kw_only=True)

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
        """float32 ``(n_symbols,)``: probability of each chosen (argmax) symbol.

        With :attr:`carry_over`, a letter that follows doubtful earlier letters gets its
        probability times theirs (:attr:`CarryOver.carried
        <cipherlab.core.network.carry_over.CarryOver.carried>`): if one of those is wrong,
        so is this letter.
        """
        if len(self.probabilities) == 0:
            return np.zeros(0, dtype=np.float32)
        chosen = self.probabilities.max(axis=1)
        if self.carry_over is not None:
            chosen = chosen * self.carry_over.carried
        return chosen

    def follows(self, i: int) -> int:
        """The doubtful earlier letter (symbol index) decoded symbol ``i`` follows, or -1."""
        return -1 if self.carry_over is None else int(self.carry_over.follows[i])

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


@contextmanager
def _inference(model: nn.Module) -> Iterator[None]:
    """Eval mode and no autograd for the block; the model's mode is restored after."""
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            yield
    finally:
        model.train(was_training)


def decode_batch(
    model: nn.Module, messages: torch.Tensor, window: int = SEQ_LEN, *, continuous: bool = False
) -> torch.Tensor:
    """Probabilities for a batch of messages, each read as :func:`decode_indices` reads one.

    Parameters
    ----------
    model : nn.Module
        Maps int64 ``(batch, seq_len)`` to logits ``(batch, seq_len, vocab)``; with
        ``continuous``, a :class:`~cipherlab.core.network.CipherRNN` (its ``stream`` method).
    messages : torch.Tensor
        int64, shape ``(batch, n_symbols)``: one message per row, ``n_symbols`` >= 1.
    window : int
        Symbols per window (the training message length); unused when ``continuous``.
    continuous : bool
        Read each message as one sequence from a zero state, carrying the state between
        :data:`STREAM_CHUNK`-symbol calls (position-dependent ciphers; see the module
        notes), instead of in ``window``-symbol windows that each start from a zero state.

    Returns
    -------
    torch.Tensor
        float32 probabilities, shape ``(batch, n_symbols, vocab)``, rows summing to 1.
    """
    if continuous:
        return stream_indices(model, messages)[0]
    batch, n = messages.shape
    n_windows = -(-n // window)
    padded = torch.zeros(batch, n_windows * window, dtype=torch.int64)
    padded[:, :n] = messages
    windows = padded.view(batch * n_windows, window)
    with _inference(model):
        chunks = [
            torch.softmax(model(windows[i : i + MAX_WINDOWS_PER_BATCH]).float(), dim=-1)
            for i in range(0, batch * n_windows, MAX_WINDOWS_PER_BATCH)
        ]
    return torch.cat(chunks).reshape(batch, n_windows * window, -1)[:, :n]


def stream_indices(
    model: nn.Module, messages: torch.Tensor, state: Any = None, chunk: int = STREAM_CHUNK
) -> tuple[torch.Tensor, Any]:
    """Probabilities for the next part of each message, carrying the recurrent state.

    Calling it on consecutive parts of messages, each time with the state the last call
    returned, gives what one call on the whole messages gives (to float rounding): that is
    how a long text is decoded continuously in pieces of bounded memory.

    Parameters
    ----------
    model : CipherRNN
        Anything with :meth:`~cipherlab.core.network.CipherRNN.stream`.
    messages : torch.Tensor
        int64, shape ``(batch, n_symbols)``, ``n_symbols`` >= 1: the next symbols of each
        message.
    state : optional
        The state returned by the call on the previous part; None at a message's start.
    chunk : int
        Symbols per model call (memory bound; the result does not depend on it beyond
        float rounding).

    Returns
    -------
    probabilities : torch.Tensor
        float32, shape ``(batch, n_symbols, vocab)``, rows summing to 1.
    state
        The state after the last symbol, to pass with the next part.
    """
    parts = []
    with _inference(model):
        for start in range(0, messages.shape[1], chunk):
            logits, state = model.stream(  # type: ignore[operator]  # nn.Module attribute
                messages[:, start : start + chunk], state
            )
            parts.append(torch.softmax(logits.float(), dim=-1))
    return torch.cat(parts, dim=1), state


def decode_indices(
    model: nn.Module, indices: torch.Tensor, window: int = SEQ_LEN, *, continuous: bool = False
) -> torch.Tensor:
    """Probabilities for a long run of ciphertext symbols, read in windows or continuously.

    In windows (the default), the text is cut into ``window``-symbol pieces that run as one
    batch: the model was trained on messages of that length from a zero state, so each
    window is in-distribution and the pieces run in parallel instead of one long
    sequential pass. That is right when a symbol's plaintext depends on that symbol alone
    (Caesar-like families). With ``continuous`` the text is one sequence from a zero state,
    as a position-dependent cipher needs (see the module notes).

    Parameters
    ----------
    model : nn.Module
        Maps int64 ``(batch, seq_len)`` to logits ``(batch, seq_len, vocab)``; with
        ``continuous``, a :class:`~cipherlab.core.network.CipherRNN`.
    indices : torch.Tensor
        int64, shape ``(n_symbols,)``, ``n_symbols`` >= 1.
    window : int
        Symbols per window (the training message length).
    continuous : bool
        True for a position-dependent cipher (``cipher.position_dependent``).

    Returns
    -------
    torch.Tensor
        float32 probabilities, shape ``(n_symbols, vocab)``, rows summing to 1.
    """
    return decode_batch(model, indices[None], window, continuous=continuous)[0]


def decode_steps(
    model: nn.Module,
    alphabet: Alphabet,
    text: str,
    window: int = SEQ_LEN,
    *,
    continuous: bool = False,
) -> Generator[float, None, Decoding]:
    """:func:`decode` in steps, for a worker: yields progress in ``[0, 1]``, returns the result.

    A consumer that stops iterating cancels the decode between steps (each step is at most
    :data:`MAX_WINDOWS_PER_BATCH` windows, or :data:`STREAM_BLOCK` symbols when
    ``continuous``: a few tens of milliseconds). A continuous decode carries the model's
    state from step to step, so the steps read the text as one sequence. For a model that
    reads back its own letters, each step also follows its doubtful letters
    (:attr:`Decoding.carry_over`), to the end of that step's symbols.
    """
    encoded = alphabet.encode(text)
    yield 0.1
    n = encoded.n_symbols
    if n == 0:
        return Decoding(encoded, text, np.zeros((0, len(alphabet)), dtype=np.float32), alphabet)
    indices = torch.from_numpy(encoded.indices)
    block = STREAM_BLOCK if continuous else MAX_WINDOWS_PER_BATCH * window
    parts, carry_overs = [], []
    state = None
    for start in range(0, n, block):
        piece = indices[start : start + block]
        if continuous:
            probs, carry_over, state = _stream_piece(model, piece, state)
            carry_overs += [carry_over] if carry_over is not None else []
        else:
            probs = decode_indices(model, piece, window).numpy()
        parts.append(probs)
        yield 0.1 + 0.8 * min(1.0, (start + block) / n)
    probs = np.concatenate(parts)
    plaintext = alphabet.decode(encoded, probs.argmax(axis=1))
    yield 1.0
    joined = CarryOver.joined(carry_overs) if carry_overs else None
    return Decoding(encoded, plaintext, probs, alphabet, carry_over=joined)


def reads_back(model: object) -> bool:
    """Whether ``model`` reads back its own letters (a ``config.feedback`` model)."""
    return bool(getattr(getattr(model, "config", None), "feedback", False))


def _stream_piece(
    model: nn.Module, piece: torch.Tensor, state: Any, follow: bool = True
) -> tuple[np.ndarray, CarryOver | None, Any]:
    """One piece of a continuous decode: probabilities, carry-over (feedback models), state."""
    streamed, after = stream_indices(model, piece[None], state)
    probs = streamed[0].numpy()
    if not (follow and reads_back(model)):
        return probs, None, after
    network: Any = model  # a CipherRNN with config.feedback: a FeedbackNetwork
    return probs, follow_doubts(network, piece.numpy(), probs, LOW_CONFIDENCE, state), after


def decode_in_pieces(
    model: nn.Module,
    alphabet: Alphabet,
    text: str | Iterable[str],
    window: int = SEQ_LEN,
    symbols_per_piece: int = MAX_WINDOWS_PER_BATCH * SEQ_LEN,
    *,
    continuous: bool = False,
    follow: bool = True,
) -> Iterator[tuple[int, Decoding]]:
    """:func:`decode` a long text piece by piece, so memory stays bounded for any length.

    The text is encoded a piece at a time (:meth:`~cipherlab.core.text.Alphabet.
    encode_pieces`) and cut into pieces of a whole number of ``window``-symbol windows,
    so every symbol is decoded exactly as :func:`decode` decodes it over the whole text;
    when ``continuous``, the model's state is carried from piece to piece, so the pieces
    are read as one sequence, as :func:`decode` reads the whole text (to float rounding).
    Memory holds one piece of the input and one of the output, whatever the text's length.

    Parameters
    ----------
    model, alphabet, window, continuous
        As for :func:`decode`.
    text : str or iterable of str
        The ciphertext, whole (encoded :data:`TEXT_PIECE` characters at a time) or in pieces
        of any length (e.g. those of :func:`~cipherlab.core.text.read_text_pieces`).
    symbols_per_piece : int
        Symbols in each piece (rounded up to whole windows); each piece holds a float32
        ``(symbols_per_piece, vocab)`` probability array.
    follow : bool
        For a model that reads back its own letters, find the letters that follow each
        piece's doubtful letters (:attr:`Decoding.carry_over`; within the piece). False
        skips it when only the plaintext is wanted.

    Yields
    ------
    offset : int
        Code-point position of the piece in the text.
    decoding : Decoding
        The piece's decoding (positions relative to the piece). Every piece but the last
        has the same number of symbols and ends just before the next one's first symbol;
        an empty text gives one empty piece.
    """
    per_piece = max(1, -(-symbols_per_piece // window)) * window
    whole = text if isinstance(text, str) else None
    if whole is not None:  # encoded a piece at a time too: bounded memory
        text = (whole[i : i + TEXT_PIECE] for i in range(0, len(whole), TEXT_PIECE))
    encoded_pieces = alphabet.encode_pieces(text)
    offset = 0
    state = None  # continuous only: the state after the previous piece
    for piece in _regroup(encoded_pieces, per_piece):
        if piece.n_symbols:
            indices = torch.from_numpy(piece.indices)
            carry_over = None
            if continuous:
                probs, carry_over, state = _stream_piece(model, indices, state, follow)
            else:
                probs = decode_indices(model, indices, window).numpy()
            plaintext = alphabet.decode(piece, probs.argmax(axis=1))
        else:
            probs = np.zeros((0, len(alphabet)), dtype=np.float32)
            plaintext, carry_over = piece.text, None
        yield offset, Decoding(piece, plaintext, probs, alphabet, carry_over=carry_over)
        offset += len(piece.text)


def _regroup(parts: Iterable[EncodedText], size: int) -> Iterator[EncodedText]:
    """Consecutive parts of an encoded text, re-cut into pieces of ``size`` symbols.

    Each piece but the last has ``size`` symbols and the pass-through characters up to the
    next symbol; the last has the rest (an empty text gives one empty piece).
    """
    held: list[EncodedText] = []
    count = 0
    for part in parts:
        held.append(part)
        count += part.n_symbols
        if count > size:  # a piece is cut just before the next piece's first symbol
            rest = EncodedText.join(held)
            while rest.n_symbols > size:
                piece, rest = rest.split(size)
                yield piece
            held, count = [rest], rest.n_symbols
    empty = np.zeros(0, dtype=np.int64)
    yield EncodedText.join(held) if held else EncodedText("", empty, empty, empty.astype(bool))


@dataclass(frozen=True)
class KeyDecoding(Decoding):
    """A decryption by one candidate key: :attr:`chosen` is that key's letters.

    Attributes
    ----------
    letters : numpy.ndarray
        int64 ``(symbols,)``: the key's plaintext letter of each decoded symbol.
    """

    letters: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @cached_property
    def chosen(self) -> np.ndarray:
        """int64 ``(symbols,)``: the key's letters (not the per-position argmax)."""
        return self.letters

    @cached_property
    def confidence(self) -> np.ndarray:
        """float32 ``(symbols,)``: the probability of each of the key's letters."""
        return self.probabilities[np.arange(len(self.letters)), self.letters]


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


def compare_with_exact(decoding: Decoding, cipher: Cipher) -> Comparison:
    """Compare a model's decoding with ``cipher``'s exact decryption of the same text.

    ``cipher`` (any family) must act on ``decoding.alphabet``; the text is one message, so a
    position-dependent cipher's key starts at its first alphabet symbol.
    """
    encoded = decoding.encoded
    exact_indices = cipher.decrypt_indices(encoded.indices)
    exact = decoding.alphabet.decode(encoded, exact_indices.tolist())
    wrong = decoding.chosen != exact_indices
    positions = encoded.positions[wrong]
    n = encoded.n_symbols
    return Comparison(exact, positions, 1.0 - float(wrong.sum()) / n if n else 1.0)


def decode(
    model: nn.Module,
    alphabet: Alphabet,
    text: str,
    window: int = SEQ_LEN,
    *,
    continuous: bool = False,
) -> Decoding:
    """Decrypt ``text`` with ``model``.

    Characters outside ``alphabet`` pass through unchanged and never reach the model; an
    input with no alphabet symbols makes no model call.

    Parameters
    ----------
    model : nn.Module
        A :class:`~cipherlab.core.network.CipherRNN` (or anything with its call signature, and
        its ``stream`` method when ``continuous``) whose vocabulary is ``alphabet``.
    alphabet : Alphabet
        The model's symbols.
    text : str
        The ciphertext, any Unicode.
    window : int
        Symbols per model window (see :func:`decode_indices`).
    continuous : bool
        Read the text as one sequence rather than in windows: pass
        ``cipher.position_dependent`` (True for Vigenère and autokey; see the module notes).

    Returns
    -------
    Decoding
    """
    steps = decode_steps(model, alphabet, text, window, continuous=continuous)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
