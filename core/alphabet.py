"""The symbol alphabet a model reads and writes, and the text <-> index rules.

Rules (from ``shared/docs/design.md``):

* Letters are case-insensitive for the model; output restores each input letter's case.
* Any other character (space, digit, punctuation, emoji, accented letter) is passed
  through unchanged: it is not fed to the model and gets no probability. A letter followed
  by combining marks (``E`` + U+0301) is an accented letter too, so ``É`` is treated the same
  whether it is written precomposed or decomposed.
* Indexing is per Unicode code point; nothing is dropped or aliased.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

SEED_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
"""The seed tutorial's 27 symbols: index 0 = ``A`` ... 25 = ``Z``, 26 = ``-``."""

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""The 26 Latin letters (the alphabet of classic ROT13)."""


@dataclass(frozen=True)
class EncodedText:
    """A text split into the symbols a model reads and the characters it passes through.

    Attributes
    ----------
    text : str
        The original text.
    indices : tuple of int
        Alphabet index of every in-alphabet character, in order; length ``n_symbols``.
    positions : tuple of int
        Code-point position in ``text`` of each entry of ``indices``; length ``n_symbols``.
    lowercase : tuple of bool
        Whether each entry of ``indices`` is written in lower case; length ``n_symbols``.
        A caseless symbol (``-``) takes the case of the nearest letter before it (else
        after it), so it decodes in the case of its word.
    """

    text: str
    indices: tuple[int, ...]
    positions: tuple[int, ...]
    lowercase: tuple[bool, ...]

    @property
    def n_symbols(self) -> int:
        """Number of in-alphabet characters (symbols the model reads)."""
        return len(self.indices)

    def pass_through_mask(self) -> list[bool]:
        """Per code point of ``text``: True where the character is passed through undecoded."""
        mask = [True] * len(self.text)
        for pos in self.positions:
            mask[pos] = False
        return mask


def is_mark(char: str) -> bool:
    """True for combining marks (Unicode category M*), e.g. U+0301 COMBINING ACUTE ACCENT."""
    return unicodedata.category(char).startswith("M")


def _fill_case(case: list[bool | None]) -> tuple[bool, ...]:
    """Give caseless symbols (``-``) the case of their neighbours.

    The nearest cased symbol before wins, else the one after, else upper case: ciphertext
    ``odv-t`` then decodes to ``bring``, not ``briNg``.
    """
    filled: list[bool | None] = list(case)
    previous: bool | None = None
    for i, value in enumerate(filled):
        if value is None:
            filled[i] = previous
        else:
            previous = value
    following: bool | None = None
    for i in range(len(filled) - 1, -1, -1):
        if case[i] is not None:
            following = case[i]
        elif filled[i] is None:
            filled[i] = following
    return tuple(bool(v) for v in filled)


@dataclass(frozen=True)
class Alphabet:
    """An ordered set of single-character symbols.

    Parameters
    ----------
    symbols : str
        The symbols in index order, each one code point, no repeats, upper case only
        (lower-case input letters are folded onto them).

    Raises
    ------
    ValueError
        If ``symbols`` is empty, repeats a symbol or contains a lower-case letter.
    """

    symbols: str
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.symbols:
            raise ValueError("An alphabet needs at least one symbol.")
        if len(set(self.symbols)) != len(self.symbols):
            raise ValueError(f"Alphabet {self.symbols!r} repeats a symbol.")
        if any(ch != ch.upper() for ch in self.symbols):
            raise ValueError(f"Alphabet {self.symbols!r} must be upper case.")
        object.__setattr__(self, "_index", {ch: i for i, ch in enumerate(self.symbols)})

    def __len__(self) -> int:
        return len(self.symbols)

    def index_of(self, char: str) -> int | None:
        """Index of ``char`` (folding an ASCII-safe lower-case letter), or None to pass it through.

        A lower-case letter folds only when upper-casing then lower-casing gives it back,
        so look-alikes such as dotless ``ı`` or long ``ſ`` are passed through, not aliased.
        """
        idx = self._index.get(char)
        if idx is not None:
            return idx
        upper = char.upper()
        if len(upper) == 1 and upper != char and upper.lower() == char:
            return self._index.get(upper)
        return None

    def encode(self, text: str) -> EncodedText:
        """Split ``text`` into model indices and pass-through characters.

        Parameters
        ----------
        text : str
            Any Unicode text.

        Returns
        -------
        EncodedText
            Indices, their code-point positions and their original case.
        """
        indices: list[int] = []
        positions: list[int] = []
        case: list[bool | None] = []  # True = lower, False = upper, None = caseless ("-")
        for pos, char in enumerate(text):
            idx = self.index_of(char)
            if idx is not None and pos + 1 < len(text) and is_mark(text[pos + 1]):
                idx = None  # "E" + combining acute is the accented letter "É": pass it through
            if idx is not None:
                indices.append(idx)
                positions.append(pos)
                symbol = self.symbols[idx]
                case.append(None if symbol.lower() == symbol else char != symbol)
        return EncodedText(text, tuple(indices), tuple(positions), _fill_case(case))

    def decode(self, encoded: EncodedText, indices: list[int] | tuple[int, ...]) -> str:
        """Rebuild a text: ``encoded``'s pass-through characters plus new symbols.

        Parameters
        ----------
        encoded : EncodedText
            The encoded input that fixes positions, case and pass-through characters.
        indices : sequence of int
            One alphabet index per entry of ``encoded.indices`` (e.g. a model's argmax).

        Raises
        ------
        ValueError
            If ``indices`` has the wrong length or an index is out of range.
        """
        if len(indices) != encoded.n_symbols:
            raise ValueError(f"Expected {encoded.n_symbols} indices, got {len(indices)}.")
        chars = list(encoded.text)
        for pos, idx, lower in zip(encoded.positions, indices, encoded.lowercase, strict=True):
            if not 0 <= idx < len(self.symbols):
                raise ValueError(f"Index {idx} is outside the {len(self)}-symbol alphabet.")
            symbol = self.symbols[idx]
            chars[pos] = symbol.lower() if lower else symbol
        return "".join(chars)


SEED_ALPHABET = Alphabet(SEED_SYMBOLS)
LETTER_ALPHABET = Alphabet(LETTERS)
