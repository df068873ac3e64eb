"""The ``caesar`` family (any shift) and ``rot13`` (shift 13 over A-Z, self-inverse).

The seed cipher of the tutorial "Building your first RNN" (parts 1-3) is ``caesar`` with
shift 13 over the 27 seed symbols: not self-inverse, decrypted by a shift of +14.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..text import LETTER_ALPHABET, SEED_ALPHABET, Alphabet
from .base import Cipher
from .indices import IndicesT
from .keys import InvalidKeyError, UnsupportedAlphabetError, alphabet_label, no_key

_RULE = "A Caesar key is a whole number of symbols, such as 3 or -3"


def _whole_number(value: Any) -> int:
    """``value`` as an int, or :class:`InvalidKeyError` (bools and floats are refused)."""
    if isinstance(value, bool):
        raise InvalidKeyError(f"{_RULE}; got {value!r}.")
    try:
        return operator.index(value)
    except TypeError:
        raise InvalidKeyError(f"{_RULE}; got {value!r}.") from None


@dataclass(frozen=True)
class CaesarCipher(Cipher):
    """Caesar shift over an alphabet: ``c = (p + shift) mod n`` (family ``caesar``).

    Parameters
    ----------
    alphabet : Alphabet
        The symbols the shift acts on; other characters pass through unchanged.
    shift : int
        The key, in symbols. Any integer; normalised into ``[0, n)``.
    name : str
        A human-readable name for menus and model cards (default: :meth:`describe`,
        e.g. ``"Caesar +13, A–Z and -"``).

    Raises
    ------
    InvalidKeyError
        If ``shift`` is not a whole number.
    """

    alphabet: Alphabet
    shift: int
    name: str = ""

    family = "caesar"
    title = "Caesar"
    key_rule = "a whole number of symbols, any sign (e.g. 3 or -3)"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shift", _whole_number(self.shift) % len(self.alphabet))
        self._name_default()

    @property
    def key(self) -> int | None:
        """The shift, in ``[0, n)``."""
        return self.shift

    def key_label(self) -> str:
        """The shift with its sign: ``"+13"``."""
        return f"{self.shift:+d}"

    @property
    def inverse_shift(self) -> int:
        """The shift that decrypts, in ``[0, n)`` (14 for the seed cipher)."""
        return (-self.shift) % len(self.alphabet)

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> int | None:
        """13 over the seed alphabet (the seed cipher), else 3 (Caesar's own shift)."""
        return 13 if alphabet == SEED_ALPHABET else 3

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> int | None:
        """Read ``"3"``, ``"+3"`` or ``"-3"``; see :meth:`Cipher.parse_key`."""
        try:
            return int(text.strip())
        except ValueError:
            raise InvalidKeyError(f"{_RULE}; got {text!r}.") from None

    @classmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> int | None:
        """A shift in ``[1, n)`` (never the identity, unless ``n`` is 1)."""
        n = len(alphabet or cls.default_alphabet())
        return int(np.random.default_rng(rng).integers(1, n)) if n > 1 else 0

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> CaesarCipher:
        """Build from an integer shift (see :meth:`Cipher.from_key`)."""
        return cls(alphabet, _whole_number(key), name)

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Shift plaintext indices; any shape (no position dependence).

        See :meth:`Cipher.encrypt_indices`. Pure arithmetic, so the result keeps the type of
        ``indices`` exactly (ints, NumPy arrays, torch tensors on any device).
        """
        value: Any = indices
        return (value + self.shift) % len(self.alphabet)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        value: Any = indices
        return (value + self.inverse_shift) % len(self.alphabet)

    def to_v1_dict(self) -> dict[str, Any]:
        """The version-1 JSON that model files of format 1 store (``"kind": "caesar"``).

        :meth:`~Cipher.to_dict` gives the family JSON that model files of format 2 will store.
        """
        return {
            "kind": "caesar",
            "shift": self.shift,
            "alphabet": self.alphabet.symbols,
            "name": self.name,
        }


@dataclass(frozen=True)
class Rot13Cipher(CaesarCipher):
    """Classic ROT13 (family ``rot13``): a shift of 13 over A-Z, its own inverse; no key.

    A :class:`CaesarCipher`, so code written for Caesar ciphers takes it unchanged.

    Parameters
    ----------
    alphabet : Alphabet
        Must be the letters alphabet (the default).
    name : str
        Default: ``"ROT13, A–Z"``.

    Raises
    ------
    UnsupportedAlphabetError
        For any alphabet other than A-Z.
    """

    alphabet: Alphabet = LETTER_ALPHABET
    shift: int = field(default=13, init=False)
    name: str = ""

    family = "rot13"
    title = "ROT13"
    key_rule = "no key (always 13 over A-Z)"

    def __post_init__(self) -> None:
        self.check_alphabet(self.alphabet)
        super().__post_init__()

    @property
    def key(self) -> int | None:
        """None: ROT13 has no key."""
        return None

    def key_label(self) -> str:
        """Empty: the name says it all."""
        return ""

    @classmethod
    def default_alphabet(cls) -> Alphabet:
        """The letters A-Z."""
        return LETTER_ALPHABET

    @classmethod
    def check_alphabet(cls, alphabet: Alphabet) -> None:
        """Refuse every alphabet but A-Z (see :meth:`Cipher.check_alphabet`)."""
        if alphabet != LETTER_ALPHABET:
            raise UnsupportedAlphabetError(
                f"ROT13 works on the letters A–Z only, not {alphabet_label(alphabet)}; "
                "use caesar with key 13 for other alphabets."
            )

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> int | None:
        """None."""
        return None

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> int | None:
        """Accept only an empty key (see :meth:`Cipher.parse_key`)."""
        no_key(cls.title, text)
        return None

    @classmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> int | None:
        """None."""
        return None

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> Rot13Cipher:
        """Build from ``key`` None (see :meth:`Cipher.from_key`)."""
        no_key(cls.title, key)
        return cls(alphabet, name)
