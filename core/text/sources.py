"""Text as training data: normalising any text to an alphabet, and the user's text files.

Normalising (the ``file`` data source, and the English source's words): letters are
upper-cased (accents dropped, so ``café`` gives ``CAFE``), and every run of anything else
(spaces, digits, punctuation, line breaks, emoji) becomes one separator: ``-`` in the seed
alphabet, a space in ``letters``. A separator that is not an alphabet symbol (the space) is
passed through like any other non-symbol, so the model sees the letters only.

A file is split once: its first 90 % of symbols are the training text and the last 10 % the
validation text, so validation messages are never drawn from text the training stream yields
(:class:`FileText`). Nothing here imports torch or Qt.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .alphabet import Alphabet
from .reading import TextFileError, read_text_file

HOLDOUT_FRACTION = 0.1
"""Share of a file's symbols, at its end, kept for validation."""

COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
"""The combining diacritical mark blocks: what NFKD leaves of an accent."""


def separator(alphabet: Alphabet) -> str:
    """The word separator for ``alphabet``: ``-`` if it has one (seed), else a space."""
    return "-" if alphabet.index_of("-") is not None else " "


def normalise(text: str, alphabet: Alphabet) -> str:
    """``text`` over ``alphabet``: letters upper-cased, every other run one separator.

    Parameters
    ----------
    text : str
        Any text.
    alphabet : Alphabet
        An alphabet whose letters are ``A``-``Z`` (``seed`` or ``letters``).

    Returns
    -------
    str
        Upper-case letters ``A``-``Z`` and single separators (:func:`separator`), with none
        at either end: ``"Hello,  wörld!"`` -> ``"HELLO-WORLD"`` over ``seed``.
    """
    import unicodedata

    text = COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).upper()
    return re.sub("[^A-Z]+", separator(alphabet), text).strip(separator(alphabet))


@cache
def _lookup(symbols: str) -> np.ndarray:
    """int16 ``(128,)``: the alphabet index of each ASCII code, -1 for none."""
    table = np.full(128, -1, dtype=np.int16)
    for index, symbol in enumerate(symbols):
        if len(symbol) == 1 and ord(symbol) < 128:
            table[ord(symbol)] = index
    return table


def text_indices(text: str, alphabet: Alphabet) -> np.ndarray:
    """The alphabet indices of :func:`normalise`'d ``text``, in order.

    Returns
    -------
    numpy.ndarray
        uint8 ``(n_symbols,)`` (every alphabet here has under 256 symbols); separators that
        are not symbols (the space of ``letters``) are left out, as a cipher passes them
        through.

    Raises
    ------
    ValueError
        If ``alphabet`` lacks a letter ``A``-``Z``.
    """
    table = _lookup(alphabet.symbols)
    if (table[ord("A") : ord("Z") + 1] < 0).any():
        raise ValueError(f"Text data needs an alphabet with the letters A-Z, not {alphabet}.")
    codes = np.frombuffer(normalise(text, alphabet).encode("ascii"), dtype=np.uint8)
    found = table[codes]
    return found[found >= 0].astype(np.uint8)


def min_file_symbols(seq_len: int) -> int:
    """Fewest alphabet symbols a file needs for ``seq_len``-symbol messages.

    The last :data:`HOLDOUT_FRACTION` (10 %) must hold one whole validation message, so a
    file needs ``10 * seq_len`` symbols (320 for the default 32-symbol messages).
    """
    return math.ceil(seq_len / HOLDOUT_FRACTION)


def check_long_enough(name: str, symbols: int, seq_len: int) -> None:
    """Raise :class:`TextFileError` if ``symbols`` are fewer than :func:`min_file_symbols`.

    Parameters
    ----------
    name : str
        The file's name, for the message.
    symbols : int
        Alphabet symbols in the file after normalising.
    seq_len : int
        Symbols per message.
    """
    needed = min_file_symbols(seq_len)
    if symbols < needed:
        raise TextFileError(
            f"{name} is too short: {symbols:,} symbols of text after normalising, and "
            f"{seq_len}-symbol messages need at least {needed:,} (the last 10 % is kept for "
            "validation)."
        )


@dataclass(frozen=True, eq=False)
class FileText:
    """A text file as alphabet indices, split into training and validation text.

    Attributes
    ----------
    indices : numpy.ndarray
        uint8 ``(n_symbols,)``: the file's symbols (:func:`text_indices`).
    split : int
        Symbols before it are training text; from it on, validation text (the last 10 %).
    """

    indices: np.ndarray
    split: int

    @property
    def n_symbols(self) -> int:
        """Symbols in the whole file."""
        return len(self.indices)

    def training_messages(self, rng: np.random.Generator, count: int, seq_len: int) -> np.ndarray:
        """``count`` messages at uniform random offsets inside the training text.

        Returns
        -------
        numpy.ndarray
            int64 ``(count, seq_len)``; every message lies wholly before :attr:`split`.
        """
        starts = rng.integers(0, self.split - seq_len + 1, size=count)
        return self.indices[starts[:, None] + np.arange(seq_len)].astype(np.int64)

    def validation_messages(self, count: int, seq_len: int) -> np.ndarray:
        """``count`` messages evenly spread over the validation text (fixed, no randomness).

        Returns
        -------
        numpy.ndarray
            int64 ``(count, seq_len)``; every message lies wholly at or after :attr:`split`.
            If the validation text is short, messages overlap (or repeat).
        """
        last = self.n_symbols - seq_len
        starts = np.linspace(self.split, last, num=count).round().astype(np.int64)
        return self.indices[starts[:, None] + np.arange(seq_len)].astype(np.int64)


def load_file_text(path: str | os.PathLike, alphabet: Alphabet, seq_len: int) -> FileText:
    """Read, normalise and split a text file for ``seq_len``-symbol messages.

    Parameters
    ----------
    path : str or os.PathLike
        A UTF-8 text file.
    alphabet : Alphabet
        ``seed`` or ``letters`` (see :func:`normalise`).
    seq_len : int
        Symbols per message.

    Returns
    -------
    FileText
        The last ``ceil(10 %)`` of the symbols (at least ``seq_len``) are validation text.

    Raises
    ------
    TextFileError
        From :func:`read_text_file`, or if the file has fewer than :func:`min_file_symbols`
        symbols after normalising (the message says how many it has and needs).
    """
    indices = text_indices(read_text_file(path), alphabet)
    check_long_enough(Path(path).name, len(indices), seq_len)
    held_out = max(seq_len, math.ceil(len(indices) * HOLDOUT_FRACTION))
    return FileText(indices, len(indices) - held_out)
