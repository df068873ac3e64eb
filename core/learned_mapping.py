"""What mapping a decryption model has learned: output probabilities given each input symbol.

For every ciphertext symbol ``a`` (and, for a cipher whose shift depends on the position,
every key position ``k``), the average probability the model gives each plaintext symbol
``b`` at the positions where ``a`` is read. A model that has learned a Caesar shift puts
almost all of row ``a`` on ``a - shift``: the map is the cipher's permutation matrix. A
Vigenère model needs one such map per key position, which is why it has to count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .families import Cipher
from .model import CipherRNN

PROBE_MESSAGES = 256
"""Random messages the mapping is averaged over (each symbol then occurs about 300 times per
key position with 32-symbol messages and a 27-symbol alphabet)."""
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


@dataclass(frozen=True)
class LearnedMapping:
    """A model's average output distribution per input symbol and key position.

    Attributes
    ----------
    probabilities : numpy.ndarray
        float64 ``(period, n, n)``: ``[k, a, b]`` = mean probability of plaintext ``b``
        where ciphertext ``a`` is read at key position ``k``; each row sums to 1 (a row
        never read is uniform).
    truth : numpy.ndarray
        int64 ``(period, n)``: the cipher's mapping (:func:`true_mapping`).
    """

    probabilities: np.ndarray
    truth: np.ndarray

    @property
    def learned(self) -> np.ndarray:
        """Per key position (bool ``(period,)``): every row's argmax is the cipher's symbol."""
        return (self.probabilities.argmax(axis=-1) == self.truth).all(axis=-1)

    @property
    def all_learned(self) -> bool:
        """True when the mapping equals the cipher's at every key position."""
        return bool(self.learned.all())


@torch.inference_mode()
def learned_mapping(
    model: CipherRNN,
    cipher: Cipher,
    seq_len: int,
    messages: int = PROBE_MESSAGES,
    seed: int = 0,
) -> LearnedMapping:
    """Measure a decryption model's mapping on random messages (never its training data).

    Parameters
    ----------
    model : CipherRNN
        A decryption model over ``cipher``'s alphabet; its weights are not changed.
    cipher : Cipher
        The cipher it learned.
    seq_len : int
        Symbols per probe message (the model's training length).
    messages : int
        Probe messages; more give smoother averages.
    seed : int
        The probe messages' seed (the same seed gives the same messages).

    Returns
    -------
    LearnedMapping

    Raises
    ------
    ValueError
        If the model's vocabulary is not the cipher's alphabet.
    """
    n = len(cipher.alphabet)
    if model.config.vocab_size != n:
        raise ValueError(
            f"The model reads {model.config.vocab_size} symbols, the cipher {n}: "
            "a language model has no mapping."
        )
    rng = np.random.default_rng(seed)
    plaintext = rng.integers(0, n, size=(messages, seq_len), dtype=np.int64)
    ciphertext = np.asarray(cipher.encrypt_indices(plaintext), dtype=np.int64)
    was_training = model.training
    model.eval()
    try:
        probs = torch.softmax(model(torch.from_numpy(ciphertext)), dim=-1).double().numpy()
    finally:
        model.train(was_training)
    return mapping_of(probs, ciphertext, cipher)


def mapping_of(probs: np.ndarray, ciphertext: np.ndarray, cipher: Cipher) -> LearnedMapping:
    """The mapping shown by a model's output ``probs`` on ``ciphertext``.

    Parameters
    ----------
    probs : numpy.ndarray
        float ``(messages, seq_len, n)``: the model's probabilities (softmax of its logits).
    ciphertext : numpy.ndarray
        int ``(messages, seq_len)``: what it read, encrypted with ``cipher`` from any
        plaintext (each message starting at key position 0).
    cipher : Cipher
        The cipher it learns.
    """
    n = len(cipher.alphabet)
    probs = np.asarray(probs, dtype=np.float64)
    ciphertext = np.asarray(ciphertext, dtype=np.int64)
    period = key_period(cipher)
    seq_len = ciphertext.shape[1]
    positions = np.arange(seq_len) % period  # (seq_len,)
    if cipher.family == "autokey":  # beyond the primer the plaintext is the key
        probs, ciphertext = probs[:, :period], ciphertext[:, :period]
        positions = positions[:period]
    keys = np.broadcast_to(positions, ciphertext.shape)
    cell = (keys * n + ciphertext).ravel()  # (key position, input symbol) of every read
    sums = np.zeros((period * n, n))
    np.add.at(sums, cell, probs.reshape(-1, n))
    counts = np.bincount(cell, minlength=period * n)[:, None]
    mean = np.where(counts > 0, sums / np.maximum(counts, 1), 1.0 / n)
    return LearnedMapping(mean.reshape(period, n, n), true_mapping(cipher, period))
