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
   the best-scoring, until a whole sweep changes nothing. The n-gram scorer does better: a
   beam search over the columns, left to right (:func:`beam_key`), scores each partial key
   by the n-grams its set columns decrypt, so a column's right shift counts as soon as its
   neighbours are set (on 32 letters of real prose, coordinate ascent from 3 starts missed
   the best key of the right period half the time; the beam, then one ascent, none). Periods
   are compared by score plus the log prior of a key of that period, ``-p log n`` (one of
   ``n^p`` keys, so a longer period must explain the text better to win). A costly scorer
   (a language model) does not search from scratch: it refines the two best keys of the
   n-gram search, column by column, so it costs a few dozen batched calls.

Which periods are searched: in a text under :data:`EVERY_PERIOD_BELOW` symbols, where the
index of coincidence is noise, every period up to :func:`period_cap` (2 symbols per key
letter); in a longer one, the :data:`SEARCHED_PERIODS` likeliest by coincidence. The key is
found from the first :data:`~cipherlab.core.cryptanalysis.key_ranking.MAX_SCORED_SYMBOLS`
symbols.

:func:`crack_vigenere` runs step 3 with every scorer given over the likeliest periods, pools
the keys found (with every single-column change of each scorer's winner, so the posterior has
near misses to weigh), and ranks them all with every scorer
(:func:`~cipherlab.core.cryptanalysis.rank_keys`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..ciphers import Cipher, VigenereCipher
from ..text import Alphabet, NGramScorer, chi_squared
from .key_ranking import MAX_SCORED_SYMBOLS, KeyRanking, Scorer, rank_keys

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
COSTLY_SWEEPS = 1
"""Sweeps of a costly scorer's refinement (the language model: one batch per column per sweep;
six sweeps of a 15-letter key took 36 s of an 82-letter crack in the window)."""
REFINED = 2
REFINE_WITHIN = 10.0
"""A runner-up n-gram key is refined only within this many nats (prior included) of the best:
with every period of a short text searched, the runner-up is often a long period, whose
refinement costs the language model a batch per column per sweep for a key it will not
choose."""
SYMBOLS_PER_COLUMN = 4
"""Fewer symbols per key column than this (or fewer than :data:`MIN_SYMBOLS` in all) get a
warning whatever the posterior: the posterior weighs only the keys the search found, and a
short text fits many keys of many periods."""
MIN_SYMBOLS = 24
BEAM = 256
"""Partial keys kept per column by :func:`beam_key`."""
LONG_BEAM = 64
"""Partial keys kept from :data:`EVERY_PERIOD_BELOW` symbols on (64 found the best key of the
right period in all 30 calibration messages of 100 and 200 letters, at three quarters of the
time of 256)."""
MIN_COLUMN = 2
"""Fewest symbols per key letter searched (:func:`period_cap`)."""
EVERY_PERIOD_BELOW = 120
"""Texts shorter than this (in symbols) have every period up to the cap searched."""


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
    indices: np.ndarray,
    key: np.ndarray,
    scorer: Scorer,
    n_symbols: int,
    width: int = 1,
    sweeps: int = MAX_SWEEPS,
) -> tuple[np.ndarray, float]:
    """Coordinate ascent from ``key``: returns the local optimum and its score (nats).

    Each step scores every shift of ``width`` neighbouring columns (``n ** width``
    candidates) in one batch and keeps the best; it stops after a sweep over all columns that
    changes nothing, or after ``sweeps`` sweeps (default :data:`MAX_SWEEPS`). Pairs
    (``width=2``) escape the local optima of a short text, where one column's right shift
    only pays once its neighbours' are right too (an n-gram spans neighbouring columns).
    """
    key = np.array(key, dtype=np.int64)
    period = len(key)
    width = min(width, period)
    grid = np.stack(np.unravel_index(np.arange(n_symbols**width), (n_symbols,) * width), axis=1)
    score = float(scorer(decrypt_shifts(indices, key, n_symbols)[None, :])[0])
    for _ in range(sweeps):
        changed = False
        for j in range(period if width < period else 1):
            columns = [(j + d) % period for d in range(width)]
            trial = np.repeat(key[None, :], len(grid), axis=0)
            trial[:, columns] = grid
            scores = np.asarray(scorer(decrypt_shifts(indices, trial, n_symbols)))
            best = int(np.argmax(scores))
            if scores[best] > score + 1e-9 and not np.array_equal(grid[best], key[columns]):
                key[columns], score, changed = grid[best], float(scores[best]), True
        if not changed:
            break
    return key, score


