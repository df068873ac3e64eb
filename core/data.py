"""Seeded (ciphertext, plaintext) batches of random messages, as in the seed tutorial.

Each message is ``seq_len`` symbols drawn uniformly from the whole alphabet (``-`` included),
and its ciphertext is the cipher applied symbol by symbol, as in the tutorial "Building your
first RNN" (parts 1-3).
"""

from __future__ import annotations

import hashlib

import torch

from .ciphers import CaesarCipher
from .config import SEQ_LEN

VALIDATION_SEED = 20_240_613
"""Seed of the fixed validation set; training data comes from a separate stream."""


def stream_generator(seed: int, stream: str) -> torch.Generator:
    """A CPU ``torch.Generator`` for one named stream of one seed.

    Different ``stream`` names give independent sequences, so training data with seed
    ``s`` never replays the validation set or the model's initial weights.
    """
    digest = hashlib.sha256(f"{stream}:{seed}".encode()).digest()
    return torch.Generator().manual_seed(int.from_bytes(digest[:8], "little") & (2**63 - 1))


def random_batch(
    cipher: CaesarCipher, batch_size: int, seq_len: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Draw random plaintext messages and encrypt them.

    Parameters
    ----------
    cipher : CaesarCipher
        The cipher to learn; its alphabet size ``n`` is the vocabulary.
    batch_size, seq_len : int
        Number of messages and symbols per message (both >= 1).
    generator : torch.Generator
        Source of randomness (see :func:`stream_generator`).

    Returns
    -------
    ciphertext, plaintext : torch.Tensor
        int64 tensors of shape ``(batch_size, seq_len)`` with values in ``[0, n)``.

    Raises
    ------
    ValueError
        If ``batch_size`` or ``seq_len`` is below 1.
    """
    if batch_size < 1 or seq_len < 1:
        raise ValueError(f"batch_size and seq_len must be >= 1, got {batch_size}, {seq_len}.")
    n = len(cipher.alphabet)
    plaintext = torch.randint(0, n, (batch_size, seq_len), generator=generator)
    return cipher.encrypt_indices(plaintext), plaintext


def validation_set(
    cipher: CaesarCipher, size: int = 256, seq_len: int = SEQ_LEN
) -> tuple[torch.Tensor, torch.Tensor]:
    """The fixed, seeded held-out set: same ``size`` and ``seq_len`` always give the same data.

    Returns
    -------
    ciphertext, plaintext : torch.Tensor
        int64, shape ``(size, seq_len)``.
    """
    return random_batch(cipher, size, seq_len, stream_generator(VALIDATION_SEED, "validation"))
