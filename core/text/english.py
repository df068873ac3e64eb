"""English-like text, generated on the fly from word and word-pair counts, without obscene words.

Where the words come from
-------------------------
symspellpy ships two MIT-licensed count files: ``frequency_dictionary_en_82_765.txt`` (82,765
English words with their counts, from Google Books Ngrams intersected with SCOWL) and
``frequency_bigramdictionary_en_243_342.txt`` (242,342 word pairs with their counts). They are
read through :mod:`importlib.resources`, never by path. We chose symspellpy over wordfreq
because its data is MIT (wordfreq's is CC BY-SA 4.0, share-alike, which would bind the app),
its wheel is 2.6 MB with one small compiled dependency (wordfreq's is about 30 MB plus four
dependencies), and word pairs come with it (wordfreq has single words only).

How the text is made
--------------------
A message is a walk over words: the first word is drawn by its count, each next word by the
counts of the pairs that start with the previous word, and, with probability
:data:`RESTART` or when no pair starts with it, by its own count again (a new "sentence").
Only words of the letters ``a``-``z`` are kept (``don't`` is left out rather than cut into
``DON-T``). Words are upper-cased and joined by the alphabet's separator (``-`` in ``seed``,
a space in ``letters``, which the cipher passes through). A message starts at a random
symbol of its first word, so messages do not always start at a word boundary.

Obscene words
-------------
Word lists from books contain obscene words and this app is used in classrooms. Every word,
and every pair that forms a listed phrase (``blow job``), in the list of the package
better_profanity is removed before any text is made (:func:`blocked_words`). better_profanity
is light (a 46 kB pure-Python wheel, MIT, no dependencies) and its list (about 900 entries)
is the one it matches text against; the maintained alternative, alt-profanity-check, is a
scikit-learn model (tens of MB of dependencies) that scores sentences rather than listing
words.

Nothing here imports torch or Qt; the tables are built once per process (about half a
second) and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .alphabet import Alphabet
from .sources import separator

WORDS_FILE = "frequency_dictionary_en_82_765.txt"
"""symspellpy's word counts: ``word count`` per line."""
PAIRS_FILE = "frequency_bigramdictionary_en_243_342.txt"
"""symspellpy's word-pair counts: ``word word count`` per line."""
PROFANITY_FILE = "profanity_wordlist.txt"
"""better_profanity's list: one word or phrase per line."""

RESTART = 0.125
"""Chance that a word is drawn by its own count rather than following the previous word (a
new clause), so walks do not circle through the most common pairs."""

WORD = re.compile("[a-z]+")