def beam_key(
    indices: np.ndarray,
    period: int,
    tables: tuple[np.ndarray, ...],
    scorer: Scorer,
    width: int = BEAM,
) -> np.ndarray:
    """The best key of one period by beam search over its columns, left to right.

    Column ``j``'s shifts extend the ``width`` best partial keys; a partial key scores each
    symbol it decrypts by the longest known context (up to 3 symbols) in ``tables``
    (:func:`context_tables`), so the search sees n-grams as soon as neighbouring columns are
    set instead of climbing from a wrong key one column at a time. The complete keys left
    are scored by ``scorer``; returns the best (int64 ``(period,)``).
    """
    n = len(tables[0])
    length = len(indices)
    positions = np.arange(length)
    column = positions % period
    beam = np.zeros((1, period), dtype=np.int64)
    plain = np.zeros((1, length), dtype=np.int64)  # decrypted so far (set columns only)
    totals = np.zeros(1)
    shifts = np.arange(n)
    for j in range(period):
        at = positions[column == j]
        # the known context of each position: predecessors in columns set already (or j)
        known = np.zeros(len(at), dtype=np.int64)
        for d in (1, 2, 3):
            ok = (at - d >= 0) & (column[np.maximum(at - d, 0)] <= j) & (known == d - 1)
            known += ok
        letters = (indices[at][None, :] - shifts[:, None]) % n  # (n, positions)
        scores = np.zeros((len(beam), n))
        for order in range(4):
            chosen = known == order
            if not chosen.any():
                continue
            code = np.zeros((len(beam), 1, int(chosen.sum())), dtype=np.int64)
            for d in range(order, 0, -1):
                code = code * n + plain[:, None, at[chosen] - d]
            code = code * n + letters[None, :, chosen]
            scores += tables[order][code].sum(axis=-1)
        scores += totals[:, None]
        keep = np.argsort(-scores.ravel(), kind="stable")[:width]
        parent, shift = np.divmod(keep, n)
        beam = beam[parent].copy()
        beam[:, j] = shift
        plain = plain[parent].copy()
        plain[:, at] = letters[shift]
        totals = scores.ravel()[keep]
    full = np.asarray(scorer(decrypt_shifts(indices, beam, n)))
    return beam[int(np.argmax(full))]


@lru_cache(maxsize=4)
def context_tables(trigrams: NGramScorer, quadgrams: NGramScorer) -> tuple[np.ndarray, ...]:
    """float64 ``log p(symbol | context)`` for contexts of 0 to 3 symbols, by n-gram code.

    From order-3 and order-4 scorers: the pair table is the trigram scorer's opening-context
    distribution (the joint distribution of symbol pairs). Cached per pair of scorers.
    """
    n = trigrams.n_symbols
    pairs = np.exp(trigrams.start_log_probs.astype(np.float64)).reshape(n, n)
    pairs /= pairs.sum()
    singles = pairs.sum(axis=1)
    return (
        np.log(singles),
        np.log(pairs / singles[:, None]).ravel(),
        trigrams.log_probs.astype(np.float64),
        quadgrams.log_probs.astype(np.float64),
    )


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


def key_log_prior(period: int, n_symbols: int) -> float:
    """Log prior of one key of ``period`` letters (nats): ``-p log n``, one key among ``n^p``.

    Each key letter pays ``log n``, so a longer period must explain the text better to win.
    (Weighing each letter 1.3 to 2 times over lost more right answers at 16 and 32 letters
    of real prose than it saved; the cap on the period, :func:`period_cap`, and a search that
    finds the best key of every period, :func:`beam_key`, ended the over-fit instead.)
    """
    return -period * float(np.log(n_symbols))


