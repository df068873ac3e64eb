"""The symbol alphabet a model reads and writes, and the text <-> index rules.

Rules (the product's text handling):

* Letters are case-insensitive for the model; output restores each input letter's case.
* Any other character (space, digit, punctuation, emoji, accented letter) is passed
  through unchanged: it is not fed to the model and gets no probability. A letter followed
  by combining marks (``E`` + U+0301) is an accented letter too, so ``É`` is treated the same
  whether it is written precomposed or decomposed.
* Indexing is per Unicode code point; nothing is dropped or aliased.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

SEED_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
"""The seed tutorial's 27 symbols: index 0 = ``A`` ... 25 = ``Z``, 26 = ``-``."""

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""The 26 Latin letters (the alphabet of classic ROT13)."""


@dataclass(frozen=True, eq=False)
class EncodedText:
    """A text split into the symbols a model reads and the characters it passes through.

    Attributes
    ----------
    text : str
        The original text.
    indices : numpy.ndarray
        int64 ``(n_symbols,)``: alphabet index of every in-alphabet character, in order.
    positions : numpy.ndarray
        int64 ``(n_symbols,)``: code-point position in ``text`` of each entry of ``indices``.
    lowercase : numpy.ndarray
        bool ``(n_symbols,)``: whether each entry of ``indices`` is written in lower case.
        A caseless symbol (``-``) takes the case of the nearest letter before it (else
        after it), so it decodes in the case of its word.
    """

    text: str
    indices: np.ndarray
    positions: np.ndarray
    lowercase: np.ndarray

    @property
    def n_symbols(self) -> int:
        """Number of in-alphabet characters (symbols the model reads)."""
        return len(self.indices)

    def split(self, symbol: int) -> tuple[EncodedText, EncodedText]:
        """Cut just before symbol ``symbol``: the symbols before it, and the rest.

        Parameters
        ----------
        symbol : int
            Index into :attr:`indices`, in ``[0, n_symbols)``.

        Returns
        -------
        head, tail : EncodedText
            ``head`` has symbols ``0 .. symbol - 1`` and the pass-through characters after
            the last of them; ``tail`` starts with symbol ``symbol``, its positions counted
            from its own start. ``head.text + tail.text == text``.

        Raises
        ------
        IndexError
            If ``symbol`` is not in ``[0, n_symbols)``.
        """
        if not 0 <= symbol < self.n_symbols:
            raise IndexError(f"Symbol {symbol} is not one of the {self.n_symbols} symbols.")
        at = int(self.positions[symbol])
        return (
            EncodedText(
                self.text[:at],
                self.indices[:symbol],
                self.positions[:symbol],
                self.lowercase[:symbol],
            ),
            EncodedText(
                self.text[at:],
                self.indices[symbol:],
                self.positions[symbol:] - at,
                self.lowercase[symbol:],
            ),
        )

    @classmethod
    def join(cls, parts: list[EncodedText]) -> EncodedText:
        """Consecutive parts of one encoded text as one (the inverse of :meth:`split`).

        Parameters
        ----------
        parts : list of EncodedText
            Parts in order, each with positions counted from its own start.

        Returns
        -------
        EncodedText
            Texts, indices and case concatenated; positions shifted by the lengths of the
            texts before. One part is returned as it is; none gives an empty text.
        """
        if len(parts) == 1:
            return parts[0]
        starts = np.cumsum([0] + [len(p.text) for p in parts[:-1]], dtype=np.int64)
        return cls(
            "".join(p.text for p in parts),
            np.concatenate([p.indices for p in parts] or [np.zeros(0, dtype=np.int64)]),
            np.concatenate(
                [p.positions + start for p, start in zip(parts, starts.tolist(), strict=True)]
                or [np.zeros(0, dtype=np.int64)]
            ),
            np.concatenate([p.lowercase for p in parts] or [np.zeros(0, dtype=bool)]),
        )

    def pass_through_mask(self) -> list[bool]:
        """Per code point of ``text``: True where the character is passed through undecoded."""
        mask = np.ones(len(self.text), dtype=bool)
        mask[self.positions] = False
        return mask.tolist()


def code_points(text: str) -> np.ndarray:
    """uint32 ``(len(text),)``: the code points of ``text`` (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def is_mark(char: str) -> bool:
    """True for combining marks (Unicode category M*), e.g. U+0301 COMBINING ACUTE ACCENT."""
    return unicodedata.category(char).startswith("M")


def _fill_case(case: np.ndarray, before: bool | None = None) -> np.ndarray:
    """Give caseless symbols (``-``) the case of their neighbours.

    ``case`` is int8 ``(n,)``: 1 lower, 0 upper, -1 caseless. The nearest cased symbol before
    wins, else the one after, else upper case: ciphertext ``odv-t`` then decodes to
    ``bring``, not ``briNg``. ``before`` is the case (True = lower) of the last cased symbol
    before these, if the text began earlier (:meth:`Alphabet.encode_pieces`). Returns bool
    ``(n,)``, True = lower case.
    """
    n = len(case)
    cased = case >= 0
    index = np.arange(n)
    before_at = np.maximum.accumulate(np.where(cased, index, -1)) if n else index
    after = np.minimum.accumulate(np.where(cased, index, n)[::-1])[::-1] if n else index
    if before is not None:  # every symbol has a cased symbol before it, here or earlier
        after = np.full(n, n + 1)
    source = np.where(before_at >= 0, before_at, after)
    # source == n: no cased symbol at all (upper); n + 1: the one before the text
    padded = np.append(case, [0, int(bool(before))]).astype(np.int8)
    return padded[source] == 1


@dataclass(frozen=True)
class Alphabet:
    """An ordered set of single-character symbols.

    Parameters
    ----------
    symbols : str
        The symbols in index order, each one code point, no repeats, upper case only
        (lower-case input letters are folded onto them).
    name : str
        The name the CLI, the window and model files use (``seed``, ``letters``); ``""`` for
        an alphabet read from a file that is none of the named ones. Two alphabets with the
        same symbols are equal whatever their names.

    Raises
    ------
    ValueError
        If ``symbols`` is empty, repeats a symbol or contains a lower-case letter.
    """

    symbols: str
    name: str = field(default="", compare=False)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _upper_codes: np.ndarray = field(init=False, repr=False, compare=False)
    _lower_codes: np.ndarray = field(init=False, repr=False, compare=False)
    _caseless: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.symbols:
            raise ValueError("An alphabet needs at least one symbol.")
        if len(set(self.symbols)) != len(self.symbols):
            raise ValueError(f"Alphabet {self.symbols!r} repeats a symbol.")
        if any(ch != ch.upper() for ch in self.symbols):
            raise ValueError(f"Alphabet {self.symbols!r} must be upper case.")
        object.__setattr__(self, "_index", {ch: i for i, ch in enumerate(self.symbols)})
        # per-symbol lookup tables for the vectorised encode/decode
        lower = [s.lower() if len(s.lower()) == 1 else s for s in self.symbols]
        object.__setattr__(
            self, "_upper_codes", np.array([ord(s) for s in self.symbols], dtype=np.uint32)
        )
        object.__setattr__(self, "_lower_codes", np.array([ord(s) for s in lower], dtype=np.uint32))
        object.__setattr__(self, "_caseless", np.array([s.lower() == s for s in self.symbols]))

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

    def encode(self, text: str, case_before: bool | None = None) -> EncodedText:
        """Split ``text`` into model indices and pass-through characters.

        Vectorised over code points (a 1 MB text takes tens of milliseconds); only the
        distinct characters go through :meth:`index_of` and :func:`is_mark`.

        Parameters
        ----------
        text : str
            Any Unicode text.
        case_before : bool, optional
            When ``text`` continues a longer text: whether the last cased symbol before it
            was lower case, which caseless symbols (``-``) before ``text``'s first cased one
            take (see :meth:`encode_pieces`). None: ``text`` is the whole text.

        Returns
        -------
        EncodedText
            Indices, their code-point positions and their case.
        """
        codes = code_points(text)
        unique, inverse = np.unique(codes, return_inverse=True)
        chars = [chr(c) for c in unique.tolist()]
        index_u = np.array(
            [-1 if (i := self.index_of(c)) is None else i for c in chars], dtype=np.int64
        )
        mark_u = np.array([is_mark(c) for c in chars], dtype=bool)
        index = index_u[inverse] if len(codes) else np.zeros(0, dtype=np.int64)
        if len(codes) > 1:
            # "E" + combining acute is the accented letter "É": pass it through
            index[:-1][mark_u[inverse][1:]] = -1
        positions = np.flatnonzero(index >= 0).astype(np.int64)
        indices = index[positions]
        upper = self._upper_codes
        case = np.where(self._caseless[indices], -1, codes[positions] != upper[indices])
        return EncodedText(text, indices, positions, _fill_case(case.astype(np.int8), case_before))

    def encode_pieces(self, pieces: Iterable[str]) -> Iterator[EncodedText]:
        """:meth:`encode` a long text given in pieces, one piece at a time.

        The pieces yielded are encoded exactly as the whole text would be: their texts
        concatenate to the text, and their indices, case and (shifted by the lengths of the
        texts before) positions concatenate to those :meth:`encode` gives for the whole. A
        piece's last character moves to the next piece (with any marks after it), since a
        combining mark there would make it an accented letter; and a caseless symbol takes
        the case of the last cased symbol before it, in an earlier piece if need be. Memory
        is that of one piece, plus the text before the first cased symbol until one comes.

        Parameters
        ----------
        pieces : iterable of str
            The text, in pieces of any length (e.g. :func:`~cipherlab.core.text.
            read_text_pieces`'s).

        Yields
        ------
        EncodedText
            One per piece (about: see above), never with an empty text; none for an empty
            text.
        """
        before: bool | None = None  # the case of the last cased symbol so far
        waiting: list[str] = []  # pieces with no cased symbol, before the first cased one
        for text in _whole_letters(pieces):
            if before is not None:
                encoded = self.encode(text, before)
            else:
                encoded = self.encode(text)
                cased = ~self._caseless[encoded.indices]
                if not cased.any():
                    waiting.append(text)
                    continue
                first = bool(encoded.lowercase[int(np.argmax(cased))])
                yield from (self.encode(held, first) for held in waiting)
                waiting = []
            if encoded.n_symbols:
                before = bool(encoded.lowercase[-1])
            yield encoded
        yield from (self.encode(held) for held in waiting)  # no cased symbol at all

    def decode(self, encoded: EncodedText, indices: ArrayLike) -> str:
        """Rebuild a text: ``encoded``'s pass-through characters plus new symbols.

        Parameters
        ----------
        encoded : EncodedText
            The encoded input that fixes positions, case and pass-through characters.
        indices : array-like of int, shape ``(n_symbols,)``
            One alphabet index per entry of ``encoded.indices`` (e.g. a model's argmax).

        Raises
        ------
        ValueError
            If ``indices`` has the wrong length or an index is out of range.
        """
        indices = np.asarray(indices, dtype=np.int64).reshape(-1)
        if len(indices) != encoded.n_symbols:
            raise ValueError(f"Expected {encoded.n_symbols} indices, got {len(indices)}.")
        if len(indices) and (indices.min() < 0 or indices.max() >= len(self.symbols)):
            bad = indices[(indices < 0) | (indices >= len(self.symbols))][0]
            raise ValueError(f"Index {bad} is outside the {len(self)}-symbol alphabet.")
        out = code_points(encoded.text).copy()
        out[encoded.positions] = np.where(
            encoded.lowercase, self._lower_codes[indices], self._upper_codes[indices]
        )
        return out.tobytes().decode("utf-32-le", "surrogatepass")


def _whole_letters(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces re-cut so that none starts with a combining mark (and none is empty).

    Each piece's last character that is not a mark, and the marks after it, move to the
    next piece: a mark makes the character before it an accented letter, so the two must be
    encoded together.
    """
    carry = ""
    for piece in pieces:
        text = carry + piece
        cut = len(text) - 1
        while cut > 0 and is_mark(text[cut]):
            cut -= 1
        cut = max(cut, 0)
        if cut:
            yield text[:cut]
        carry = text[cut:]
    if carry:
        yield carry


SEED_ALPHABET = Alphabet(SEED_SYMBOLS, "seed")
LETTER_ALPHABET = Alphabet(LETTERS, "letters")

WORD_BREAK = " "
"""The word break a language model reads over an alphabet without a separator symbol."""
LETTERS_AND_SPACE = Alphabet(LETTERS + WORD_BREAK, "letters+space")
"""What the ``letters`` language model reads and writes: ``A``-``Z`` (0-25) and the space
between words (26), so its samples have words and it scores where words end."""

NAMED_ALPHABETS: dict[str, Alphabet] = {a.name: a for a in (SEED_ALPHABET, LETTER_ALPHABET)}
"""The alphabets by name: ``seed`` (A-Z and ``-``, the default) and ``letters`` (A-Z)."""


def alphabet_of(symbols: str) -> Alphabet:
    """The alphabet of ``symbols``: the named one with exactly these symbols, or a new one.

    Where text read from a file becomes an alphabet, so that a file storing ``A``-``Z`` gets
    the ``letters`` alphabet, name included.

    Raises
    ------
    ValueError
        If ``symbols`` is not a valid alphabet (:class:`Alphabet`).
    """
    for alphabet in (*NAMED_ALPHABETS.values(), LETTERS_AND_SPACE):
        if alphabet.symbols == symbols:
            return alphabet
    return Alphabet(symbols)


def with_word_break(alphabet: Alphabet) -> Alphabet:
    """The symbols a language model of ``alphabet`` reads: its own, and a word break.

    An alphabet with a separator symbol (``seed``'s ``-``) already has one; any other
    gains :data:`WORD_BREAK` (the space) as its last symbol, at index ``len(alphabet)``:
    ``letters`` gives :data:`LETTERS_AND_SPACE`.

    Examples
    --------
    >>> with_word_break(SEED_ALPHABET) is SEED_ALPHABET, with_word_break(LETTER_ALPHABET).name
    (True, 'letters+space')
    """
    if word_break_index(alphabet) is not None:
        return alphabet
    return alphabet_of(alphabet.symbols + WORD_BREAK)


def word_break_index(alphabet: Alphabet) -> int | None:
    """The index of ``alphabet``'s word break (``-`` or the space), or None if it has none.

    Examples
    --------
    >>> word_break_index(SEED_ALPHABET), word_break_index(LETTERS_AND_SPACE)
    (26, 26)
    >>> word_break_index(LETTER_ALPHABET) is None
    True
    """
    found = alphabet.index_of("-")
    return found if found is not None else alphabet.index_of(WORD_BREAK)


def without_word_break(alphabet: Alphabet) -> Alphabet:
    """The cipher alphabet that a language model reading ``alphabet`` serves.

    It undoes :func:`with_word_break`: ``letters+space`` gives ``letters``; any other
    alphabet is itself.

    Examples
    --------
    >>> without_word_break(LETTERS_AND_SPACE) is LETTER_ALPHABET
    True
    """
    if len(alphabet) > 1 and alphabet.symbols.endswith(WORD_BREAK):
        return alphabet_of(alphabet.symbols[:-1])
    return alphabet
