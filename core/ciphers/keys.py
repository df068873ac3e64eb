"""Keys: the errors a bad key raises, and the keyword rules the families share."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..text import LETTER_ALPHABET, LETTERS_AND_SPACE, SEED_ALPHABET, Alphabet

MAX_KEYWORD_LENGTH = 32
"""Longest Vigenère keyword or autokey primer, in symbols."""

KeyValue = int | str | dict[str, int] | None
"""A key in its JSON form: ``int`` (caesar), ``{"a": int, "b": int}`` (affine), ``str``
(substitution permutation, Vigenère keyword, autokey primer) or ``None`` (rot13, atbash)."""


class InvalidKeyError(ValueError):
    """A key the chosen family cannot use over the chosen alphabet.

    The message is one sentence that names the rule, fit for a CLI error line or the tooltip
    of a red key field.
    """


class UnsupportedAlphabetError(ValueError):
    """A family that cannot act on the chosen alphabet (``rot13`` is defined on A-Z only)."""


def alphabet_label(alphabet: Alphabet) -> str:
    """Short human name of an alphabet: ``A–Z and -``, ``A–Z``, ``A–Z and space``, or its symbols.

    The third is what the ``letters`` language model reads (``letters+space``).
    """
    if alphabet == SEED_ALPHABET:
        return "A–Z and -"
    if alphabet == LETTER_ALPHABET:
        return "A–Z"
    if alphabet == LETTERS_AND_SPACE:
        return "A–Z and space"
    return alphabet.symbols if len(alphabet) <= 40 else f"{len(alphabet)} symbols"


def keyword_indices(text: str, alphabet: Alphabet, what: str) -> np.ndarray:
    """int64 ``(len(text),)``: the alphabet index of each symbol of a keyword.

    Lower-case letters fold onto the alphabet's upper case (``lemon`` = ``LEMON``).

    Raises
    ------
    InvalidKeyError
        If a character is not a symbol of ``alphabet``; the message starts with ``what``
        (e.g. ``"A Vigenère key"``).
    """
    found = [alphabet.index_of(ch) for ch in text]
    for ch in text:
        if alphabet.index_of(ch) is None:
            raise InvalidKeyError(
                f"{what} may only use the symbols {alphabet_label(alphabet)}; "
                f"{ch!r} is not one of them."
            )
    return np.array(found, dtype=np.int64)


def check_keyword(value: Any, alphabet: Alphabet, what: str) -> str:
    """A Vigenère keyword or autokey primer: 1 to :data:`MAX_KEYWORD_LENGTH` alphabet symbols.

    Parameters
    ----------
    value : Any
        The key as given (text; lower case folds to upper).
    alphabet : Alphabet
        The symbols the keyword may use.
    what : str
        How messages name the key (``"A Vigenère key"``).

    Returns
    -------
    str
        The keyword in the alphabet's symbols (upper case).

    Raises
    ------
    InvalidKeyError
        If ``value`` is not text, is empty or too long, or uses a character outside
        ``alphabet``.
    """
    rule = f"{what} is a keyword of 1 to {MAX_KEYWORD_LENGTH} symbols"
    if not isinstance(value, str):
        raise InvalidKeyError(f"{rule}; got {value!r}.")
    if not value:
        raise InvalidKeyError(f"{rule}; it is empty.")
    if len(value) > MAX_KEYWORD_LENGTH:
        raise InvalidKeyError(f"{rule}; got {len(value)} symbols.")
    return symbols_of(keyword_indices(value, alphabet, what), alphabet)


def random_keyword(
    rng: np.random.Generator | int | None, alphabet: Alphabet, length: int | None
) -> str:
    """Uniform symbols; ``length`` (default: uniform in 3 to 12) is clipped to 1..32."""
    gen = np.random.default_rng(rng)
    size = int(gen.integers(3, 13)) if length is None else length
    size = min(max(size, 1), MAX_KEYWORD_LENGTH)
    return symbols_of(gen.integers(0, len(alphabet), size), alphabet)


def default_keyword(keyword: str, alphabet: Alphabet) -> str:
    """``keyword``'s symbols that ``alphabet`` has (its last symbol if none)."""
    kept = "".join(ch for ch in keyword if ch in alphabet.symbols)
    return kept or alphabet.symbols[-1]


def symbols_of(indices: np.ndarray, alphabet: Alphabet) -> str:
    """The alphabet symbols at ``indices`` (int ``(k,)``), joined."""
    return "".join(alphabet.symbols[i] for i in indices.tolist())


def no_key(title: str, key: Any) -> None:
    """Check that a keyless family got no key (None or blank text).

    Raises
    ------
    InvalidKeyError
        Naming the key that was given.
    """
    if key is not None and not (isinstance(key, str) and not key.strip()):
        raise InvalidKeyError(f"{title} takes no key; got {key!r}.")
