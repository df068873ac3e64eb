"""The :class:`Cipher` interface that every family implements.

How index arrays relate to message positions is described in :mod:`.indices`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, TypeVar

import numpy as np

from ..text import NAMED_ALPHABETS, SEED_ALPHABET, Alphabet, alphabet_of
from .indices import IndicesT
from .keys import KeyValue, alphabet_label

CipherT = TypeVar("CipherT", bound="Cipher")


class Cipher(ABC):
    """A classical cipher over an alphabet: the interface every family implements.

    Each family is a frozen dataclass with an ``alphabet``, its key fields and a ``name``
    (empty gives :meth:`describe`). Constructing one validates the key.

    Attributes
    ----------
    family : str
        Class attribute: the name the CLI, model files and tests use (``"vigenere"``).
    title : str
        Class attribute: the family for people (``"Vigenère"``).
    key_rule : str
        Class attribute: what a key looks like, for help texts and placeholders.
    position_dependent : bool
        Class attribute: True when a symbol's ciphertext depends on its position in the
        message (Vigenère, autokey), so a model needs memory to learn it.
    alphabet : Alphabet
        The symbols the cipher acts on; other characters pass through.
    name : str
        Human-readable name for menus and model cards.
    """

    family: ClassVar[str]
    title: ClassVar[str]
    key_rule: ClassVar[str]
    position_dependent: ClassVar[bool] = False
    alphabet: Alphabet
    name: str

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Record each family class under its ``family`` name, for :meth:`from_dict`."""
        super().__init_subclass__(**kwargs)
        family = cls.__dict__.get("family")
        if isinstance(family, str):
            _FAMILY_CLASSES.setdefault(family, cls)

    # -- the key ---------------------------------------------------------------------------
    @property
    @abstractmethod
    def key(self) -> KeyValue:
        """The key in its JSON form (see :data:`KeyValue`)."""

    @property
    def key_text(self) -> str:
        """The key as text that :meth:`parse_key` reads back (``""`` for keyless families)."""
        key = self.key
        return "" if key is None else str(key)

    def key_label(self) -> str:
        """The key as :meth:`describe` shows it (``"+13"``, ``"a=5, b=8"``, ``"LEMON"``)."""
        return self.key_text

    @classmethod
    def default_alphabet(cls) -> Alphabet:
        """The alphabet used when none is chosen: the seed's (``rot13``: the letters)."""
        return SEED_ALPHABET

    @classmethod
    def check_alphabet(cls, alphabet: Alphabet) -> None:
        """Raise :class:`UnsupportedAlphabetError` if the family cannot act on ``alphabet``."""
        return None  # every family but rot13 acts on any alphabet

    @classmethod
    @abstractmethod
    def default_key(cls, alphabet: Alphabet) -> KeyValue:
        """The key used when none is given (documented per family)."""

    @classmethod
    @abstractmethod
    def parse_key(cls, text: str, alphabet: Alphabet) -> KeyValue:
        """Read a key typed in the CLI or the key field; returns its JSON form.

        Raises
        ------
        InvalidKeyError
            If ``text`` is not a valid key for ``alphabet``.
        """

    @classmethod
    @abstractmethod
    def random_key(
        cls, rng: np.random.Generator | int | None = None, alphabet: Alphabet | None = None
    ) -> KeyValue:
        """A random valid key (JSON form) that is not the identity where the family allows.

        Parameters
        ----------
        rng : numpy.random.Generator, int or None
            Source of randomness, or a seed for :func:`numpy.random.default_rng`.
        alphabet : Alphabet, optional
            Defaults to :meth:`default_alphabet`.
        """

    @classmethod
    @abstractmethod
    def from_key(cls: type[CipherT], alphabet: Alphabet, key: Any, name: str = "") -> CipherT:
        """Build a cipher from a key in JSON form (as :attr:`key` gives it).

        Raises
        ------
        InvalidKeyError
            If ``key`` has the wrong type or breaks the family's rule.
        UnsupportedAlphabetError
            If the family cannot act on ``alphabet``.
        """

    # -- indices ---------------------------------------------------------------------------
    @abstractmethod
    def encrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Encrypt plaintext indices; works on ints, NumPy arrays and torch tensors alike.

        Parameters
        ----------
        indices : int, numpy.ndarray or torch.Tensor
            Integer alphabet indices, shape ``(seq_len,)`` or ``(batch, seq_len)``; element
            ``i`` of the last axis is symbol ``i`` of its message (see :mod:`.indices`).

        Returns
        -------
        Same type, shape and dtype as ``indices``: ciphertext indices in ``[0, n)``.
        """

    @abstractmethod
    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""

    def continued(self: CipherT, plaintext: np.ndarray) -> CipherT:
        """The cipher that goes on where this one stops after ``plaintext``.

        For any message split into ``a`` then ``b``, ``encrypt_indices(a + b)`` is
        ``encrypt_indices(a)`` followed by ``continued(a).encrypt_indices(b)``, and likewise
        for decryption: how a long text is processed in pieces (:meth:`encrypt_pieces`).
        A family whose ciphertext does not depend on position returns itself; Vigenère
        turns its keyword by ``len(a)`` symbols, autokey takes the next key symbols as its
        primer.

        Parameters
        ----------
        plaintext : numpy.ndarray
            int ``(symbols,)``: the plaintext indices of the part already processed.

        Returns
        -------
        Cipher
            Of the same family and alphabet, with the same ``name``.
        """
        if self.position_dependent:
            raise NotImplementedError(f"{type(self).__name__} must define continued().")
        return self

    # -- strings ---------------------------------------------------------------------------
    def encrypt(self, plaintext: str) -> str:
        """Encrypt a string; case is kept and characters outside the alphabet pass through."""
        encoded = self.alphabet.encode(plaintext)
        return self.alphabet.decode(encoded, self.encrypt_indices(encoded.indices))

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt a string: the exact, classical answer a model should learn."""
        encoded = self.alphabet.encode(ciphertext)
        return self.alphabet.decode(encoded, self.decrypt_indices(encoded.indices))

    def encrypt_pieces(self, pieces: Iterable[str]) -> Iterator[str]:
        """:meth:`encrypt` a long text given in pieces, one piece at a time.

        The pieces yielded concatenate to ``encrypt("".join(pieces))`` exactly, key
        position included (see :meth:`continued`); memory is that of one piece.

        Parameters
        ----------
        pieces : iterable of str
            The plaintext in pieces of any length (e.g. 1 MiB each).

        Yields
        ------
        str
            The ciphertext, piece by piece (cut where
            :meth:`~cipherlab.core.text.Alphabet.encode_pieces` cuts; none for empty text).
        """
        return self._pieces(pieces, decrypt=False)

    def decrypt_pieces(self, pieces: Iterable[str]) -> Iterator[str]:
        """:meth:`decrypt` a long text given in pieces (see :meth:`encrypt_pieces`)."""
        return self._pieces(pieces, decrypt=True)

    def _pieces(self, pieces: Iterable[str], decrypt: bool) -> Iterator[str]:
        cipher = self
        for encoded in self.alphabet.encode_pieces(pieces):
            if decrypt:
                plaintext = out = cipher.decrypt_indices(encoded.indices)
            else:
                plaintext, out = encoded.indices, cipher.encrypt_indices(encoded.indices)
            yield self.alphabet.decode(encoded, out)
            cipher = cipher.continued(plaintext)

    # -- descriptions ----------------------------------------------------------------------
    def describe(self) -> str:
        """Family, key and alphabet for people: ``"Vigenère LEMON, A–Z"``."""
        label = self.key_label()
        return f"{self.title}{' ' + label if label else ''}, {alphabet_label(self.alphabet)}"

    def _name_default(self) -> None:
        """Set ``name`` to :meth:`describe` when empty (call last in ``__post_init__``)."""
        if not self.name:
            object.__setattr__(self, "name", self.describe())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: ``{"family", "key", "alphabet", "name"}`` (alphabet as its symbols)."""
        return {
            "family": self.family,
            "key": self.key,
            "alphabet": self.alphabet.symbols,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls: type[CipherT], data: Any) -> CipherT:
        """Inverse of :meth:`to_dict`; also reads version-1 Caesar JSON (``"kind": "caesar"``).

        On :class:`Cipher` itself any family is accepted; on a family class, only that family
        (or a subclass of it).

        Raises
        ------
        InvalidKeyError
            If the key breaks the family's rule.
        ValueError
            If the description is malformed, names an unknown family, or another family.
        """
        cipher = _cipher_from_dict(data)
        if not isinstance(cipher, cls):
            wanted = getattr(cls, "family", cls.__name__)
            raise ValueError(f"This describes a {cipher.family} cipher, not {wanted}.")
        return cipher


_FAMILY_CLASSES: dict[str, type[Cipher]] = {}
"""Family name -> class, filled as each family's module defines its class."""


