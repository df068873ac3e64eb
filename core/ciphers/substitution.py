"""The ``substitution`` family: any permutation of the alphabet, or one mixed by a keyword."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import Alphabet
from .base import Cipher
from .indices import IndicesT, lookup
from .keys import InvalidKeyError, alphabet_label, keyword_indices, symbols_of

DEFAULT_KEYWORD = "ZEBRAS"
"""The textbook keyword (``FLEEATONCE`` -> ``SIAAZQLKBA`` over A-Z)."""


def keyword_alphabet(keyword: str, alphabet: Alphabet) -> str:
    """The keyword-mixed alphabet: the keyword's symbols, then the others in order.

    A repeated keyword symbol counts once, as in the textbooks: ``ZEBRAS`` over A-Z gives
    ``ZEBRASCDFGHIJKLMNOPQTUVWXY``.

    Raises
    ------
    InvalidKeyError
        If the keyword uses a character outside ``alphabet``.
    """
    first = dict.fromkeys(keyword_indices(keyword, alphabet, "A substitution key").tolist())
    rest = [i for i in range(len(alphabet)) if i not in first]
    return symbols_of(np.array([*first, *rest], dtype=np.int64), alphabet)


def permutation_from_key(text: str, alphabet: Alphabet) -> str:
    """A key of ``n`` symbols is the permutation itself; a shorter one is a keyword.

    Returns
    -------
    str
        The permutation, upper case, one symbol per alphabet symbol.

    Raises
    ------
    InvalidKeyError
        If the key is empty, longer than the alphabet, uses a character outside it, or is a
        permutation that repeats or lacks a symbol.
    """
    n = len(alphabet)
    rule = f"A substitution key is a keyword (such as ZEBRAS) or a permutation of all {n} symbols"
    if not text:
        raise InvalidKeyError(f"{rule}; it is empty.")
    if len(text) > n:
        raise InvalidKeyError(f"{rule}; got {len(text)} symbols.")
    if len(text) == n:
        return SubstitutionCipher(alphabet, text).permutation
    return keyword_alphabet(text, alphabet)


@dataclass(frozen=True)
class SubstitutionCipher(Cipher):
    """Simple substitution: plaintext symbol ``i`` becomes ``permutation[i]``.

    Parameters
    ----------
    alphabet : Alphabet
        The symbols it acts on; other characters pass through unchanged.
    permutation : str
        The cipher alphabet: every symbol of ``alphabet`` once, in any order (lower case
        folds to upper). Build one from a keyword with :func:`keyword_alphabet`.
    name : str
        Default: :meth:`describe`, which shows the permutation.

    Raises
    ------
    InvalidKeyError
        If ``permutation`` uses a character outside the alphabet, or repeats or lacks a
        symbol; the message names them.
    """

    alphabet: Alphabet
    permutation: str
    name: str = ""

    family = "substitution"
    title = "Substitution"
    key_rule = "a keyword (e.g. ZEBRAS) or a permutation of the whole alphabet"

    def __post_init__(self) -> None:
        if not isinstance(self.permutation, str):
            raise InvalidKeyError(
                f"A substitution key is text, a keyword or a permutation; got {self.permutation!r}."
            )
        found = keyword_indices(self.permutation, self.alphabet, "A substitution key")
        counts = np.bincount(found, minlength=len(self.alphabet))
        repeated = symbols_of(np.flatnonzero(counts > 1), self.alphabet)
        missing = symbols_of(np.flatnonzero(counts == 0), self.alphabet)
        if repeated or missing:
            problems = [f"repeats {', '.join(repeated)}"] if repeated else []
            problems += [f"lacks {', '.join(missing)}"] if missing else []
            raise InvalidKeyError(
                f"A substitution permutation must use each of the {len(self.alphabet)} "
                f"symbols {alphabet_label(self.alphabet)} once; it {' and '.join(problems)}."
            )
        object.__setattr__(self, "permutation", symbols_of(found, self.alphabet))
        self._name_default()

    @property
    def key(self) -> str:
        """The permutation."""
        return self.permutation

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> str:
        """The alphabet mixed by the keyword ``ZEBRAS``."""
        return keyword_alphabet(
            "".join(ch for ch in DEFAULT_KEYWORD if ch in alphabet.symbols), alphabet
        )

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> str:
        """Read a keyword or a permutation (see :func:`permutation_from_key`)."""
        return permutation_from_key(text.strip(), alphabet)

    @classmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> str:
        """A uniformly random permutation other than the identity (for ``n`` > 1)."""
        alphabet = alphabet or cls.default_alphabet()
        gen = np.random.default_rng(rng)
        order = gen.permutation(len(alphabet))
        while len(alphabet) > 1 and (order == np.arange(len(alphabet))).all():
            order = gen.permutation(len(alphabet))
        return symbols_of(order, alphabet)

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> SubstitutionCipher:
        """Build from a permutation or keyword (see :meth:`Cipher.from_key`)."""
        if not isinstance(key, str):
            raise InvalidKeyError(
                f"A substitution key is text, a keyword or a permutation; got {key!r}."
            )
        return cls(alphabet, permutation_from_key(key, alphabet), name)

    def _table(self) -> np.ndarray:
        return keyword_indices(self.permutation, self.alphabet, "A substitution key")

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Look each index up in the permutation, any shape (see :meth:`Cipher.encrypt_indices`)."""
        return lookup(self._table(), indices)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        return lookup(np.argsort(self._table()), indices)
