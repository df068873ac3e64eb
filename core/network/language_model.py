"""A character-level recurrent language model: score candidate plaintexts, sample text.

The network is the app's own :class:`~cipherlab.core.network.CipherRNN` (Embedding -> LSTM ->
Linear) trained with ``task="lm"``: its input is a text shifted right by one symbol behind a
start symbol (index ``n``, one past the alphabet's last), and its target is the text, so the
logits at position ``i`` give ``p(x_i | x_0 .. x_{i-1})`` (:func:`~cipherlab.core.learning.data.
next_symbol_inputs`). The log-likelihood of a text is the sum of those log-probabilities over
its symbols, the first included (predicted from the start symbol alone); each prediction is
normalised over the alphabet's ``n`` symbols, so the probabilities of all texts of one length
sum to 1.

Scores are in nats (natural logarithms); bits per symbol = nats / ln 2 / symbols.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch.nn import functional as F

from .model import CipherRNN

FLOATS_PER_CHUNK = 2**22
"""Logit floats computed at once when scoring many candidates (16 MB)."""


def next_symbol_inputs(plaintext: torch.Tensor, start: int) -> torch.Tensor:
    """A language model's input for ``plaintext``: the start symbol, then all but the last.

    ``plaintext`` is int64 ``(batch, seq_len)``; the result has the same shape, with
    ``start`` (the index after the alphabet's last) in column 0, so position ``i`` of the
    output predicts symbol ``i`` from the ``i`` symbols before it.
    """
    first = torch.full_like(plaintext[..., :1], start)
    return torch.cat([first, plaintext[..., :-1]], dim=-1)


def alphabet_size(model: CipherRNN) -> int:
    """Symbols a language model predicts: its vocabulary less the start symbol."""
    return model.config.vocab_size - 1


@torch.inference_mode()
def log_likelihood(model: CipherRNN, texts: np.ndarray, symbols: int | None = None) -> np.ndarray:
    """Log-likelihood (nats) of each text under the language model.

    Parameters
    ----------
    model : CipherRNN
        A model trained with ``task="lm"`` (vocabulary = alphabet + start symbol).
    texts : numpy.ndarray
        int ``(symbols,)`` or ``(texts, symbols)``: alphabet indices in ``[0, n)``.
    symbols : int, optional
        Normalise each prediction over the model's first ``symbols`` symbols only (default:
        all ``n``). A model of ``letters+space`` scores run-on letters with 26: the
        probability of each letter given that no word break comes.

    Returns
    -------
    numpy.ndarray
        float64: a scalar for one text, ``(texts,)`` for several; 0 for empty texts.
        Computed in chunks of at most :data:`FLOATS_PER_CHUNK` logits.
    """
    batch = np.atleast_2d(np.asarray(texts, dtype=np.int64))
    count, length = batch.shape
    out = np.zeros(count)
    if length == 0 or count == 0:
        return out if np.ndim(texts) > 1 else np.float64(0.0)
    was_training = model.training
    model.eval()
    try:
        rows = max(1, FLOATS_PER_CHUNK // (length * model.config.vocab_size))
        start = alphabet_size(model)
        kept = start if symbols is None else symbols
        for first in range(0, count, rows):
            target = torch.from_numpy(batch[first : first + rows])
            logits = model(next_symbol_inputs(target, start))
            # over the alphabet only: the start symbol is never a text's symbol
            log_probs = F.log_softmax(logits[..., :kept].float(), dim=-1)
            picked = log_probs.gather(-1, target.unsqueeze(-1)).squeeze(-1)
            out[first : first + rows] = picked.sum(dim=-1, dtype=torch.float64).numpy()
    finally:
        model.train(was_training)
    return out if np.ndim(texts) > 1 else out[0]


def bits_per_symbol(model: CipherRNN, texts: np.ndarray) -> float:
    """Average negative log2-likelihood per symbol of ``texts`` (held-out cross-entropy)."""
    texts = np.atleast_2d(np.asarray(texts, dtype=np.int64))
    return float(-log_likelihood(model, texts).sum() / max(texts.size, 1) / math.log(2))


MAX_SAMPLE = 100_000
"""Most symbols one sample draws."""


def sample_symbols(
    model: CipherRNN,
    length: int,
    temperature: float = 1.0,
    seed: int | None = None,
    prompt: Sequence[int] = (),
) -> Iterator[int]:
    """Draw ``length`` symbols from the language model, yielding each as it is drawn.

    Each symbol is drawn from the model's distribution for the next symbol given all it
    drew before (the start symbol first), the state carried from step to step in NumPy
    (:class:`~cipherlab.core.network.stepping.RecurrentStepper`: about 30 µs a symbol for
    the shipped model, so 100,000 symbols take a few seconds). Yielding lets a caller
    show progress.

    Parameters
    ----------
    model : CipherRNN
        A language model (``task="lm"``); its weights are copied when iteration starts.
    length : int
        Symbols to draw, 0 to 100,000.
    temperature : float
        Logits are divided by it before the softmax: below 1 sharper (more common words),
        above 1 flatter (more babble); in ``(0, 10]``.
    seed : int, optional
        The same seed gives the same text (one uniform number per symbol, from
        :func:`numpy.random.default_rng`).
    prompt : sequence of int
        Alphabet indices read after the start symbol, before the first draw (not yielded).
        A word break (:func:`~cipherlab.core.text.word_break_index`) makes the text start
        at a word, and tells a model that also learned run-on letters to write words.

    Yields
    ------
    int
        Alphabet indices in ``[0, n)``, never the start symbol.

    Raises
    ------
    ValueError
        If ``length``, ``temperature`` or a prompt symbol is out of range (at the call, before
        any symbol).
    """
    if not 0 <= length <= MAX_SAMPLE:
        raise ValueError(f"The sample length must be 0 to 100,000 symbols, got {length}.")
    if not 0 < temperature <= 10:
        raise ValueError(f"The temperature must be above 0 and at most 10, got {temperature}.")
    n = alphabet_size(model)
    if any(not 0 <= int(i) < n for i in prompt):
        raise ValueError(f"A prompt's symbols must be alphabet indices in [0, {n}).")
    return _draw(model, length, temperature, seed, prompt)


def _draw(
    model: CipherRNN, length: int, temperature: float, seed: int | None, prompt: Sequence[int]
) -> Iterator[int]:
    from .stepping import RecurrentStepper

    n = alphabet_size(model)
    uniforms = np.random.default_rng(seed).random(length)
    stepper = RecurrentStepper(model)
    symbol = n  # the start symbol
    for given in prompt:
        stepper.step(symbol)
        symbol = int(given)
    for u in uniforms.tolist():
        logits = stepper.step(symbol)[:n].astype(np.float64) / temperature
        cumulative = np.cumsum(np.exp(logits - logits.max()))
        # the first symbol whose cumulative weight passes u: inverse-CDF sampling
        symbol = min(int(np.searchsorted(cumulative, u * cumulative[-1], side="right")), n - 1)
        yield symbol


def sample(
    model: CipherRNN,
    length: int,
    temperature: float = 1.0,
    seed: int | None = None,
    prompt: Sequence[int] = (),
) -> np.ndarray:
    """Draw ``length`` symbols from the language model, one after another.

    :func:`sample_symbols`, collected.

    Parameters
    ----------
    model, length, temperature, seed, prompt
        As for :func:`sample_symbols`.

    Returns
    -------
    numpy.ndarray
        int64 ``(length,)`` alphabet indices (never the start symbol).

    Raises
    ------
    ValueError
        If ``length`` or ``temperature`` is out of range.
    """
    symbols = sample_symbols(model, length, temperature, seed, prompt)
    return np.fromiter(symbols, dtype=np.int64, count=length)
