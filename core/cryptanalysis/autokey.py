"""Crack an autokey ciphertext without its primer: search the primer of each length.

An autokey key is the primer followed by the plaintext itself, so ``p[i] = c[i] - p[i - m]``
for a primer of ``m`` symbols: the primer symbol at position ``r`` alone determines every
plaintext symbol at ``r, r + m, r + 2m, ...`` (its chain). The search, for each primer length
``m`` from 1 to the longest tried:

1. **Per position.** Each primer symbol is chosen by the symbol-frequency fit of its chain
   (the sum of its letters' log-frequencies): ``n`` candidates per position, scored at once.
2. **Jointly.** Coordinate ascent with the quadgram scorer, as for Vigenère
   (:func:`~cipherlab.core.cryptanalysis.vigenere.ascend`): each position's ``n`` symbols in
   one batch, the best kept, until a sweep changes nothing; and from a few seeded random
   primers.

Primer lengths are compared by score plus the log prior of a primer of that length,
``-m log n`` (one of ``n^m`` primers). The best primer of each length and every
single-position change of the winner are ranked with every scorer
(:func:`~cipherlab.core.cryptanalysis.rank_keys`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from ..ciphers import AutokeyCipher, Cipher
from ..text import Alphabet
from .key_ranking import MAX_SCORED_SYMBOLS, KeyRanking, Scorer, rank_keys

MAX_PRIMER = 12
"""Longest primer tried by default."""
RESTARTS = 2
"""Seeded random primers climbed from, besides the per-position one."""
MAX_SWEEPS = 6
"""Most passes over the primer's positions in one coordinate ascent."""
SYMBOLS_PER_POSITION = 6
"""Fewer symbols per primer position than this (or fewer than :data:`MIN_SYMBOLS` in all) get
a warning whatever the posterior."""
MIN_SYMBOLS = 24


