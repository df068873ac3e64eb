"""Crack a Vigenère ciphertext without its key: estimate the period, then search the key.

The method, in three steps:

1. **Period.** Cut the ciphertext's symbols into ``p`` columns (every ``p``-th symbol) for
   each candidate period ``p``; each column of the right period is a Caesar-shifted sample
   of the plaintext, so its index of coincidence (the chance that two symbols drawn from it
   are equal) is the plaintext's (about 0.066 for English letters) rather than a uniform
   text's ``1/n`` (Friedman, *The Index of Coincidence*, 1922). Multiples of the period score
   as high, so periods are ranked by mean column index of coincidence with a preference for
   the smallest near the top (:func:`friedman_period`). Kasiski's test (distances between
   repeated trigrams share the period as a factor; Kasiski, 1863) is offered too
   (:func:`kasiski_counts`).
2. **Key, classical.** For one period, each column's shift is the one whose decrypted column
   has the lowest chi-squared against English symbol frequencies (:func:`chi2_key`).
3. **Key, by a scorer.** For a scorer of whole plaintexts (n-gram log-likelihood, or a
   recurrent language model), coordinate ascent with restarts (:func:`search_key`): start
   from the chi-squared key (and a few seeded random keys), then, column after column, try
   all ``n`` shifts of that column at once (one batch of ``n`` candidate plaintexts) and keep
   the best-scoring, until a whole sweep changes nothing. Periods are compared by score plus
   the log prior of a key of that period, ``-p log n`` (one of ``n^p`` keys, so a longer
   period must explain the text better to win). A costly scorer (a language model) does not
   search from scratch: it refines the two best keys of the n-gram search, column by column,
   so it costs a few dozen batched calls.

:func:`crack_vigenere` runs step 3 with every scorer given over the likeliest periods, pools
the keys found (with every single-column change of each scorer's winner, so the posterior has
near misses to weigh), and ranks them all with every scorer
(:func:`~cipherlab.core.cryptanalysis.rank_keys`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from ..ciphers import Cipher, VigenereCipher
from ..text import Alphabet, chi_squared
from .key_ranking import KeyRanking, Scorer, rank_keys

MAX_PERIOD = 16
"""Longest period tried by default (the CLI's ``--max-period``)."""
NEAR_TOP = 0.85
"""A period whose mean column index of coincidence is within this share of the best (above
the uniform level) counts as near the top; the smallest such period is Friedman's estimate."""
SEARCHED_PERIODS = 3
"""Periods searched by each scorer: the likeliest by index of coincidence."""
RESTARTS = 2
"""Seeded random starting keys tried besides the chi-squared key."""
MAX_SWEEPS = 6
"""Most passes over the columns in one coordinate ascent."""
CHEAP = ("chi2", "ngram")
"""Scorers that search every likely period with restarts. Any other (a language model, 100x
costlier per call) refines the :data:`REFINED` best n-gram keys by coordinate ascent only."""
REFINED = 2
SYMBOLS_PER_COLUMN = 4
"""Fewer symbols per key column than this (or fewer than :data:`MIN_SYMBOLS` in all) get a
warning whatever the posterior: the posterior weighs only the keys the search found, and a
short text fits many keys of many periods."""
MIN_SYMBOLS = 24


def index_of_coincidence(indices: np.ndarray, n_symbols: int) -> float:
    """Chance that two symbols drawn without replacement from ``indices`` are equal.

    ``sum_s c_s (c_s - 1) / (N (N - 1))`` for symbol counts ``c_s`` of ``N`` symbols; 0 for
    fewer than 2 symbols.
    """
    counts = np.bincount(np.asarray(indices, dtype=np.int64), minlength=n_symbols)
    total = counts.sum()
    return float((counts * (counts - 1)).sum() / (total * (total - 1))) if total > 1 else 0.0


def period_scores(indices: np.ndarray, n_symbols: int, max_period: int) -> np.ndarray:
    """float64 ``(max_period,)``: mean column index of coincidence for periods 1 ... max."""
    return np.array(
        [
            np.mean([index_of_coincidence(indices[j::p], n_symbols) for j in range(p)])
            for p in range(1, max_period + 1)
        ]
    )


def friedman_period(indices: np.ndarray, n_symbols: int, max_period: int = MAX_PERIOD) -> int:
    """The period estimate: the smallest one whose column coincidence is near the best.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(symbols,)``: the ciphertext's alphabet indices.
    n_symbols : int
        Alphabet size.
    max_period : int
        Longest period considered; periods with columns of fewer than 2 symbols are not.

    Returns
    -------
    int
        In ``[1, max_period]`` (1 for a text too short to tell).
    """
    ranked = likely_periods(indices, n_symbols, max_period)
    return ranked[0]


def likely_periods(indices: np.ndarray, n_symbols: int, max_period: int = MAX_PERIOD) -> list[int]:
    """Periods from likeliest to least: Friedman's estimate first, then by coincidence.

    Only periods whose columns hold at least 2 symbols each are listed (at least period 1).
    """
    usable = max(1, min(max_period, len(indices) // 2))
    scores = period_scores(indices, n_symbols, usable)
    uniform = 1.0 / n_symbols
    best = scores.max()
    near = [
        p for p in range(1, usable + 1) if scores[p - 1] - uniform >= NEAR_TOP * (best - uniform)
    ]
    first = min(near) if near else 1
    rest = sorted(range(1, usable + 1), key=lambda p: -scores[p - 1])
    return [first] + [p for p in rest if p != first]


def kasiski_counts(indices: np.ndarray, max_period: int = MAX_PERIOD) -> np.ndarray:
    """int64 ``(max_period + 1,)``: for each period, the repeated-trigram distances it divides.

    Entry ``p`` counts pairs of equal trigrams whose distance is a multiple of ``p`` (entry 0
    is unused). The true period (and its factors) divides most of them.
    """
    indices = np.asarray(indices, dtype=np.int64)
    counts = np.zeros(max_period + 1, dtype=np.int64)
    if len(indices) < 6:
        return counts
    codes = (indices[:-2] * 4096 + indices[1:-1] * 64 + indices[2:]).tolist()
    seen: dict[int, int] = {}
    for position, code in enumerate(codes):
        if code in seen:
            distance = position - seen[code]
            for p in range(2, max_period + 1):
                counts[p] += distance % p == 0
        seen[code] = position
    return counts


def shortest_period(key: np.ndarray) -> np.ndarray:
    """``key`` cut to its shortest repeating unit (``KEYKEY`` -> ``KEY``): the same cipher."""
    key = np.asarray(key, dtype=np.int64)
    for d in range(1, len(key)):
        if len(key) % d == 0 and np.array_equal(np.tile(key[:d], len(key) // d), key):
            return key[:d]
    return key


def decrypt_shifts(indices: np.ndarray, shifts: np.ndarray, n_symbols: int) -> np.ndarray:
    """Plaintext for key shifts: ``(indices - shifts[i mod p]) mod n``; works on batches.

    ``shifts`` is int ``(p,)`` or ``(keys, p)``; the result is int64 ``(symbols,)`` or
    ``(keys, symbols)``.
    """
    shifts = np.asarray(shifts, dtype=np.int64)
    reps = -(-len(indices) // shifts.shape[-1])
    tiled = np.tile(shifts, (1,) * (shifts.ndim - 1) + (reps,))[..., : len(indices)]
    return (np.asarray(indices, dtype=np.int64) - tiled) % n_symbols


def chi2_key(indices: np.ndarray, period: int, frequencies: np.ndarray) -> np.ndarray:
    """int64 ``(period,)``: per column, the shift whose decryption best fits ``frequencies``."""
    n = len(frequencies)
    shifts = np.arange(n)
    key = np.zeros(period, dtype=np.int64)
    for j in range(period):
        column = np.asarray(indices[j::period], dtype=np.int64)
        if len(column):
            key[j] = int(
                np.argmin(chi_squared((column[None, :] - shifts[:, None]) % n, frequencies))
            )
    return key


def ascend(
    indices: np.ndarray, key: np.ndarray, scorer: Scorer, n_symbols: int
) -> tuple[np.ndarray, float]:
    """Coordinate ascent from ``key``: returns the local optimum and its score (nats).

    Each step scores the ``n`` shifts of one column in one batch and keeps the best; it stops
    after a sweep over all columns that changes nothing, or :data:`MAX_SWEEPS` sweeps.
    """
    key = np.array(key, dtype=np.int64)
    period = len(key)
    score = float(scorer(decrypt_shifts(indices, key, n_symbols)[None, :])[0])
    for _ in range(MAX_SWEEPS):
        changed = False
        for j in range(period):
            trial = np.repeat(key[None, :], n_symbols, axis=0)
            trial[:, j] = np.arange(n_symbols)
            scores = np.asarray(scorer(decrypt_shifts(indices, trial, n_symbols)))
            best = int(np.argmax(scores))
            if scores[best] > score + 1e-9 and best != key[j]:
                key[j], score, changed = best, float(scores[best]), True
        if not changed:
            break
    return key, score


def search_key(
    indices: np.ndarray,
    period: int,
    scorer: Scorer,
    frequencies: np.ndarray,
    seed: int = 0,
    restarts: int = RESTARTS,
) -> tuple[np.ndarray, float]:
    """The best key of one period under ``scorer``: coordinate ascent with restarts.

    Starts from the chi-squared key and ``restarts`` seeded random keys; returns the best
    local optimum (int64 ``(period,)`` shifts) and its score (nats).
    """
    n = len(frequencies)
    rng = np.random.default_rng(seed)
    starts = [chi2_key(indices, period, frequencies)] + [
        rng.integers(0, n, period) for _ in range(restarts)
    ]
    results = [ascend(indices, start, scorer, n) for start in starts]
    return max(results, key=lambda result: result[1])


def crack_vigenere(
    ciphertext: str,
    alphabet: Alphabet,
    scorers: Mapping[str, Scorer],
    method: str,
    frequencies: np.ndarray,
    max_period: int = MAX_PERIOD,
    searched_periods: int = SEARCHED_PERIODS,
    symbols: int | None = None,
) -> KeyRanking:
    """Rank Vigenère keys of ``ciphertext`` with every scorer (see the module notes).

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside ``alphabet`` pass through and do not consume the key.
    alphabet : Alphabet
        The cipher's symbols.
    scorers : mapping of str to Scorer
        Named plaintext scorers (log-likelihoods in nats; ``"chi2"`` is special-cased: its
        key is found column by column, not searched).
    method : str
        The scorer that orders the ranking.
    frequencies : numpy.ndarray
        float ``(n,)``: English symbol frequencies (chi-squared keys and search starts).
    max_period : int
        Longest period tried, 1 to 32 (the longest Vigenère keyword).
    searched_periods : int
        How many of the likeliest periods each scorer searches.
    symbols : int, optional
        The alphabet symbols of the whole text when ``ciphertext`` is its start (see
        :func:`~cipherlab.core.cryptanalysis.rank_keys`).

    Returns
    -------
    KeyRanking
        With a warning (never an exception) for short or symbol-less input.

    Raises
    ------
    ValueError
        If ``max_period`` is out of range or ``method`` is not a scorer.
    """
    if not 1 <= max_period <= 32:
        raise ValueError(f"The longest period must be 1 to 32 symbols, got {max_period}.")
    if method not in scorers:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(scorers)}.")
    n = len(alphabet)
    indices = np.asarray(alphabet.encode(ciphertext).indices, dtype=np.int64)
    keys: set[tuple[int, ...]]
    if len(indices) < 2:
        keys = {(0,)}
    else:
        periods = likely_periods(indices, n, max_period)[:searched_periods]
        keys = set()
        guides: list[tuple[float, tuple[int, ...]]] = []  # the n-gram search's keys
        # cheap scorers search first; a costly one (the language model) refines their keys
        for name in sorted(scorers, key=lambda m: m not in CHEAP):
            scorer = scorers[name]
            found = []
            tries: list[tuple[int, tuple[int, ...] | None]]
            if name in CHEAP or not guides:
                tries = [(period, None) for period in periods]
            else:
                tries = [(len(key), key) for _, key in sorted(guides, reverse=True)[:REFINED]]
            for period, start in tries:
                if name == "chi2":
                    key = chi2_key(indices, period, frequencies)
                    score = float(scorer(decrypt_shifts(indices, key, n)[None, :])[0])
                elif start is None:
                    key, score = search_key(indices, period, scorer, frequencies)
                else:
                    key, score = ascend(indices, np.array(start), scorer, n)
                key = shortest_period(key)  # KEYKEY is KEY: same text, likelier key
                found.append((score - len(key) * np.log(n), tuple(int(s) for s in key)))
                keys.add(found[-1][1])
            if name == "ngram":
                guides = found
            best = max(found)[1]
            for j in range(len(best)):  # near misses: every single-column change of the winner
                for shift in range(n):
                    keys.add(best[:j] + (shift,) + best[j + 1 :])
    pooled = sorted(keys, key=lambda k: (len(k), k))
    candidates: list[Cipher] = [
        VigenereCipher(alphabet, "".join(alphabet.symbols[s] for s in key)) for key in pooled
    ]
    log_prior = np.array([-len(key) * np.log(n) for key in pooled])
    ranking = rank_keys(ciphertext, candidates, scorers, method, log_prior, symbols)
    period = len(ranking.best.cipher.key_text)
    if ranking.symbols and (
        ranking.symbols < MIN_SYMBOLS or ranking.symbols < SYMBOLS_PER_COLUMN * period
    ):
        warning = (
            f"{ranking.symbols} symbols: too few to be sure of the period or the key; "
            "several keys are about as likely."
        )
        ranking = replace(ranking, warning=warning)
    return ranking
