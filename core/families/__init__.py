"""Cipher families: the classical ciphers a model can learn, and their keys and alphabets.

One module per family (``caesar`` with ``rot13``, ``atbash``, ``affine``, ``substitution``,
``vigenere``, ``autokey``); the :class:`Cipher` interface in :mod:`.base`, key errors and
keyword rules in :mod:`.keys`, the index-array code path (and how positions count) in
:mod:`.indices`, and the names in :mod:`.registry`. Every family encrypts and decrypts
strings and index arrays (ints, NumPy, torch), validates its key with
:class:`InvalidKeyError`, describes itself as plain JSON (:meth:`Cipher.to_dict`,
:func:`cipher_from_dict`) and draws random keys. Nothing here imports torch or Qt.

Default keys (:meth:`Cipher.default_key`): caesar 13 over ``seed`` (the seed cipher) and 3
over ``letters``; affine ``5,8``; substitution the keyword ``ZEBRAS``; vigenere ``LEMON``;
autokey ``QUEENLY``; rot13 and atbash take none.
"""

from .affine import AffineCipher, valid_multipliers
from .atbash import AtbashCipher
from .autokey import AutokeyCipher
from .base import Cipher
from .caesar import CaesarCipher, Rot13Cipher
from .keys import (
    MAX_KEYWORD_LENGTH,
    InvalidKeyError,
    KeyValue,
    UnsupportedAlphabetError,
    alphabet_label,
)
from .registry import (
    ALPHABETS,
    FAMILIES,
    alphabet_named,
    cipher_from_dict,
    family_named,
    make_cipher,
)
from .substitution import SubstitutionCipher, keyword_alphabet
from .vigenere import VigenereCipher

__all__ = [
    "ALPHABETS",
    "FAMILIES",
    "MAX_KEYWORD_LENGTH",
    "AffineCipher",
    "AtbashCipher",
    "AutokeyCipher",
    "CaesarCipher",
    "Cipher",
    "InvalidKeyError",
    "KeyValue",
    "Rot13Cipher",
    "SubstitutionCipher",
    "UnsupportedAlphabetError",
    "VigenereCipher",
    "alphabet_label",
    "alphabet_named",
    "cipher_from_dict",
    "family_named",
    "keyword_alphabet",
    "make_cipher",
    "valid_multipliers",
]
