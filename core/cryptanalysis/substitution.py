"""Crack a monoalphabetic substitution: hill-climb the key, reading word breaks where kept.

A substitution key is a permutation of the alphabet, ``n!`` keys (4e26 over 26 letters), so
it is searched, never enumerated. The search works on the decryption table ``d`` (ciphertext
index -> plaintext index) as integer codes:

1. **Score.** A candidate plaintext's quadgram log-likelihood
   (:class:`~cipherlab.core.text.NGramScorer`, the classical fitness; Lyons, "Quadgram
   statistics as a fitness measure", 2009). Where the ciphertext keeps its word breaks (the
   ``letters`` alphabet, spaces and punctuation passed through), each decrypted word adds its
   log-frequency in English (:func:`~cipherlab.core.text.word_tables`), an unknown word a
   penalty: the information that letter statistics lack at 100-200 letters. Over ``seed``
   the ``-`` is enciphered like a letter, word breaks are unknown, and the quadgrams (which
   count the ``-``) score alone.
2. **Search.** Steepest ascent over swaps of two plaintext letters in ``d`` (every swap
   scored in one batch), from a frequency-ordered key and seeded random keys, each climb
   followed by a few random kicks (swap several letters, climb again, keep if better):
   iterated local search with restarts, until :data:`CONSOLIDATE` restarts agree on the best
   score (or :data:`RESTARTS` have run).
3. **Fixed pairs.** Ciphertext letters given a plaintext letter (``fixed``) start mapped to it
   and are never swapped, so a person who knows a pair can re-solve around it.
4. **Ranking.** The distinct best keys of the restarts are ranked with every scorer
   (:func:`~cipherlab.core.cryptanalysis.rank_keys`): ``ngram`` is the search's own score
   (quadgrams plus words), ``lm`` a language model's re-scoring of these few candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..ciphers import Cipher, SubstitutionCipher
from ..text import Alphabet, NGramScorer, word_tables
from .key_ranking import MAX_SCORED_SYMBOLS, KeyRanking, Scorer, rank_keys

RESTARTS = 30
"""Most climbs from different starting keys (the first from letter frequencies)."""
CONSOLIDATE = 3
"""The search stops once this many climbs from different starting keys reached the best score
found (as subbreaker does): a long text's answer is found again and again within a few
restarts, a short text's search goes on to :data:`RESTARTS`."""
KICKS = 12
"""Random perturbations (a few swaps, then a new climb) tried after each climb."""
KICK_SWAPS = 5
"""Swaps in one perturbation."""
MAX_STEPS = 400
"""Most steepest-ascent steps in one climb."""
CANDIDATES = 6
"""Distinct keys handed to the ranking (the best local optima found)."""
WORD_WEIGHT = 2.0
"""Weight of the word score (nats per word) against the quadgram score (nats per letter)."""
UNKNOWN_WORD = 6.0
"""Nats below the rarest listed word that a word missing from the list costs."""
MAX_WORD_LETTERS = 13
"""Longest word looked up (its code fits in an int64); longer words score as unknown."""
ENGLISH_ORDER = "ETAOINSHRDLCUMWFGYPBVKJXQZ"
"""English letters from most to least frequent (the first key's order)."""


@dataclass(frozen=True, eq=False)
class WordList:
    """English words as sorted integer codes with their log-probabilities.

    Attributes
    ----------
    codes : numpy.ndarray
        int64 ``(V,)``, ascending: each word read as a base-27 number of its letters plus 1.
    log_probs : numpy.ndarray
        float64 ``(V,)``: log-probability of each word (nats), by its count.
    unknown : float
        Log-probability given to a word not in the list.
    """

    codes: np.ndarray
    log_probs: np.ndarray
    unknown: float

    def score(self, codes: np.ndarray) -> np.ndarray:
        """Log-probabilities of word codes, any shape (unknown codes get :attr:`unknown`)."""
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        return np.where(self.codes[at] == codes, self.log_probs[at], self.unknown)