def period_cap(letters: int, max_period: int = MAX_PERIOD) -> int:
    """The longest period worth searching in ``letters`` symbols: :data:`MIN_COLUMN` a column.

    A longer period's key has so few symbols per letter that some key fits any text (a key
    of 10 letters over 32 symbols makes almost anything English-like); at least 1.
    """
    return max(1, min(max_period, letters // MIN_COLUMN))


def searched(
    indices: np.ndarray, n_symbols: int, max_period: int, count: int = SEARCHED_PERIODS
) -> list[int]:
    """The periods a search tries, at most :func:`period_cap`.

    Every one in a text of fewer than :data:`EVERY_PERIOD_BELOW` symbols, where the index of
    coincidence is noise; else the ``count`` likeliest by coincidence
    (:func:`likely_periods`).
    """
    cap = period_cap(len(indices), max_period)
    if len(indices) < EVERY_PERIOD_BELOW:
        return list(range(1, cap + 1))
    return likely_periods(indices, n_symbols, cap)[:count]


def crack_vigenere(
    ciphertext: str,
    alphabet: Alphabet,
    scorers: Mapping[str, Scorer],
    method: str,
    frequencies: np.ndarray,
    max_period: int = MAX_PERIOD,
    searched_periods: int = SEARCHED_PERIODS,
    symbols: int | None = None,
    tables: tuple[np.ndarray, ...] | None = None,
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
    tables : tuple of numpy.ndarray, optional
        :func:`context_tables` of the n-gram scorer ``"ngram"``: its key is then found by
        beam search (:func:`beam_key`) and refined by coordinate ascent, else by
        coordinate ascent with restarts (:func:`search_key`).

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
    # the key is found from the first letters (as many as are ranked): a long text's search
    # time would grow with its length, and 2,000 letters settle any key of 32 or fewer
    indices = np.asarray(alphabet.encode(ciphertext).indices[:MAX_SCORED_SYMBOLS], dtype=np.int64)
    keys: set[tuple[int, ...]]
    if len(indices) < 2:
        keys = {(0,)}
    else:
        periods = searched(indices, n, max_period, searched_periods)
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
                ranked = sorted(guides, reverse=True)[:REFINED]
                tries = [
                    (len(k), k)
                    for g, k in ranked
                    if g >= ranked[0][0] - REFINE_WITHIN
                    # a key with under SYMBOLS_PER_COLUMN letters a column is only scored: a
                    # column that short settles nothing, and refining it took the window's
                    # 82 random letters 69 s
                    and len(k) * SYMBOLS_PER_COLUMN <= len(indices)
                ]
            for period, start in tries:
                if name == "chi2":
                    key = chi2_key(indices, period, frequencies)
                    score = float(scorer(decrypt_shifts(indices, key, n)[None, :])[0])
                elif start is None and name == "ngram" and tables is not None:
                    width = BEAM if len(indices) < EVERY_PERIOD_BELOW else LONG_BEAM
                    beam = beam_key(indices, period, tables, scorer, width)
                    key, score = ascend(indices, beam, scorer, n)
                elif start is None:
                    key, score = search_key(indices, period, scorer, frequencies)
                else:  # a costly scorer refines an n-gram key: one sweep over its columns
                    key, score = ascend(indices, np.array(start), scorer, n, sweeps=COSTLY_SWEEPS)
                key = shortest_period(key)  # KEYKEY is KEY: same text, likelier key
                found.append((score + key_log_prior(len(key), n), tuple(int(s) for s in key)))
                keys.add(found[-1][1])
            if name == "ngram":
                guides = found
            if not found:  # no key worth a costly scorer's refinement: it only scores them
                continue
            best = max(found)[1]
            for j in range(len(best)):  # near misses: every single-column change of the winner
                for shift in range(n):
                    keys.add(best[:j] + (shift,) + best[j + 1 :])
    pooled = sorted(keys, key=lambda k: (len(k), k))
    candidates: list[Cipher] = [
        VigenereCipher(alphabet, "".join(alphabet.symbols[s] for s in key)) for key in pooled
    ]
    log_prior = np.array([key_log_prior(len(key), n) for key in pooled])
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
