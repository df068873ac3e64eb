"""The ``vigenere`` family: a repeating keyword, one shift per symbol of the message."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..text import Alphabet
from .base import Cipher
from .indices import IndicesT, map_indices
from .keys import (
    MAX_KEYWORD_LENGTH,
    check_keyword,
    default_keyword,
    keyword_indices,
    random_keyword,
)

DEFAULT_KEYWORD = "LEMON"
"""The textbook keyword (``ATTACKATDAWN`` -> ``LXFOPVEFRNHR`` over A-Z)."""


@dataclass(frozen=True)
class VigenereCipher(Cipher):
    """Vigenère: ``c[i] = (p[i] + k[i mod m]) mod n`` for a keyword ``k`` of ``m`` symbols.

    Position ``i`` counts alphabet symbols only: pass-through characters (spaces,
    punctuation) do not consume the key, so ``attack at dawn`` -> ``lxfopv ef rnhr`` with
    ``LEMON``. In an index array, ``i`` is the position along the last axis.

    Parameters
    ----------
    alphabet : Alphabet
        The symbols it acts on; other characters pass through unchanged.
    keyword : str
        1 to 32 symbols of ``alphabet`` (lower case folds to upper); symbol index ``j`` is
        a shift of ``j`` (``A`` = 0).
    name : str
        Default: :meth:`describe`, e.g. ``"Vigenère LEMON, A–Z"``.

    Raises
    ------
    InvalidKeyError
        If the keyword is empty, longer than 32 symbols, or uses a character outside the
        alphabet.
    """

    alphabet: Alphabet
    keyword: str
    name: str = ""

    family = "vigenere"
    title = "Vigenère"
    key_rule = f"a keyword of 1 to {MAX_KEYWORD_LENGTH} symbols (e.g. LEMON)"
    position_dependent = True

    def __post_init__(self) -> None:
        what = "A Vigenère key"
        object.__setattr__(self, "keyword", check_keyword(self.keyword, self.alphabet, what))
        self._name_default()

    @property
    def key(self) -> str:
        """The keyword, upper case."""
        return self.keyword

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> str:
        """``LEMON``."""
        return default_keyword(DEFAULT_KEYWORD, alphabet)

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> str:
        """Read a keyword (surrounding spaces ignored); see :meth:`Cipher.parse_key`."""
        return cls(alphabet, text.strip()).keyword

    @classmethod
    def random_key(
        cls,
        rng: np.random.Generator | int | None = None,
        alphabet: Alphabet | None = None,
        length: int | None = None,
    ) -> str:
        """Uniform symbols, ``length`` of them (default: 3 to 12), not all shifts of 0."""
        alphabet = alphabet or cls.default_alphabet()
        gen = np.random.default_rng(rng)
        key = random_keyword(gen, alphabet, length)
        while len(alphabet) > 1 and set(key) == {alphabet.symbols[0]}:
            key = random_keyword(gen, alphabet, len(key))
        return key

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> VigenereCipher:
        """Build from the keyword (see :meth:`Cipher.from_key`)."""
        return cls(alphabet, key, name)

    def continued(self, plaintext: np.ndarray) -> VigenereCipher:
        """The keyword turned by ``len(plaintext)`` symbols (see :meth:`Cipher.continued`)."""
        turn = len(plaintext) % len(self.keyword)
        return replace(self, keyword=self.keyword[turn:] + self.keyword[:turn])

    def _shifts(self, length: int) -> np.ndarray:
        """int64 ``(length,)``: the key symbol of each position 0 ... length - 1."""
        return np.resize(keyword_indices(self.keyword, self.alphabet, "A Vigenère key"), length)

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Add the repeating keyword along the last axis (see :meth:`Cipher.encrypt_indices`)."""
        n = len(self.alphabet)
        return map_indices(indices, lambda x: (x + self._shifts(x.shape[-1])) % n)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        n = len(self.alphabet)
        return map_indices(indices, lambda x: (x - self._shifts(x.shape[-1])) % n)
