# The public face of cipherlab.core.ciphers (loaded lazily by __init__.py).

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
from .seed import ROT13, SEED_CIPHER
from .substitution import SubstitutionCipher, keyword_alphabet
from .tables import POSITIONAL, key_period, true_mapping
from .vigenere import VigenereCipher

__all__ = [
    "POSITIONAL",
    "key_period",
    "true_mapping",
    "ALPHABETS",
    "FAMILIES",
    "MAX_KEYWORD_LENGTH",
    "ROT13",
    "SEED_CIPHER",
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
