"""A cipher's decryption table at each key position: what a decryption model must learn.

Vigenère and autokey (over its primer) shift each position by its key symbol, so they have
one table per key position; every other family maps a symbol the same way wherever it stands.
"""

from __future__ import annotations

import numpy as np

from .base import Cipher

POSITIONAL = ("vigenere", "autokey")
"""Families whose mapping depends on the key position (autokey only over its primer)."""


def key_period(cipher: Cipher) -> int:
    """Key positions with a mapping of their own: the keyword's length, or 1.

    Vigenère and autokey (over its primer) shift each position by its key symbol; every
    other family maps a symbol the same way wherever it stands.
    """
    return max(1, len(cipher.key_text)) if cipher.family in POSITIONAL else 1


def true_mapping(cipher: Cipher, period: int | None = None) -> np.ndarray:
    """The cipher's own mapping: plaintext index of each ciphertext symbol at each key position.

    Parameters
    ----------
    cipher : Cipher
        Any family.
    period : int, optional
        Key positions (default :func:`key_period`).

    Returns
    -------
    numpy.ndarray
        int64 ``(period, n)``: ``[k, a]`` is the plaintext symbol that ciphertext symbol
        ``a`` decrypts to at position ``k`` of a message (for autokey, over its primer).
    """
    period = period or key_period(cipher)
    n = len(cipher.alphabet)
    repeated = np.repeat(np.arange(n, dtype=np.int64)[:, None], period, axis=1)  # (n, period)
    return np.asarray(cipher.decrypt_indices(repeated), dtype=np.int64).T.copy()