def decrypt_primers(indices: np.ndarray, primers: np.ndarray, n_symbols: int) -> np.ndarray:
    """Autokey plaintexts of ``indices`` under each primer, without a loop over the text.

    Along each chain ``r, r + m, ...``, ``p_j = c_j - p_(j-1)`` with ``p_(-1) = primer[r]``,
    so ``p_j = (-1)^j (c_0 - c_1 + ... ± c_j - primer[r])``: one cumulative sum.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(symbols,)``: the ciphertext's alphabet indices.
    primers : numpy.ndarray
        int ``(keys, m)``: primers, all of one length ``m``.
    n_symbols : int
        Alphabet size.

    Returns
    -------
    numpy.ndarray
        int64 ``(keys, symbols)``.
    """
    primers = np.atleast_2d(np.asarray(primers, dtype=np.int64))
    indices = np.asarray(indices, dtype=np.int64)
    m, length = primers.shape[1], len(indices)
    rows = max(1, -(-length // m))
    padded = np.zeros(rows * m, dtype=np.int64)
    padded[:length] = indices
    blocks = padded.reshape(rows, m) % n_symbols
    sign = np.where(np.arange(rows) % 2 == 0, 1, -1)[:, None]
    sums = (blocks * sign).cumsum(axis=0)  # (rows, m)
    plain = sign[None] * (sums[None] - primers[:, None, :])  # (keys, rows, m)
    return (plain % n_symbols).reshape(len(primers), rows * m)[:, :length]


def chain_primer(indices: np.ndarray, m: int, frequencies: np.ndarray) -> np.ndarray:
    """int64 ``(m,)``: per position, the primer symbol whose chain best fits ``frequencies``."""
    n = len(frequencies)
    every = np.repeat(np.arange(n)[:, None], m, axis=1)  # primer v at every position
    plain = decrypt_primers(indices, every, n)  # (n, symbols)
    fit = np.log(np.asarray(frequencies, dtype=np.float64))[plain]
    return np.array([int(np.argmax(fit[:, r::m].sum(axis=1))) for r in range(m)])


def ascend_primer(
    indices: np.ndarray, primer: np.ndarray, scorer: Scorer, n_symbols: int
) -> tuple[np.ndarray, float]:
    """Coordinate ascent from ``primer``: the local optimum and its score (nats)."""
    primer = np.array(primer, dtype=np.int64)
    score = float(scorer(decrypt_primers(indices, primer[None, :], n_symbols))[0])
    for _ in range(MAX_SWEEPS):
        changed = False
        for j in range(len(primer)):
            trial = np.repeat(primer[None, :], n_symbols, axis=0)
            trial[:, j] = np.arange(n_symbols)
            scores = np.asarray(scorer(decrypt_primers(indices, trial, n_symbols)))
            best = int(np.argmax(scores))
            if scores[best] > score + 1e-9 and best != primer[j]:
                primer[j], score, changed = best, float(scores[best]), True
        if not changed:
            break
    return primer, score


def search_primer(
    indices: np.ndarray,
    m: int,
    scorer: Scorer,
    frequencies: np.ndarray,
    seed: int = 0,
    restarts: int = RESTARTS,
) -> tuple[np.ndarray, float]:
    """The best primer of length ``m`` under ``scorer``: the per-position primer, refined.

    Returns the best local optimum (int64 ``(m,)``) of climbs from :func:`chain_primer` and
    ``restarts`` seeded random primers, and its score (nats).
    """
    n = len(frequencies)
    rng = np.random.default_rng(seed + m)
    starts = [chain_primer(indices, m, frequencies)]
    starts += [rng.integers(0, n, m) for _ in range(restarts)]
    results = [ascend_primer(indices, start, scorer, n) for start in starts]
    return max(results, key=lambda result: result[1])


def crack_autokey(
    ciphertext: str,
    alphabet: Alphabet,
    scorers: Mapping[str, Scorer],
    method: str,
    frequencies: np.ndarray,
    max_primer: int = MAX_PRIMER,
    symbols: int | None = None,
) -> KeyRanking:
    """Rank autokey primers of ``ciphertext`` with every scorer (see the module notes).

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside ``alphabet`` pass through and do not consume the key.
    alphabet : Alphabet
        The cipher's symbols.
    scorers : mapping of str to Scorer
        Named plaintext scorers (log-likelihoods in nats); ``ngram`` (else ``method``'s)
        searches, every one ranks the primers found.
    method : str
        The scorer that orders the ranking.
    frequencies : numpy.ndarray
        float ``(n,)``: English symbol frequencies (the per-position primer).
    max_primer : int
        Longest primer tried, 1 to 32.
    symbols : int, optional
        The alphabet symbols of the whole text when ``ciphertext`` is its start (see
        :func:`~cipherlab.core.cryptanalysis.rank_keys`).

    Returns
    -------
    KeyRanking
        Candidates are :class:`~cipherlab.core.ciphers.AutokeyCipher` s; with a warning
        (never an exception) for short or symbol-less input.

    Raises
    ------
    ValueError
        If ``max_primer`` is out of range or ``method`` is not a scorer.
    """
    if not 1 <= max_primer <= 32:
        raise ValueError(f"The longest primer must be 1 to 32 symbols, got {max_primer}.")
    if method not in scorers:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(scorers)}.")
    n = len(alphabet)
    indices = np.asarray(alphabet.encode(ciphertext).indices, dtype=np.int64)
    indices = indices[:MAX_SCORED_SYMBOLS]
    scorer = scorers.get("ngram", scorers[method])
    primers: set[tuple[int, ...]] = {(0,)}
    if len(indices) >= 2:
        found = []
        for m in range(1, min(max_primer, len(indices)) + 1):
            primer, score = search_primer(indices, m, scorer, frequencies)
            found.append((score - m * np.log(n), tuple(int(s) for s in primer)))
        primers = {key for _, key in found}
        best = max(found)[1]
        for j in range(len(best)):  # near misses: every single-position change of the winner
            for symbol in range(n):
                primers.add(best[:j] + (symbol,) + best[j + 1 :])
    pooled = sorted(primers, key=lambda k: (len(k), k))
    candidates: list[Cipher] = [
        AutokeyCipher(alphabet, "".join(alphabet.symbols[s] for s in key)) for key in pooled
    ]
    log_prior = np.array([-len(key) * np.log(n) for key in pooled])
    ranking = rank_keys(ciphertext, candidates, scorers, method, log_prior, symbols)
    m = len(str(ranking.best.cipher.key))
    if ranking.symbols and (
        ranking.symbols < MIN_SYMBOLS or ranking.symbols < SYMBOLS_PER_POSITION * m
    ):
        warning = (
            f"{ranking.symbols} symbols: too few to be sure of the primer; "
            "several primers are about as likely."
        )
        ranking = replace(ranking, warning=warning)
    return ranking
