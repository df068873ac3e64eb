"""The ``affine`` family: ``c = (a * p + b) mod n``, with ``a`` coprime to ``n``."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import Alphabet
from .base import Cipher
from .indices import IndicesT, lookup
from .keys import InvalidKeyError

_RULE = "An affine key is two whole numbers a,b such as 5,8"


def valid_multipliers(n: int) -> list[int]:
    """The values of ``a`` in ``[1, n)`` coprime to ``n`` (``[1]`` when ``n`` is 1).

    12 values for the 26 letters (1, 3, 5, 7, 9, 11, 15, ...), 18 for the 27 seed symbols.
    """
    return [a for a in range(1, n) if math.gcd(a, n) == 1] or [1]


def _whole(value: Any, given: Any) -> int:
    if isinstance(value, bool):
        raise InvalidKeyError(f"{_RULE}; got {given!r}.")
    try:
        return operator.index(value)
    except TypeError:
        raise InvalidKeyError(f"{_RULE}; got {given!r}.") from None


@dataclass(frozen=True)
class AffineCipher(Cipher):
    """Affine cipher: ``c = (a * p + b) mod n``, decrypted by ``p = a⁻¹ (c - b) mod n``.

    Parameters
    ----------
    alphabet : Alphabet
        The symbols it acts on; other characters pass through unchanged.
    a, b : int
        The key; any integers, normalised into ``[0, n)``. ``a`` must share no factor with
        ``n`` (else two symbols would encrypt alike and decryption is impossible).
    name : str
        Default: :meth:`describe`, e.g. ``"Affine a=5, b=8, A–Z"``.

    Raises
    ------
    InvalidKeyError
        If ``a`` or ``b`` is not a whole number, or ``a`` shares a factor with ``n``; the
        message lists the valid values of ``a``.
    """

    alphabet: Alphabet
    a: int
    b: int
    name: str = ""

    family = "affine"
    title = "Affine"
    key_rule = "two whole numbers a,b with a sharing no factor with the alphabet size (e.g. 5,8)"

    def __post_init__(self) -> None:
        n = len(self.alphabet)
        given = f"{self.a},{self.b}"
        a, b = _whole(self.a, given), _whole(self.b, given)
        if math.gcd(a % n, n) != 1:
            valid = ", ".join(map(str, valid_multipliers(n)))
            raise InvalidKeyError(
                f"a = {a} shares a factor with {n}, the alphabet size, so it cannot be "
                f"undone; a must be one of {valid}."
            )
        object.__setattr__(self, "a", a % n)
        object.__setattr__(self, "b", b % n)
        self._name_default()

    @property
    def key(self) -> dict[str, int]:
        """``{"a": a, "b": b}``, both in ``[0, n)``."""
        return {"a": self.a, "b": self.b}

    @property
    def key_text(self) -> str:
        """``"5,8"``."""
        return f"{self.a},{self.b}"

    def key_label(self) -> str:
        """``"a=5, b=8"``."""
        return f"a={self.a}, b={self.b}"

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> dict[str, int]:
        """``5,8`` (the textbook key), or the smallest valid ``a`` above 1 if 5 is not valid."""
        n = len(alphabet)
        a = 5 if math.gcd(5, n) == 1 else ([m for m in valid_multipliers(n) if m > 1] or [1])[0]
        return {"a": a, "b": 8 % n}

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> dict[str, int]:
        """Read ``"5,8"`` (spaces allowed); see :meth:`Cipher.parse_key`."""
        parts = text.split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            a, b = (int(part.strip()) for part in parts)
        except ValueError:
            raise InvalidKeyError(f"{_RULE}; got {text!r}.") from None
        cls(alphabet, a, b)  # the gcd rule, with its message
        return {"a": a, "b": b}

    @classmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> dict[str, int]:
        """A valid ``a`` other than 1 (where the alphabet allows) and any ``b``."""
        n = len(alphabet or cls.default_alphabet())
        gen = np.random.default_rng(rng)
        choices = [a for a in valid_multipliers(n) if a > 1] or [1]
        return {"a": int(gen.choice(choices)), "b": int(gen.integers(0, n))}

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> AffineCipher:
        """Build from ``{"a": int, "b": int}`` (see :meth:`Cipher.from_key`)."""
        if not isinstance(key, dict) or set(key) != {"a", "b"}:
            raise InvalidKeyError(f'{_RULE}, stored as {{"a": 5, "b": 8}}; got {key!r}.')
        return cls(alphabet, key["a"], key["b"], name)

    def _table(self) -> np.ndarray:
        return (self.a * np.arange(len(self.alphabet)) + self.b) % len(self.alphabet)

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """``(a * p + b) mod n``, any shape (see :meth:`Cipher.encrypt_indices`)."""
        return lookup(self._table(), indices)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        return lookup(np.argsort(self._table()), indices)
