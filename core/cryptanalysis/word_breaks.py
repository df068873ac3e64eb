"""Where a ciphertext's words end, when its alphabet passes the word breaks through.

Over ``letters`` the spaces and punctuation between words pass through a cipher unchanged,
so the plaintext's word breaks are known before any key is tried: the substitution search
scores whole words with them, and a language model that reads the space
(``letters+space``) scores each candidate with them. Over ``seed`` the separator ``-`` is
enciphered like a letter, so the breaks are unknown until a key is tried.

A ciphertext written in groups of equal length (the classic five-letter groups,
``QEBNR FZHYL ...``) has spaces that are not word breaks: it is read as run-on letters.
"""

from __future__ import annotations

import numpy as np

from ..text import Alphabet, word_break_index

MIN_GROUPS = 3
"""Groups of equal length a text needs before its spaces are read as grouping."""
MIN_GROUP_LETTERS = 4
"""Letters a group needs before equal groups are read as grouping: three-letter words in a
row (``THE CAT SAT``) are English."""


def word_spans(ciphertext: str, alphabet: Alphabet) -> list[tuple[int, int]]:
    """The words of ``ciphertext``: ``(start, stop)`` in its alphabet symbols.

    A word is a run of alphabet symbols between characters that pass through (spaces,
    punctuation).

    Parameters
    ----------
    ciphertext : str
        Any text.
    alphabet : Alphabet
        The cipher's alphabet.

    Returns
    -------
    list of (int, int)
        Empty when the word breaks are unknown: the alphabet enciphers its word separator
        (``seed``'s ``-``), the text has no break, or it is written in equal groups
        (:func:`is_grouped`).

    Examples
    --------
    >>> from cipherlab.core.text import LETTER_ALPHABET
    >>> word_spans("Wkh fdw, vdw.", LETTER_ALPHABET)
    [(0, 3), (3, 6), (6, 9)]
    >>> word_spans("QEBNR FZHYL XRSQB", LETTER_ALPHABET)
    []
    """
    if word_break_index(alphabet) is not None:  # enciphered like any other symbol
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
    return spans if len(spans) > 1 and not is_grouped(spans) else []


def is_grouped(spans: list[tuple[int, int]]) -> bool:
    """True if the spans are equal groups: spaces that group letters, not words.

    That is :data:`MIN_GROUPS` or more spans of one length of at least
    :data:`MIN_GROUP_LETTERS` letters, the last no longer.
    """
    lengths = [b - a for a, b in spans]
    if len(lengths) < MIN_GROUPS or lengths[0] < MIN_GROUP_LETTERS:
        return False
    return len(set(lengths[:-1])) == 1 and lengths[-1] <= lengths[0]


def break_positions(spans: list[tuple[int, int]]) -> np.ndarray:
    """int64 ``(breaks,)``: the symbol index each word after the first starts at.

    A word break lies just before each.
    """
    return np.array([a for a, _ in spans[1:]], dtype=np.int64)
