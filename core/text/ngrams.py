"""Classical scores of candidate plaintexts: n-gram log-likelihood and chi-squared.

These are the baselines a recurrent language model competes with when a ciphertext's key is
unknown. Both are fitted on alphabet indices (pass-through characters are not symbols and are
left out before counting and scoring), from the same text the language model learns from, so
the comparison is fair.

* :class:`NGramScorer`: the log-likelihood of a text under an order-``n`` Markov model of
  symbols, ``sum_i log p(x_i | x_{i-n+1} .. x_{i-1})``, with add-``k`` smoothed counts. The
  classical cryptanalyst's scorer (trigrams for Caesar, quadgrams for Vigenère and
  substitution; e.g. Lyons, "Quadgram statistics as a fitness measure", practicalcryptography
  .com, 2009); strong from about 8 symbols on.
* :func:`chi_squared`: Pearson's statistic of a text's symbol counts against the expected
  symbol frequencies, ``sum_s (O_s - E_s)^2 / E_s`` (Friedman's and Sinkov's frequency test;
  Sinkov, *Elementary Cryptanalysis*, 1966, ch. 2). Weak on short texts, where counts are
  mostly 0 or 1.

Scores are in nats (natural logarithms); arrays are NumPy, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_ORDER = 5
"""Highest n-gram order accepted (27^5 = 14 million table entries, 57 MB of float32)."""


def _codes(indices: np.ndarray, order: int, n_symbols: int) -> np.ndarray:
    """Each window of ``order`` symbols along the last axis as one base-``n_symbols`` number.

    ``indices`` is int ``(..., length)``; the result is int64 ``(..., length - order + 1)``
    (empty when the text is shorter than ``order``).
    """
    indices = np.asarray(indices, dtype=np.int64)
    length = indices.shape[-1]
    if length < order:
        return np.zeros((*indices.shape[:-1], 0), dtype=np.int64)
    codes = np.zeros((*indices.shape[:-1], length - order + 1), dtype=np.int64)
    for j in range(order):
        codes = codes * n_symbols + indices[..., j : length - order + 1 + j]
    return codes


@dataclass(frozen=True, eq=False)
class NGramScorer:
    """An order-``n`` Markov model of symbols: log-probabilities of each next symbol.

    Build one with :meth:`fit`.

    Attributes
    ----------
    order : int
        ``n``: each symbol is predicted from the ``n - 1`` before it.
    n_symbols : int
        Alphabet size.
    log_probs : numpy.ndarray
        float32 ``(n_symbols ** order,)``: ``log p(last | first n-1)`` per n-gram code
        (nats), indexed by the n-gram read as a base-``n_symbols`` number.
    start_log_probs : numpy.ndarray
        float32 ``(n_symbols ** (order - 1),)``: log-probabilities of a text's first
        ``n - 1`` symbols as a block (its opening context), for texts of at least ``n - 1``.
    unigram_log_probs : numpy.ndarray
        float32 ``(n_symbols,)``: for texts shorter than ``n - 1`` symbols.
    """

    order: int
    n_symbols: int
    log_probs: np.ndarray
    start_log_probs: np.ndarray
    unigram_log_probs: np.ndarray

    @classmethod
    def fit(
        cls, indices: np.ndarray, order: int, n_symbols: int, smoothing: float = 0.5
    ) -> NGramScorer:
        """Count the n-grams of a training text.

        Parameters
        ----------
        indices : numpy.ndarray
            int ``(length,)`` or ``(messages, length)``: training text as alphabet indices
            (n-grams never span two messages).
        order : int
            ``n``, from 1 to :data:`MAX_ORDER`.
        n_symbols : int
            Alphabet size.
        smoothing : float
            Added to every count (add-k smoothing), so an unseen n-gram is unlikely, not
            impossible (> 0).

        Returns
        -------
        NGramScorer

        Raises
        ------
        ValueError
            If ``order`` is out of range, ``smoothing`` is not positive, or an index is
            outside ``[0, n_symbols)``.
        """
        if not 1 <= order <= MAX_ORDER:
            raise ValueError(f"The n-gram order must be 1 to {MAX_ORDER}, got {order}.")
        if not smoothing > 0:
            raise ValueError(f"Smoothing must be positive, got {smoothing}.")
        rows = np.atleast_2d(np.asarray(indices, dtype=np.int64))
        if rows.size and (rows.min() < 0 or rows.max() >= n_symbols):
            raise ValueError(f"Indices must be in [0, {n_symbols}).")
        counts = np.bincount(_codes(rows, order, n_symbols).ravel(), minlength=n_symbols**order)
        table = counts.reshape(-1, n_symbols).astype(np.float64) + smoothing
        log_probs = np.log(table / table.sum(axis=1, keepdims=True)).ravel()
        context = np.log(table.sum(axis=1) / table.sum())  # the (n-1)-gram distribution
        unigrams = np.bincount(rows.ravel(), minlength=n_symbols) + smoothing
        return cls(
            order=order,
            n_symbols=n_symbols,
            log_probs=log_probs.astype(np.float32),
            start_log_probs=context.astype(np.float32),
            unigram_log_probs=np.log(unigrams / unigrams.sum()).astype(np.float32),
        )

    def score(self, indices: np.ndarray) -> np.ndarray:
        """Log-likelihood of each text (nats): higher is more English-like.

        Parameters
        ----------
        indices : numpy.ndarray
            int ``(length,)`` or ``(candidates, length)``: texts as alphabet indices.

        Returns
        -------
        numpy.ndarray
            float64: a scalar for one text, ``(candidates,)`` for several. An empty text
            scores 0.
        """
        indices = np.asarray(indices, dtype=np.int64)
        length = indices.shape[-1]
        context = self.order - 1
        if length < max(context, 1):  # too short for a whole context: symbol by symbol
            return self.unigram_log_probs[indices].sum(axis=-1, dtype=np.float64)
        start = self.start_log_probs[_codes(indices[..., :context], context, self.n_symbols)]
        rest = self.log_probs[_codes(indices, self.order, self.n_symbols)]
        return start.sum(axis=-1, dtype=np.float64) + rest.sum(axis=-1, dtype=np.float64)

    def bits_per_symbol(self, indices: np.ndarray) -> float:
        """Average negative log2-likelihood per symbol of ``indices`` (cross-entropy, bits)."""
        indices = np.asarray(indices, dtype=np.int64)
        return float(-self.score(indices).sum() / max(indices.size, 1) / np.log(2))


def symbol_frequencies(indices: np.ndarray, n_symbols: int) -> np.ndarray:
    """Relative frequency of each symbol in a training text: float64 ``(n_symbols,)``, sum 1.

    A symbol never seen gets half a count, so :func:`chi_squared` never divides by zero.
    """
    counts = np.bincount(np.asarray(indices, dtype=np.int64).ravel(), minlength=n_symbols)
    counts = np.where(counts == 0, 0.5, counts.astype(np.float64))
    return counts / counts.sum()


def chi_squared(indices: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Pearson's chi-squared of each text's symbol counts against ``expected`` frequencies.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(length,)`` or ``(candidates, length)``: texts as alphabet indices.
    expected : numpy.ndarray
        float ``(n_symbols,)``: symbol frequencies summing to 1 (:func:`symbol_frequencies`).

    Returns
    -------
    numpy.ndarray
        float64, scalar or ``(candidates,)``: ``sum_s (O_s - E_s)^2 / E_s`` with
        ``E_s = length * expected[s]``. Lower is more English-like; 0 for an empty text.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if indices.shape[-1] == 0:
        return np.zeros(indices.shape[:-1])
    n_symbols = len(expected)
    flat = indices.reshape(-1, indices.shape[-1])
    offsets = (np.arange(len(flat)) * n_symbols)[:, None]
    observed = np.bincount((flat + offsets).ravel(), minlength=len(flat) * n_symbols)
    observed = observed.reshape(len(flat), n_symbols).astype(np.float64)
    wanted = indices.shape[-1] * np.asarray(expected, dtype=np.float64)
    stat = ((observed - wanted) ** 2 / wanted).sum(axis=1)
    return stat.reshape(indices.shape[:-1])