@cache
def english_words() -> WordList:
    """The word list of :func:`~cipherlab.core.text.word_tables`, coded (built once)."""
    tables = word_tables()
    counts = np.diff(tables.word_cum, prepend=0).astype(np.float64)
    keep = [i for i, w in enumerate(tables.words) if len(w) <= MAX_WORD_LETTERS]
    codes = np.array([_word_code(tables.words[i]) for i in keep], dtype=np.int64)
    log_probs = np.log(counts[keep] / counts.sum())
    order = np.argsort(codes)
    return WordList(codes[order], log_probs[order], float(log_probs.min()) - UNKNOWN_WORD)


def _word_code(word: str) -> int:
    code = 0
    for ch in word:
        code = code * 27 + (ord(ch) - ord("A") + 1)
    return code


def word_spans(ciphertext: str, alphabet: Alphabet) -> list[tuple[int, int]]:
    """The words of ``ciphertext``: ``(start, stop)`` in its alphabet symbols.

    A word is a run of alphabet symbols between characters that pass through (spaces,
    punctuation). Empty when the alphabet enciphers its word separator (``seed``'s ``-``) or
    the text has no break, so word breaks are unknown.
    """
    if alphabet.index_of("-") is not None or alphabet.index_of(" ") is not None:
        return []
    spans: list[tuple[int, int]] = []
    position = start = 0
    inside = False
    for ch in ciphertext:
        if alphabet.index_of(ch) is not None:
            if not inside:
                start, inside = position, True
            position += 1
        elif inside:
            spans.append((start, position))
            inside = False
    if inside:
        spans.append((start, position))
    return spans if len(spans) > 1 else []


def plaintext_scorer(
    quadgrams: NGramScorer, spans: list[tuple[int, int]], length: int
) -> Callable[[np.ndarray], np.ndarray]:
    """The search's score of candidate plaintexts: quadgrams, plus words where known.

    Parameters
    ----------
    quadgrams : NGramScorer
        Order-4 model over the alphabet.
    spans : list of (int, int)
        The words (:func:`word_spans`); empty for none.
    length : int
        Symbols of the plaintexts scored (spans past it are cut).

    Returns
    -------
    callable
        int ``(keys, length)`` alphabet indices -> float64 ``(keys,)`` log-likelihoods (nats).
    """
    spans = [(a, min(b, length)) for a, b in spans if a < length]
    if not spans:
        return quadgrams.score
    words = english_words()
    weights = np.zeros(length, dtype=np.int64)
    long_words = 0
    for a, b in spans:
        if b - a > MAX_WORD_LETTERS:
            long_words += 1
            continue
        weights[a:b] = 27 ** np.arange(b - a - 1, -1, -1, dtype=np.int64)
    starts = np.array([a for a, _ in spans], dtype=np.int64)
    lengths = np.array([b - a for a, b in spans], dtype=np.int64)
    short = lengths <= MAX_WORD_LETTERS

    def score(plain: np.ndarray) -> np.ndarray:
        plain = np.atleast_2d(np.asarray(plain, dtype=np.int64))
        codes = np.add.reduceat((plain + 1) * weights, starts, axis=1)[:, short]
        found = words.score(codes).sum(axis=1) + long_words * words.unknown
        return quadgrams.score(plain) + WORD_WEIGHT * found

    return score


def frequency_key(indices: np.ndarray, alphabet: Alphabet, frequencies: np.ndarray) -> np.ndarray:
    """int64 ``(n,)``: the decryption table that maps ciphertext letters by frequency rank.

    The most common ciphertext symbol decrypts to the most common plaintext symbol of
    ``frequencies``, and so on.
    """
    n = len(alphabet)
    counts = np.bincount(indices, minlength=n)
    cipher_order = np.argsort(-counts, kind="stable")
    plain_order = np.argsort(-np.asarray(frequencies), kind="stable")
    table = np.empty(n, dtype=np.int64)
    table[cipher_order] = plain_order
    return table


def _fix(table: np.ndarray, fixed: Mapping[int, int]) -> np.ndarray:
    """``table`` with each fixed ciphertext index mapped to its plaintext (still a permutation)."""
    table = table.copy()
    for c, p in fixed.items():
        other = int(np.flatnonzero(table == p)[0])
        table[other], table[c] = table[c], p
    return table


