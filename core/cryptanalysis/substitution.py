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
   the ``-`` is enciphered like a letter; it is the commonest symbol of English, so the
   commonest ciphertext symbol (and the next, when about as common) is pinned to ``-`` in
   turn, one search each, and the words between its places are scored as above.
2. **Search.** Steepest ascent over swaps of two plaintext letters in ``d`` (every swap
   scored in one batch by the n-grams and words it changes, :class:`SwapScores`), from a
   frequency-ordered key and seeded random keys, each climb
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
from .word_breaks import word_spans

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
AGREE_EARLY_SYMBOLS = 200
"""From this many symbols, a restart whose climb ends at the best score found stops kicking
(it agrees, toward :data:`CONSOLIDATE`). On ``fortunes``' calibration part this halved the
swaps scored at 200 and 400 letters with the same texts decrypted; at 100 letters the kicks
from a shared optimum still found better keys (6 of 8 texts exact with them, 4 without)."""
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
SEPARATOR_GUESSES = 2
"""Commonest ciphertext symbols tried as the enciphered word separator (``seed``'s ``-``)."""
SEPARATOR_RATIO = 0.75
"""A symbol after the commonest is tried as the separator only if at least this common
relative to it: on ``fortunes``' calibration part (400 texts each of 64, 100 and 200 letters)
the ``-`` was the second commonest symbol in 5.5, 2.3 and 0.3 % of texts, always at 0.79 or
more of the commonest's count, while 81-95 % of the texts whose commonest symbol is the ``-``
have no other symbol that close: the second search is spared there."""
SEPARATED_SYMBOLS = 24
"""Shortest text (symbols) whose separator is guessed: below, too few words to read."""
ENGLISH_ORDER = "ETAOINSHRDLCUMWFGYPBVKJXQZ"
"""English letters from most to least frequent (the first key's order)."""


HASH_BITS = 18
"""The word table's slots are ``2 ** HASH_BITS`` (about 3 per listed word)."""
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _slots(codes: np.ndarray) -> np.ndarray:
    """Each word code's first slot in the table (Fibonacci hashing)."""
    mixed = np.asarray(codes, dtype=np.int64).astype(np.uint64) * _GOLDEN
    return (mixed >> np.uint64(64 - HASH_BITS)).astype(np.int64)


@dataclass(frozen=True, eq=False)
class WordList:
    """English words as integer codes with their log-probabilities, in a hash table.

    Build one with :meth:`of`. A word is looked up at its code's slot and the slots after it
    (linear probing), a few array reads for a batch of words however long the list.

    Attributes
    ----------
    slot_codes : numpy.ndarray
        int64 ``(2 ** HASH_BITS,)``: the word code held in each slot, 0 for an empty slot (a
        code is its letters read as a base-27 number, each letter ``A`` = 1 .. ``Z`` = 26).
    slot_log_probs : numpy.ndarray
        float64 ``(2 ** HASH_BITS,)``: log-probability of each slot's word (nats).
    unknown : float
        Log-probability given to a word not in the list.
    """

    slot_codes: np.ndarray
    slot_log_probs: np.ndarray
    unknown: float

    @classmethod
    def of(cls, codes: np.ndarray, log_probs: np.ndarray, unknown: float) -> WordList:
        """The table of distinct positive word ``codes`` and their ``log_probs``."""
        size = 1 << HASH_BITS
        slot_codes = [0] * size
        slot_log_probs = [unknown] * size
        for code, slot, log_prob in zip(
            codes.tolist(), _slots(codes).tolist(), log_probs.tolist(), strict=True
        ):
            while slot_codes[slot]:
                slot = (slot + 1) % size
            slot_codes[slot], slot_log_probs[slot] = code, log_prob
        return cls(np.array(slot_codes, dtype=np.int64), np.array(slot_log_probs), unknown)

    def score(self, codes: np.ndarray) -> np.ndarray:
        """Log-probabilities of word codes, any shape (unknown codes get :attr:`unknown`)."""
        codes = np.asarray(codes, dtype=np.int64)
        flat = codes.ravel()
        out = np.full(flat.shape, self.unknown, dtype=np.float64)
        which = np.arange(len(flat))
        slot = _slots(flat)
        while len(which):
            held = self.slot_codes[slot]
            hit = held == flat
            out[which[hit]] = self.slot_log_probs[slot[hit]]
            going = ~hit & (held != 0)  # occupied by another word: probe on
            which, flat = which[going], flat[going]
            slot = (slot[going] + 1) & ((1 << HASH_BITS) - 1)
        return out.reshape(codes.shape)


