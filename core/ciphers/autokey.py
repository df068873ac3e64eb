"""The ``autokey`` family: a primer keyword, then the plaintext itself extends the key."""

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

DEFAULT_PRIMER = "QUEENLY"
"""The textbook primer (``ATTACKATDAWN`` -> ``QNXEPVYTWTWP`` over A-Z)."""


@dataclass(frozen=True)
class AutokeyCipher(Cipher):
    """Autokey: ``c[i] = (p[i] + k[i]) mod n`` with key ``primer + plaintext``.

    ``k[i]`` is ``primer[i]`` for the first ``m`` positions and ``p[i - m]`` after, so
    decryption needs the plaintext it has already recovered: a model must remember its own
    recent output. Positions count alphabet symbols only (pass-through characters do not
    consume the key); in an index array, ``i`` is the position along the last axis.

    Parameters
    ----------
    alphabet : Alphabet
        The symbols it acts on; other characters pass through unchanged.
    primer : str
        1 to 32 symbols of ``alphabet`` (lower case folds to upper).
    name : str
        Default: :meth:`describe`, e.g. ``"Autokey QUEENLY, A–Z"``.

    Raises
    ------
    InvalidKeyError
        If the primer is empty, longer than 32 symbols, or uses a character outside the
        alphabet.
    """

    alphabet: Alphabet
    primer: str
    name: str = ""

    family = "autokey"
    title = "Autokey"
    key_rule = f"a primer keyword of 1 to {MAX_KEYWORD_LENGTH} symbols (e.g. QUEENLY)"
    position_dependent = True

    def __post_init__(self) -> None:
        what = "An autokey primer"
        object.__setattr__(self, "primer", check_keyword(self.primer, self.alphabet, what))
        self._name_default()

    @property
    def key(self) -> str:
        """The primer, upper case."""
        return self.primer

    @classmethod
    def default_key(cls, alphabet: Alphabet) -> str:
        """``QUEENLY``."""
        return default_keyword(DEFAULT_PRIMER, alphabet)

    @classmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> str:
        """Read a primer (surrounding spaces ignored); see :meth:`Cipher.parse_key`."""
        return cls(alphabet, text.strip()).primer

    @classmethod
    def random_key(
        cls,
        rng: np.random.Generator | int | None = None,
        alphabet: Alphabet | None = None,
        length: int | None = None,
    ) -> str:
        """Uniform symbols, ``length`` of them (default: 3 to 12)."""
        return random_keyword(rng, alphabet or cls.default_alphabet(), length)

    @classmethod
    def from_key(cls, alphabet: Alphabet, key: Any, name: str = "") -> AutokeyCipher:
        """Build from the primer (see :meth:`Cipher.from_key`)."""
        return cls(alphabet, key, name)

    def continued(self, plaintext: np.ndarray) -> AutokeyCipher:
        """The next key symbols as the primer (see :meth:`Cipher.continued`).

        The key is ``primer + plaintext``; after ``len(plaintext)`` symbols its next
        ``len(primer)`` symbols are what follows, so they prime the rest of the message.
        """
        m, done = len(self.primer), len(plaintext)
        key = np.concatenate([self._primer(), np.asarray(plaintext, dtype=np.int64)[-m:]])
        upcoming = key[min(done, m) :][:m]  # key symbols done ... done + m - 1
        return replace(self, primer="".join(self.alphabet.symbols[i] for i in upcoming.tolist()))

    def _primer(self) -> np.ndarray:
        return keyword_indices(self.primer, self.alphabet, "An autokey primer")

    def _encrypt(self, p: np.ndarray) -> np.ndarray:
        primer, n = self._primer(), len(self.alphabet)
        m = len(primer)
        c = np.empty_like(p)
        c[..., :m] = p[..., :m] + primer[: p.shape[-1]]
        c[..., m:] = p[..., m:] + p[..., : max(p.shape[-1] - m, 0)]
        return c % n

    def _decrypt(self, c: np.ndarray) -> np.ndarray:
        # p[i] = c[i] - p[i - m]: along each residue class r (positions r, r + m, ...) that is
        # p_j = c_j - p_(j-1) with p_(-1) = primer[r], whose solution is an alternating sum,
        # p_j = (-1)^j (c_0 - c_1 + ... ± c_j - primer[r]): one cumsum, no loop over the text.
        primer, n = self._primer(), len(self.alphabet)
        m, length = len(primer), c.shape[-1]
        rows = -(-length // m)  # ceil
        padded = np.zeros(c.shape[:-1] + (rows * m,), dtype=np.int64)
        padded[..., :length] = c
        blocks = padded.reshape(c.shape[:-1] + (rows, m)) % n
        sign = np.where(np.arange(rows) % 2 == 0, 1, -1)[:, None]
        p = sign * ((blocks * sign).cumsum(axis=-2) - primer)
        return (p % n).reshape(padded.shape)[..., :length]

    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Add primer, then plaintext, along the last axis (see :meth:`Cipher.encrypt_indices`)."""
        return map_indices(indices, self._encrypt)

    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        return map_indices(indices, self._decrypt)