class _Climber:
    """Steepest ascent over swaps of a decryption table, every swap scored in one batch."""

    def __init__(
        self,
        indices: np.ndarray,
        n: int,
        score: Callable[[np.ndarray], np.ndarray],
        fixed: Mapping[int, int],
    ) -> None:
        self.indices = indices
        self.score = score
        present = np.bincount(indices, minlength=n) > 0
        free = [i for i in range(n) if i not in fixed]
        pairs = [
            (a, b) for i, a in enumerate(free) for b in free[i + 1 :] if present[a] or present[b]
        ]
        self.first = np.array([a for a, _ in pairs], dtype=np.int64)
        self.second = np.array([b for _, b in pairs], dtype=np.int64)
        self.free = np.array(free, dtype=np.int64)
        self.evaluations = 0

    def value(self, table: np.ndarray) -> float:
        return float(self.score(table[self.indices][None, :])[0])

    def climb(self, table: np.ndarray) -> tuple[np.ndarray, float]:
        current = self.value(table)
        if not len(self.first):
            return table, current
        rows = np.arange(len(self.first))
        for _ in range(MAX_STEPS):
            trial = np.repeat(table[None, :], len(self.first), axis=0)
            trial[rows, self.first] = table[self.second]
            trial[rows, self.second] = table[self.first]
            scores = self.score(trial[:, self.indices])
            self.evaluations += len(scores)
            best = int(np.argmax(scores))
            if scores[best] <= current + 1e-9:
                break
            table, current = trial[best], float(scores[best])
        return table, current

    def kick(self, table: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        table = table.copy()
        if len(self.free) < 2:
            return table
        for _ in range(KICK_SWAPS):
            a, b = rng.choice(self.free, size=2, replace=False)
            table[a], table[b] = table[b], table[a]
        return table


def search_tables(
    indices: np.ndarray,
    n: int,
    score: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray,
    fixed: Mapping[int, int] | None = None,
    restarts: int = RESTARTS,
    kicks: int = KICKS,
    seed: int = 0,
    consolidate: int = CONSOLIDATE,
) -> list[tuple[float, np.ndarray]]:
    """The best decryption tables found by iterated hill-climbing, best first.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(symbols,)``: the ciphertext's alphabet indices.
    n : int
        Alphabet size.
    score : callable
        Candidate plaintexts int ``(keys, symbols)`` -> float64 ``(keys,)`` (nats).
    start : numpy.ndarray
        int ``(n,)``: the first restart's table (e.g. :func:`frequency_key`).
    fixed : mapping of int to int, optional
        Ciphertext index -> plaintext index pairs that every table keeps.
    restarts, kicks : int
        Most climbs from new keys, and perturbed climbs after each.
    seed : int
        The random keys and kicks (same seed, same answer).
    consolidate : int
        Stop once this many restarts ended at the best score found.

    Returns
    -------
    list of (float, numpy.ndarray)
        Distinct local optima (score, int64 ``(n,)`` table), highest score first.
    """
    fixed = dict(fixed or {})
    rng = np.random.default_rng(seed)
    climber = _Climber(indices, n, score, fixed)
    found: dict[tuple[int, ...], float] = {}
    ends: list[float] = []  # each restart's best score
    for restart in range(restarts):
        table = start if restart == 0 else rng.permutation(n).astype(np.int64)
        table, value = climber.climb(_fix(np.asarray(table, dtype=np.int64), fixed))
        found[tuple(table.tolist())] = value
        for _ in range(kicks):
            trial, trial_value = climber.climb(climber.kick(table, rng))
            found[tuple(trial.tolist())] = trial_value
            if trial_value > value + 1e-9:
                table, value = trial, trial_value
        ends.append(value)
        if sum(end >= max(ends) - 1e-6 for end in ends) >= consolidate:
            break
    ranked = sorted(found.items(), key=lambda item: -item[1])
    return [(value, np.array(key, dtype=np.int64)) for key, value in ranked]


def fixed_indices(fixed: Mapping[str, str] | None, alphabet: Alphabet) -> dict[int, int]:
    """Fixed letter pairs (ciphertext -> plaintext, any case) as alphabet indices.

    Raises
    ------
    ValueError
        If a letter is outside the alphabet, or two ciphertext letters share a plaintext one.
    """
    pairs: dict[int, int] = {}
    for c, p in (fixed or {}).items():
        ci, pi = alphabet.index_of(c.upper()), alphabet.index_of(p.upper())
        if ci is None or pi is None or len(c) != 1 or len(p) != 1:
            raise ValueError(f"A fixed pair is two symbols of the alphabet, got {c!r} -> {p!r}.")
        if pi in pairs.values():
            raise ValueError(f"Two ciphertext letters cannot both decrypt to {p.upper()!r}.")
        pairs[ci] = pi
    return pairs


def crack_substitution(
    ciphertext: str,
    alphabet: Alphabet,
    scorers: Mapping[str, Scorer],
    method: str,
    quadgrams: NGramScorer,
    frequencies: np.ndarray,
    fixed: Mapping[str, str] | None = None,
    restarts: int = RESTARTS,
    seed: int = 0,
    symbols: int | None = None,
) -> KeyRanking:
    """Rank substitution keys of ``ciphertext`` (see the module notes).

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside ``alphabet`` pass through (and, over ``letters``, mark
        the word breaks that the word score reads).
    alphabet : Alphabet
        The cipher's symbols (a key is a permutation of all of them).
    scorers : mapping of str to Scorer
        Named plaintext scorers; ``ngram`` is replaced by the search's own score (quadgrams,
        plus words where the text has word breaks), the others (``lm``, ``chi2``) re-score
        the candidates found.
    method : str
        The scorer that orders the ranking.
    quadgrams : NGramScorer
        Order-4 model over ``alphabet``.
    frequencies : numpy.ndarray
        float ``(n,)``: English symbol frequencies (the first starting key).
    fixed : mapping of str to str, optional
        Ciphertext letter -> plaintext letter pairs that every candidate keeps (the window's
        "fix a pair and re-solve").
    restarts : int
        Most climbs from new keys (the search stops sooner once :data:`CONSOLIDATE` of them
        agree).
    seed : int
        Same seed, same ranking.
    symbols : int, optional
        The alphabet symbols of the whole text when ``ciphertext`` is its start (see
        :func:`~cipherlab.core.cryptanalysis.rank_keys`).

    Returns
    -------
    KeyRanking
        The candidates are :class:`~cipherlab.core.ciphers.SubstitutionCipher` s whose
        permutation is the full encryption key; never raises for short or empty input.

    Raises
    ------
    ValueError
        If ``method`` is not a scorer or a fixed pair is not two alphabet symbols.
    """
    if method not in scorers:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(scorers)}.")
    n = len(alphabet)
    pairs = fixed_indices(fixed, alphabet)
    indices = np.asarray(alphabet.encode(ciphertext).indices, dtype=np.int64)
    indices = indices[:MAX_SCORED_SYMBOLS]
    score = plaintext_scorer(quadgrams, word_spans(ciphertext, alphabet), len(indices))
    if len(indices) == 0:
        tables = [_fix(np.arange(n, dtype=np.int64), pairs)]
    else:
        start = frequency_key(indices, alphabet, frequencies)
        found = search_tables(indices, n, score, start, pairs, restarts, seed=seed)
        present = np.flatnonzero(np.bincount(indices, minlength=n))
        # keys that differ only in letters the text lacks decrypt it alike: keep the first
        distinct = {tuple(table[present].tolist()): table for _, table in reversed(found)}
        tables = sorted(distinct.values(), key=lambda t: -score(t[indices][None, :])[0])
        tables = tables[:CANDIDATES]
    candidates: list[Cipher] = [
        SubstitutionCipher(alphabet, "".join(alphabet.symbols[i] for i in np.argsort(t)))
        for t in tables
    ]
    ranked_by = {**scorers, "ngram": score}
    return rank_keys(ciphertext, candidates, ranked_by, method, symbols=symbols)