@cache
def english_words() -> WordList:
    """The word list of :func:`~cipherlab.core.text.word_tables`, coded (built once)."""
    tables = word_tables()
    counts = np.diff(tables.word_cum, prepend=0).astype(np.float64)
    keep = [i for i, w in enumerate(tables.words) if len(w) <= MAX_WORD_LETTERS]
    codes = np.array([_word_code(tables.words[i]) for i in keep], dtype=np.int64)
    log_probs = np.log(counts[keep] / counts.sum())
    return WordList.of(codes, log_probs, float(log_probs.min()) - UNKNOWN_WORD)


def _word_code(word: str) -> int:
    code = 0
    for ch in word:
        code = code * 27 + (ord(ch) - ord("A") + 1)
    return code


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


def separated_spans(indices: np.ndarray, separator: int) -> list[tuple[int, int]]:
    """The words of a text whose word separator is a symbol: ``(start, stop)`` between them.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(symbols,)``: the text (plaintext, or ciphertext with ``separator`` its
        enciphered ``-``) as alphabet indices.
    separator : int
        The index that breaks words.

    Returns
    -------
    list of (int, int)
        Runs of other symbols, in order; empty when there are fewer than two (no word
        break to read, as :func:`word_spans`).
    """
    breaks = np.flatnonzero(np.asarray(indices) == separator).tolist()
    edges = [-1, *breaks, len(indices)]
    spans = [(a + 1, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a + 1]
    return spans if len(spans) > 1 else []


def separated_scorer(
    quadgrams: NGramScorer, separator: int, length: int
) -> Callable[[np.ndarray], np.ndarray]:
    """The search's score over an alphabet that enciphers its word separator (``seed``).

    Each candidate plaintext is split at its own decrypted separator and scored as
    :func:`plaintext_scorer` scores a text with those word breaks: quadgrams plus words. For
    ranking a few candidates (one text at a time).

    Parameters
    ----------
    quadgrams : NGramScorer
        Order-4 model over the alphabet.
    separator : int
        The alphabet index of the word separator (``-``).
    length : int
        Symbols of the plaintexts scored.

    Returns
    -------
    callable
        int ``(keys, length)`` alphabet indices -> float64 ``(keys,)`` log-likelihoods (nats).
    """

    def score(plain: np.ndarray) -> np.ndarray:
        plain = np.atleast_2d(np.asarray(plain, dtype=np.int64))
        return np.array(
            [
                plaintext_scorer(quadgrams, separated_spans(row, separator), length)(row)[0]
                if len(row)
                else 0.0
                for row in plain
            ],
            dtype=np.float64,
        ).reshape(len(plain))

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


def _pack(columns: list[np.ndarray], base: int) -> np.ndarray:
    """Symbol columns (int ``(k,)`` each, first to last) read as base-``base`` numbers."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes = codes * base + column
    return codes


class SwapScores:
    """A decryption table's score, and the change that each swap of two of its entries makes.

    Swapping the plaintext letters of ciphertext symbols ``a`` and ``b`` changes only the
    n-grams and words of the text that hold ``a`` or ``b``. Those are listed once per text
    (for every swap the climb may try), so a step of the climb re-scores about ``4 / n`` of
    what rescoring every swapped text would, in one batch; the sums are the same as
    :func:`plaintext_scorer`'s (to rounding). Texts shorter than one n-gram are re-scored
    whole.

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(symbols,)``: the ciphertext's alphabet indices.
    n : int
        Alphabet size.
    quadgrams : NGramScorer
        Order-4 model over the alphabet (any order works).
    spans : list of (int, int)
        The words (:func:`word_spans`, :func:`separated_spans`); empty for none. Their
        symbols must decrypt to letters (the separator, if enciphered, is a fixed pair).
    first, second : numpy.ndarray
        int ``(swaps,)``: the ciphertext symbols whose plaintext letters each swap exchanges.
    """

    def __init__(
        self,
        indices: np.ndarray,
        n: int,
        quadgrams: NGramScorer,
        spans: list[tuple[int, int]],
        first: np.ndarray,
        second: np.ndarray,
    ) -> None:
        self.indices = np.asarray(indices, dtype=np.int64)
        self.n, self.first, self.second = n, first, second
        self.full = plaintext_scorer(quadgrams, spans, len(self.indices))
        self.quadgrams = quadgrams
        order, length = quadgrams.order, len(self.indices)
        self.incremental = length >= order and len(first) > 0
        if not self.incremental:
            return
        width = n + 1  # a swapped table's row, plus a last entry (-1) for word padding
        swaps = np.arange(len(first))
        touched = np.zeros((len(first), n), dtype=bool)
        touched[swaps, first] = touched[swaps, second] = True
        self.powers = n ** np.arange(order - 1, -1, -1, dtype=np.int64)
        self.windows = np.lib.stride_tricks.sliding_window_view(self.indices, order)
        seg, at = np.nonzero(touched[:, self.windows].any(axis=2))
        self.window_seg, self.window_at = seg, at
        gather = seg[:, None] * width + self.windows[at]
        self.window_columns = [np.ascontiguousarray(column) for column in gather.T]
        self.opening = self.indices[: order - 1]
        spans = [(a, min(b, length)) for a, b in spans if a < length]
        short = [(a, b) for a, b in spans if b - a <= MAX_WORD_LETTERS]
        self.long_words = len(spans) - len(short)
        self.words = english_words() if spans else None
        letters = np.full((len(short), MAX_WORD_LETTERS), n, dtype=np.int64)
        weights = np.zeros((len(short), MAX_WORD_LETTERS), dtype=np.int64)
        for row, (a, b) in enumerate(short):
            letters[row, : b - a] = self.indices[a:b]
            weights[row, : b - a] = 27 ** np.arange(b - a - 1, -1, -1, dtype=np.int64)
        self.word_letters, self.word_weights = letters, weights
        padded = np.concatenate([touched, np.zeros((len(first), 1), dtype=bool)], axis=1)
        seg, at = np.nonzero(padded[:, letters].any(axis=2))
        self.word_seg, self.word_at = seg, at
        self.word_gather = seg[:, None] * width + letters[at]

    def value(self, table: np.ndarray) -> float:
        """The score of ``table`` (nats), as :func:`plaintext_scorer` gives it."""
        return float(self.full(table[self.indices][None, :])[0])

    def _parts(self, table: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
        """Each n-gram's score, the opening's, and each short word's, under ``table``."""
        q = self.quadgrams
        grams = q.log_probs[(table[self.windows] * self.powers).sum(axis=1)]
        opening = float(q.start_log_probs[(table[self.opening] * self.powers[1:]).sum()])
        if self.words is None:
            return grams, opening, np.zeros(0)
        padded = np.append(table, -1)
        codes = ((padded[self.word_letters] + 1) * self.word_weights).sum(axis=1)
        return grams, opening, self.words.score(codes)

    def changes(self, table: np.ndarray) -> np.ndarray:
        """float64 ``(swaps,)``: each swap's score minus ``table``'s (nats)."""
        count = len(self.first)
        rows = np.arange(count)
        swapped = np.empty((count, self.n + 1), dtype=np.int64)
        swapped[:, : self.n] = table
        swapped[:, self.n] = -1
        swapped[rows, self.first] = table[self.second]
        swapped[rows, self.second] = table[self.first]
        if not self.incremental:
            plain = swapped[:, : self.n][:, self.indices]
            return self.full(plain) - self.value(table)
        flat = swapped.ravel()
        q = self.quadgrams
        grams, opening, words = self._parts(table)
        new = q.log_probs[_pack([flat[g] for g in self.window_columns], self.n)]
        new = new.astype(np.float64) - grams[self.window_at]
        change: np.ndarray = np.bincount(self.window_seg, new, minlength=count)
        openings = q.start_log_probs[_pack([swapped[:, c] for c in self.opening], self.n)]
        change += openings.astype(np.float64) - opening
        if self.words is not None and len(self.word_seg):
            codes = ((flat[self.word_gather] + 1) * self.word_weights[self.word_at]).sum(axis=1)
            found = self.words.score(codes) - words[self.word_at]
            change = change + WORD_WEIGHT * np.bincount(self.word_seg, found, minlength=count)
        return change


class _Climber:
    """Steepest ascent over swaps of a decryption table, every swap scored in one batch."""

    def __init__(
        self,
        indices: np.ndarray,
        n: int,
        quadgrams: NGramScorer,
        spans: list[tuple[int, int]],
        fixed: Mapping[int, int],
    ) -> None:
        present = np.bincount(indices, minlength=n) > 0
        free = [i for i in range(n) if i not in fixed]
        pairs = [
            (a, b) for i, a in enumerate(free) for b in free[i + 1 :] if present[a] or present[b]
        ]
        self.first = np.array([a for a, _ in pairs], dtype=np.int64)
        self.second = np.array([b for _, b in pairs], dtype=np.int64)
        self.free = np.array(free, dtype=np.int64)
        self.scores = SwapScores(indices, n, quadgrams, spans, self.first, self.second)
        self.evaluations = 0

    def value(self, table: np.ndarray) -> float:
        return self.scores.value(table)

    def climb(self, table: np.ndarray) -> tuple[np.ndarray, float]:
        current = self.value(table)
        if not len(self.first):
            return table, current
        for _ in range(MAX_STEPS):
            change = self.scores.changes(table)
            self.evaluations += len(change)
            best = int(np.argmax(change))
            if change[best] <= 1e-9:
                break
            table = table.copy()
            a, b = self.first[best], self.second[best]
            table[a], table[b] = table[b], table[a]
            current += float(change[best])
        return table, self.value(table)

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
    quadgrams: NGramScorer,
    spans: list[tuple[int, int]],
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
    quadgrams : NGramScorer
        Order-4 model over the alphabet.
    spans : list of (int, int)
        The words whose English the score reads too (:func:`plaintext_scorer`); empty for
        none.
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
    climber = _Climber(indices, n, quadgrams, spans, fixed)
    found: dict[tuple[int, ...], float] = {}
    ends: list[float] = []  # each restart's best score
    for restart in range(restarts):
        table = start if restart == 0 else rng.permutation(n).astype(np.int64)
        table, value = climber.climb(_fix(np.asarray(table, dtype=np.int64), fixed))
        found[tuple(table.tolist())] = value
        for _ in range(kicks):
            if ends and len(indices) >= AGREE_EARLY_SYMBOLS and value >= max(ends) - 1e-6:
                break  # back at the best optimum found: this restart agrees, no more kicks
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


def _separator_guesses(
    indices: np.ndarray, n: int, separator: int | None, fixed: Mapping[int, int]
) -> list[dict[int, int]]:
    """Ciphertext symbols to try as the enciphered word separator, each as a fixed pair.

    Over ``seed`` the ``-`` is the commonest symbol of English (about 18 %), so the commonest
    ciphertext symbols are tried in turn (:data:`SEPARATOR_GUESSES`, those at least
    :data:`SEPARATOR_RATIO` as common as the first), each pinned to it: the
    decrypted text then has word breaks, and the word score applies. ``[{}]`` (one search,
    nothing pinned) when the alphabet has no separator or the text is too short
    (:data:`SEPARATED_SYMBOLS`); only the fixed pair's symbol when one already places it.
    """
    if separator is None or len(indices) < SEPARATED_SYMBOLS:
        return [{}]
    if separator in fixed.values():  # a fixed pair places it: read its breaks
        return [{c: p for c, p in fixed.items() if p == separator}]
    counts = np.bincount(indices, minlength=n)
    order = [int(c) for c in np.argsort(-counts, kind="stable") if counts[c] and c not in fixed]
    close = [
        c for c in order[:SEPARATOR_GUESSES] if counts[c] >= SEPARATOR_RATIO * counts[order[0]]
    ]
    return [{c: separator} for c in close] or [{}]


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
    separator = alphabet.index_of("-")
    if len(indices) == 0:
        tables = [_fix(np.arange(n, dtype=np.int64), pairs)]
    else:
        start = frequency_key(indices, alphabet, frequencies)
        found: list[tuple[float, np.ndarray]] = []
        guesses = _separator_guesses(indices, n, separator, pairs)
        for separating in guesses:
            pinned = {**pairs, **separating}
            spans = word_spans(ciphertext, alphabet)
            if separating:  # the pinned symbol's places are the word breaks
                spans = separated_spans(indices, next(iter(separating)))
            found += search_tables(indices, n, quadgrams, spans, start, pinned, restarts, seed=seed)
        if separator is not None and guesses[0]:
            score = separated_scorer(quadgrams, separator, len(indices))
        present = np.flatnonzero(np.bincount(indices, minlength=n))
        # keys that differ only in letters the text lacks decrypt it alike: keep the best
        distinct: dict[tuple[int, ...], np.ndarray] = {}
        for _, table in sorted(found, key=lambda item: -item[0]):
            distinct.setdefault(tuple(table[present].tolist()), table)
        tables = list(distinct.values())[:CANDIDATES]
    candidates: list[Cipher] = [
        SubstitutionCipher(alphabet, "".join(alphabet.symbols[i] for i in np.argsort(t)))
        for t in tables
    ]
    ranked_by = {**scorers, "ngram": score}
    return rank_keys(ciphertext, candidates, ranked_by, method, symbols=symbols)