def _cipher_from_dict(data: Any) -> Cipher:
    """Build any family's cipher from its JSON, or from version 1's Caesar JSON."""
    if not isinstance(data, dict):
        raise ValueError(f"A cipher description must be a JSON object, got {data!r}.")
    if "family" not in data and "kind" in data:  # version 1: {"kind": "caesar", "shift": ...}
        if data["kind"] != "caesar":
            raise ValueError(f"Unknown cipher kind {data['kind']!r}.")
        family, key_field = "caesar", "shift"
    else:
        family, key_field = str(data.get("family", "")).lower(), "key"
    cls = _FAMILY_CLASSES.get(family)
    if cls is None:
        known = ", ".join(_FAMILY_CLASSES)
        raise ValueError(f"Unknown cipher {data.get('family')!r}; choose one of {known}.")
    if "alphabet" not in data:
        raise ValueError(f"Malformed cipher description (no alphabet): {data!r}.")
    symbols = data["alphabet"]
    if not isinstance(symbols, str):
        raise ValueError(f"A cipher's alphabet must be text, got {symbols!r}.")
    alphabet = NAMED_ALPHABETS.get(symbols) or alphabet_of(symbols)
    cls.check_alphabet(alphabet)
    return cls.from_key(alphabet, data.get(key_field), str(data.get("name") or ""))
