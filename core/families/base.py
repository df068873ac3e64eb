"""What every cipher family shares: the :class:`Cipher` interface, key errors, index helpers.

Indices and positions
---------------------
A cipher acts on alphabet indices (``0`` ... ``n - 1``) in arrays of shape ``(seq_len,)`` (one
message) or ``(batch, seq_len)`` (one message per row; any leading axes work alike). An index
sequence holds the alphabet symbols of a message only, in order: element ``i`` of the last
axis is the message's ``i``-th alphabet symbol, so for a position-dependent family
(Vigenère, autokey) it gets key symbol ``i`` and every message starts at position 0.
Strings are split by :meth:`~cipherlab.core.alphabet.Alphabet.encode` first, which keeps
pass-through characters (spaces, punctuation, emoji) out of the index sequence: they never
consume a key symbol, and ``encrypt(text)`` equals encrypting the text's index sequence.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import numpy as np

from ..alphabet import LETTER_ALPHABET, SEED_ALPHABET, Alphabet

MAX_KEYWORD_LENGTH = 32
"""Longest Vigenère keyword or autokey primer, in symbols."""

KeyValue = int | str | dict[str, int] | None
"""A key in its JSON form: ``int`` (caesar), ``{"a": int, "b": int}`` (affine), ``str``
(substitution permutation, Vigenère keyword, autokey primer) or ``None`` (rot13, atbash)."""

IndicesT = TypeVar("IndicesT")
CipherT = TypeVar("CipherT", bound="Cipher")


class InvalidKeyError(ValueError):
    """A key the chosen family cannot use over the chosen alphabet.

    The message is one sentence that names the rule, fit for a CLI error line or the tooltip
    of a red key field.
    """


class UnsupportedAlphabetError(ValueError):
    """A family that cannot act on the chosen alphabet (``rot13`` is defined on A-Z only)."""


def alphabet_label(alphabet: Alphabet) -> str:
    """Short human name of an alphabet: ``A–Z and -`` (seed), ``A–Z`` (letters) or its symbols."""
    if alphabet == SEED_ALPHABET:
        return "A–Z and -"
    if alphabet == LETTER_ALPHABET:
        return "A–Z"
    return alphabet.symbols if len(alphabet) <= 40 else f"{len(alphabet)} symbols"


def map_indices(indices: IndicesT, transform: Callable[[np.ndarray], np.ndarray]) -> IndicesT:
    """Apply a NumPy transform to ints, NumPy arrays and torch tensors alike.

    Parameters
    ----------
    indices : int, numpy.ndarray or torch.Tensor
        Alphabet indices, shape ``(seq_len,)`` or ``(..., seq_len)``; a scalar is a message
        of one symbol.
    transform : callable
        Maps an int64 array of shape ``(..., seq_len)`` to one of the same shape.

    Returns
    -------
    Same type, shape, dtype (and torch device) as ``indices``.

    Notes
    -----
    Torch is never imported here: a tensor can only arrive if its caller imported torch,
    so the CLI and the key form stay cheap to import.
    """
    value: Any = indices
    if type(value).__module__.split(".")[0] == "torch":
        torch = sys.modules["torch"]
        out = _on_array(transform, value.detach().cpu().numpy().astype(np.int64))
        return torch.from_numpy(out).to(device=value.device, dtype=value.dtype)
    if isinstance(value, (int, np.integer)):
        scalar: Any = type(value)(_on_array(transform, np.array(value, dtype=np.int64)))
        return scalar
    array = np.asarray(value)
    result: Any = _on_array(transform, array.astype(np.int64)).astype(array.dtype, copy=False)
    return result


def _on_array(transform: Callable[[np.ndarray], np.ndarray], array: np.ndarray) -> np.ndarray:
    if array.ndim == 0:
        return transform(array.reshape(1)).reshape(())
    return transform(array)


def lookup(table: np.ndarray, indices: IndicesT) -> IndicesT:
    """``table[indices mod n]`` for ints, NumPy arrays and torch tensors (see :func:`map_indices`).

    ``table`` is int64 ``(n,)``: the image of each index under a substitution.
    """
    n = len(table)
    return map_indices(indices, lambda x: table[x % n])


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
            ``i`` of the last axis is symbol ``i`` of its message (see the module notes).

        Returns
        -------
        Same type, shape and dtype as ``indices``: ciphertext indices in ``[0, n)``.
        """

    @abstractmethod
    def decrypt_indices(self, indices: IndicesT) -> IndicesT:
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""

    # -- strings ---------------------------------------------------------------------------
    def encrypt(self, plaintext: str) -> str:
        """Encrypt a string; case is kept and characters outside the alphabet pass through."""
        encoded = self.alphabet.encode(plaintext)
        return self.alphabet.decode(encoded, self.encrypt_indices(encoded.indices))

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt a string: the exact, classical answer a model should learn."""
        encoded = self.alphabet.encode(ciphertext)
        return self.alphabet.decode(encoded, self.decrypt_indices(encoded.indices))

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
        from .registry import cipher_from_dict  # the registry imports every family

        cipher = cipher_from_dict(data)
        if not isinstance(cipher, cls):
            wanted = getattr(cls, "family", cls.__name__)
            raise ValueError(f"This describes a {cipher.family} cipher, not {wanted}.")
        return cipher
