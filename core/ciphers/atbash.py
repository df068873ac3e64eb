"""The ``atbash`` family: the alphabet reversed (``A`` <-> ``Z``), its own inverse; no key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import Alphabet
from .base import Cipher
from .indices import IndicesT, lookup
from .keys import no_key


@dataclass(frozen=True)
class AtbashCipher(Cipher):
    """Atbash: ``c = n - 1 - p``, so over A-Z ``ABC`` -> ``ZYX`` (and ``A`` <-> ``-`` in seed).

    Parameters
    ----------
    alphabet : Alphabet
        The symbols reversed; other characters pass through unchanged.
    name : str
        Default: :meth:`describe`, e.g. ``"Atbash, A–Z"``.
    """

    alphabet: Alphabet
    name: str = ""

    family = "atbash"
    title = "Atbash"
    key_rule = "no key (the alphabet reversed)"

    def __post_init__(self) -> None:
        self._name_default()

    @property
    def key(self) -> None:
        """None: Atbash has no key."""
        return None

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> None:
        """None."""
        return None

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> None:
        """Accept only an empty key (see :meth:`Cipher.parse_key`)."""
        no_key(cls.title, text)

    @classmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> None:
        """None."""
        return None

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> AtbashCipher:
        """Build from ``key`` None (see :meth:`Cipher.from_key`)."""
        no_key(cls.title, key)
        return cls(alphabet, name)

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Reverse each index, any shape (see :meth:`Cipher.encrypt_indices`)."""
        return lookup(np.arange(len(self.alphabet) - 1, -1, -1), indices)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Same as :meth:`encrypt_indices`: Atbash is its own inverse."""
        return self.encrypt_indices(indices)