@cache
def blocked_words() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The obscene words and word pairs, lower case, from better_profanity's list.

    Returns
    -------
    words : frozenset of str
        Single-word entries (``"arse"``).
    pairs : frozenset of (str, str)
        Consecutive words of multi-word entries (``"blow job"`` -> ``("blow", "job")``;
        ``"ass-fucker"`` too), so no two generated words form a listed phrase.
    """
    text = resources.files("better_profanity").joinpath(PROFANITY_FILE).read_text("utf-8")
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for entry in text.lower().splitlines():
        parts = WORD.findall(entry)
        if len(parts) == 1 and WORD.fullmatch(entry.strip()):
            words.add(parts[0])
        elif len(parts) > 1:
            pairs.update(zip(parts, parts[1:], strict=False))
    return frozenset(words), frozenset(pairs)


MASK = "•"
"""What each letter of an obscene word a language model writes is shown as."""


@cache
def blocked_phrases() -> frozenset[tuple[str, ...]]:
    """The multi-word entries of better_profanity's list, each as its lower-case words.

    ``"blow job"`` gives ``("blow", "job")``.
    """
    text = resources.files("better_profanity").joinpath(PROFANITY_FILE).read_text("utf-8")
    return frozenset(
        tuple(parts) for parts in (WORD.findall(e) for e in text.lower().splitlines())
        if len(parts) > 1
    )  # fmt: skip


def mask_obscene(text: str) -> str:
    """``text`` with every obscene word and listed phrase written as :data:`MASK` letters.

    For the text a model writes (samples), which may join letters into any word: a class
    sees ``••••``, never the word. Words are runs of letters, any case; a phrase is a listed
    entry of several words (:func:`blocked_phrases`) found word for word; everything else is
    kept as it is.

    Examples
    --------
    >>> mask_obscene("THE-ARSE-OF-A-HORSE")
    'THE-••••-OF-A-HORSE'
    >>> mask_obscene("a blow job")
    'a •••• •••'
    """
    banned = blocked_words()[0]
    phrases = blocked_phrases()
    longest = max((len(p) for p in phrases), default=1)
    found = list(re.finditer("[A-Za-z]+", text))
    words = [m.group().lower() for m in found]
    hidden = [w in banned for w in words]
    for i in range(len(words)):
        for size in range(2, min(longest, len(words) - i) + 1):
            if tuple(words[i : i + size]) in phrases:
                hidden[i : i + size] = [True] * size
    out = list(text)
    for m, hide in zip(found, hidden, strict=True):
        if hide:
            out[m.start() : m.end()] = MASK * (m.end() - m.start())
    return "".join(out)


@dataclass(frozen=True, eq=False)
class WordTables:
    """Word and word-pair counts as arrays, for drawing many walks at once.

    Attributes
    ----------
    words : tuple of str
        The vocabulary, upper case ``A``-``Z``, most common first.
    word_cum : numpy.ndarray
        int64 ``(V,)``: cumulative word counts.
    pair_start, pair_stop : numpy.ndarray
        int64 ``(V,)``: the rows of :attr:`pair_next` that continue each word.
    pair_next : numpy.ndarray
        int64 ``(P,)``: the second word of each pair, grouped by first word.
    pair_cum : numpy.ndarray
        int64 ``(P,)``: cumulative pair counts, in the same order.
    """

    words: tuple[str, ...]
    word_cum: np.ndarray
    pair_start: np.ndarray
    pair_stop: np.ndarray
    pair_next: np.ndarray
    pair_cum: np.ndarray

    def first_words(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """int64 ``(count,)``: words drawn by their counts."""
        targets = rng.integers(0, self.word_cum[-1], size=count)
        return np.searchsorted(self.word_cum, targets, side="right")

    def next_words(self, rng: np.random.Generator, previous: np.ndarray) -> np.ndarray:
        """int64, shape of ``previous``: each word's successor (see the module notes)."""
        start, stop = self.pair_start[previous], self.pair_stop[previous]
        base = np.where(start > 0, self.pair_cum[np.maximum(start - 1, 0)], 0)
        total = np.where(stop > start, self.pair_cum[np.maximum(stop - 1, 0)] - base, 0)
        targets = base + (rng.random(previous.shape) * total).astype(np.int64)
        rows = np.clip(np.searchsorted(self.pair_cum, targets, side="right"), start, stop - 1)
        chosen = self.pair_next[np.maximum(rows, 0)]
        restart = (stop <= start) | (rng.random(previous.shape) < RESTART)
        chosen[restart] = self.first_words(rng, int(restart.sum()))
        return chosen


def _columns(name: str, width: int) -> list[list[str]]:
    """The whitespace-separated columns of a symspellpy count file (``width`` per line)."""
    tokens = resources.files("symspellpy").joinpath(name).read_text("utf-8").split()
    return [tokens[i::width] for i in range(width)]


