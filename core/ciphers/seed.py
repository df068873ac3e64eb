"""The seed tutorial's cipher, and classic ROT13 beside it.

The seed cipher is the one the tutorial "Building your first RNN" (parts 1-3) calls ROT13: a
Caesar shift of +13 over the 27 symbols ``A``-``Z`` and ``-``. It is not self-inverse:
decryption is a shift of +14 (mod 27). Classic ROT13 is the same construction over 26 letters.
"""

from __future__ import annotations

from ..text import LETTER_ALPHABET, SEED_ALPHABET
from .caesar import CaesarCipher, Rot13Cipher

__all__ = ["ROT13", "SEED_CIPHER"]

SEED_CIPHER = CaesarCipher(SEED_ALPHABET, 13, "Caesar +13, A–Z and -")
"""The seed tutorial's cipher, +13 over 27 symbols: ``THIS-IS-A-SECRET`` -> ``FUVEMVEMNMERPDRF``."""

ROT13 = Rot13Cipher(LETTER_ALPHABET, "ROT13 (A–Z)")
"""Classic, self-inverse ROT13 over 26 letters (``URYYB`` -> ``HELLO``)."""
