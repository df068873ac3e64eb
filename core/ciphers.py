"""Classical ciphers over an :class:`~cipherlab.core.alphabet.Alphabet`, and the seed's cipher.

The seed cipher is the one the tutorial "Building your first RNN" (parts 1-3) calls ROT13: a
Caesar shift of +13 over the 27 symbols ``A``-``Z`` and ``-``. It is not self-inverse:
decryption is a shift of +14 (mod 27). Classic ROT13 is the same construction over 26 letters.

Every family (caesar, rot13, atbash, affine, substitution, vigenere, autokey) lives in
:mod:`cipherlab.core.families`; the names below are re-exported from there.
"""

from __future__ import annotations

from .alphabet import LETTER_ALPHABET, SEED_ALPHABET
from .families import (
    FAMILIES,
    CaesarCipher,
    Cipher,
    InvalidKeyError,
    Rot13Cipher,
    cipher_from_dict,
    make_cipher,
)

__all__ = [
    "FAMILIES",
    "ROT13",
    "SEED_CIPHER",
    "CaesarCipher",
    "Cipher",
    "InvalidKeyError",
    "Rot13Cipher",
    "cipher_from_dict",
    "make_cipher",
]

SEED_CIPHER = CaesarCipher(SEED_ALPHABET, 13, "Caesar +13, A–Z and -")
"""The seed tutorial's cipher, +13 over 27 symbols: ``THIS-IS-A-SECRET`` -> ``FUVEMVEMNMERPDRF``."""

ROT13 = Rot13Cipher(LETTER_ALPHABET, "ROT13 (A–Z)")
"""Classic, self-inverse ROT13 over 26 letters (``URYYB`` -> ``HELLO``)."""