@cache
def word_tables() -> WordTables:
    """The word and word-pair counts of symspellpy, without obscene words (built once).

    Raises
    ------
    ModuleNotFoundError
        If symspellpy or better_profanity is not installed.
    """
    banned, banned_pairs = blocked_words()
    words, counts = _columns(WORDS_FILE, 2)
    keep = [i for i, w in enumerate(words) if w not in banned and WORD.fullmatch(w)]
    word_counts = np.array(counts, dtype=np.int64)[keep]
    order = np.argsort(-word_counts, kind="stable")  # most common first
    vocab = [words[keep[i]] for i in order]
    ids = {w: i for i, w in enumerate(vocab)}
    firsts, seconds, pair_counts = _columns(PAIRS_FILE, 3)
    a = np.array([ids.get(w, -1) for w in firsts], dtype=np.int64)
    b = np.array([ids.get(w, -1) for w in seconds], dtype=np.int64)
    ok = (a >= 0) & (b >= 0)
    if banned_pairs:
        ok &= ~np.array([pair in banned_pairs for pair in zip(firsts, seconds, strict=True)])
    c = np.array(pair_counts, dtype=np.int64)
    by_first = np.lexsort((b[ok], a[ok]))
    a, b, c = a[ok][by_first], b[ok][by_first], c[ok][by_first]
    everyone = np.arange(len(vocab))
    return WordTables(
        words=tuple(w.upper() for w in vocab),
        word_cum=np.cumsum(word_counts[order]),
        pair_start=np.searchsorted(a, everyone, side="left"),
        pair_stop=np.searchsorted(a, everyone, side="right"),
        pair_next=b,
        pair_cum=np.cumsum(c),
    )


@cache
def _spelling(symbols: str) -> tuple[np.ndarray, np.ndarray]:
    """Each word's symbols in an alphabet, separator included if it is a symbol.

    Returns int64 ``(V, L)`` (padded) and int64 ``(V,)`` lengths.
    """
    alphabet = Alphabet(symbols)
    words = word_tables().words
    tail = separator(alphabet) if alphabet.index_of(separator(alphabet)) is not None else ""
    spelt = np.array([w + tail for w in words], dtype=bytes)  # ASCII, padded with NULs
    lengths = np.char.str_len(spelt).astype(np.int64)
    codes = spelt.view(np.uint8).reshape(len(words), -1)
    lookup = np.full(256, -1, dtype=np.int64)
    for symbol in set("".join(words) + tail):
        index = alphabet.index_of(symbol)
        if index is None:
            raise ValueError(f"English text needs an alphabet with the letters A-Z, not {symbols}.")
        lookup[ord(symbol)] = index
    return np.maximum(lookup[codes], 0), lengths


def english_messages(
    rng: np.random.Generator, count: int, seq_len: int, alphabet: Alphabet
) -> np.ndarray:
    """``count`` English-like plaintext messages as alphabet indices.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness: the same state gives the same messages.
    count, seq_len : int
        Messages and symbols per message (both >= 1).
    alphabet : Alphabet
        ``seed`` (words joined by ``-``) or ``letters`` (by spaces, which are not symbols).

    Returns
    -------
    numpy.ndarray
        int64 ``(count, seq_len)`` with values in ``[0, len(alphabet))``.
    """
    tables = word_tables()
    spelling, lengths = _spelling(alphabet.symbols)
    walk = [tables.first_words(rng, count)]
    offset = (rng.random(count) * lengths[walk[0]]).astype(np.int64)
    total = lengths[walk[0]] - offset
    while total.min() < seq_len:
        walk.append(tables.next_words(rng, walk[-1]))
        total += lengths[walk[-1]]
    ids = np.stack(walk, axis=1)  # (count, words)
    word_lengths = lengths[ids]
    flat = spelling[ids][np.arange(spelling.shape[1]) < word_lengths[..., None]]
    row_start = np.cumsum(word_lengths.sum(axis=1)) - word_lengths.sum(axis=1)
    return flat[(row_start + offset)[:, None] + np.arange(seq_len)]


def english_text(rng: np.random.Generator, n_words: int, alphabet: Alphabet) -> str:
    """A sample of ``n_words`` English-like words joined by the alphabet's separator.

    For previews (``"THE-FIRST-TIME"`` over ``seed``, ``"THE FIRST TIME"`` over ``letters``).
    """
    tables = word_tables()
    walk = [tables.first_words(rng, 1)]
    for _ in range(n_words - 1):
        walk.append(tables.next_words(rng, walk[-1]))
    return separator(alphabet).join(tables.words[int(w[0])] for w in walk)
