"""Families and alphabets by the names the CLI, the window and model files use."""

from __future__ import annotations

from typing import Any

from ..text import NAMED_ALPHABETS, Alphabet
from .affine import AffineCipher
from .atbash import AtbashCipher
from .autokey import AutokeyCipher
from .base import Cipher
from .caesar import CaesarCipher, Rot13Cipher
from .substitution import SubstitutionCipher
from .vigenere import VigenereCipher

FAMILIES: dict[str, type[Cipher]] = {
    cls.family: cls
    for cls in (
        CaesarCipher,
        Rot13Cipher,
        AtbashCipher,
        AffineCipher,
        SubstitutionCipher,
        VigenereCipher,
        AutokeyCipher,
    )
}
"""Every cipher family by name, in the order menus list them."""

ALPHABETS: dict[str, Alphabet] = NAMED_ALPHABETS
"""The alphabets by name: ``seed`` (A-Z and ``-``, the default) and ``letters`` (A-Z)."""


def family_named(family: str) -> type[Cipher]:
    """The family class called ``family`` (case-insensitive).

    Raises
    ------
    ValueError
        If there is no such family; the message lists the known ones.
    """
    cls = FAMILIES.get(str(family).lower())
    if cls is None:
        raise ValueError(f"Unknown cipher {family!r}; choose one of {', '.join(FAMILIES)}.")
    return cls


def alphabet_named(name: str) -> Alphabet:
    """The alphabet called ``name`` (``seed`` or ``letters``).

    Raises
    ------
    ValueError
        If there is no such alphabet.
    """
    alphabet = ALPHABETS.get(str(name).lower())
    if alphabet is None:
        raise ValueError(f"Unknown alphabet {name!r}; choose one of {', '.join(ALPHABETS)}.")
    return alphabet


def make_cipher(
    family: str,
    key: str | None = None,
    alphabet: Alphabet | str | None = None,
    name: str = "",
) -> Cipher:
    """Build a cipher from text, as typed in the CLI or the window.

    Parameters
    ----------
    family : str
        A name in :data:`FAMILIES` (``"affine"``).
    key : str or None
        The key as text (``"-3"``, ``"5,8"``, ``"ZEBRAS"``, ``"LEMON"``); None gives the
        family's :meth:`~Cipher.default_key`. An empty text is an empty key: an error for
        every family that takes one.
    alphabet : Alphabet, str or None
        An alphabet, or its name in :data:`ALPHABETS`; None gives the family's
        :meth:`~Cipher.default_alphabet` (``seed``; ``letters`` for ``rot13``).
    name : str
        Optional display name (default: the cipher's :meth:`~Cipher.describe`).

    Returns
    -------
    Cipher

    Raises
    ------
    InvalidKeyError
        If the key breaks the family's rule (a ``ValueError``; one sentence naming it).
    UnsupportedAlphabetError
        If the family cannot act on the alphabet (``rot13`` on the seed alphabet).
    ValueError
        If the family or alphabet name is unknown.
    """
    cls = family_named(family)
    if alphabet is None:
        alphabet = cls.default_alphabet()
    elif isinstance(alphabet, str):
        alphabet = alphabet_named(alphabet)
    cls.check_alphabet(alphabet)
    value = cls.default_key(alphabet) if key is None else cls.parse_key(key, alphabet)
    return cls.from_key(alphabet, value, name)


def cipher_from_dict(data: Any) -> Cipher:
    """Read a cipher's JSON: ``{"family", "key", "alphabet", "name"}`` or version 1.

    Version 1 (model files of format 1, such as the shipped model) is
    ``{"kind": "caesar", "shift": int, "alphabet": str, "name": str}`` and gives a
    :class:`CaesarCipher`. ``"alphabet"`` is the symbols (a name from :data:`ALPHABETS`
    is accepted too); ``"name"`` is optional.

    Raises
    ------
    InvalidKeyError
        If the key breaks the family's rule.
    UnsupportedAlphabetError
        If the family cannot act on the alphabet.
    ValueError
        If ``data`` is not an object, lacks a field, or names an unknown family or kind.
    """
    return Cipher.from_dict(data)
