"""What mapping a decryption model has learned: output probabilities given each input symbol.

For every ciphertext symbol ``a`` (and, for a cipher whose shift depends on the position,
every key position ``k``), the average probability the model gives each plaintext symbol
``b`` at the positions where ``a`` is read. A model that has learned a Caesar shift puts
almost all of row ``a`` on ``a - shift``: the map is the cipher's permutation matrix. A
Vigenère model needs one such map per key position, which is why it has to count. The
training loop reads it from its validation output to mark the step a mapping is learned;
the window draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ciphers import Cipher, key_period, true_mapping

MAPPING_ACCURACY = 1.0
"""Accuracy that must confirm a mapping before it counts as learned (every symbol right).

The mapping averages the model's output per input symbol and key position; it can be the
cipher's while the model still decrypts little: an autokey model's is read at the primer's
positions only, and showed "mapping learned" at 20 % accuracy. So the claim needs the
accuracy of the same output on the whole set as well (:attr:`LearnedMapping.all_learned`):
the validation accuracy during training, the probe's in the Inside view. At 100 % a
substitution cipher's mapping is necessarily right (every read's argmax is the cipher's
symbol, so their average's is too); 0.99 would put the training mark one step earlier on
the Fast preset's seed 0 (99.91 % at step 9), before any measurement showed a decrypting
model."""


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
    accuracy : float
        The accuracy in ``[0, 1]`` of the same output on the whole set it was read from
        (the validation accuracy, or the probe's): what confirms the mapping.
    """

    probabilities: np.ndarray
    truth: np.ndarray
    accuracy: float

    @property
    def learned(self) -> np.ndarray:
        """Per key position (bool ``(period,)``): every row's argmax is the cipher's symbol."""
        return (self.probabilities.argmax(axis=-1) == self.truth).all(axis=-1)

    @property
    def all_match(self) -> bool:
        """True when the mapping equals the cipher's at every key position (not yet a claim)."""
        return bool(self.learned.all())

    @property
    def all_learned(self) -> bool:
        """True when the mapping is learned: every key position's, confirmed by the accuracy.

        It equals the cipher's at every key position and :attr:`accuracy` is at least
        :data:`MAPPING_ACCURACY`. The one rule for the claim "mapping learned", in training
        and in the Inside view.
        """
        return self.all_match and self.accuracy >= MAPPING_ACCURACY


def mapping_of(
    probs: np.ndarray, ciphertext: np.ndarray, cipher: Cipher, accuracy: float
) -> LearnedMapping:
    """The mapping shown by a model's output ``probs`` on ``ciphertext``.

    The sums run in float64, one :func:`numpy.bincount` per output symbol (about 0.5 ms for
    256 messages of 32 symbols; ``np.add.at`` took 2-4 ms).

    Parameters
    ----------
    probs : numpy.ndarray
        float ``(messages, seq_len, n)``: the model's probabilities (softmax of its logits).
    ciphertext : numpy.ndarray
        int ``(messages, seq_len)``: what it read, encrypted with ``cipher`` from any
        plaintext (each message starting at key position 0).
    cipher : Cipher
        The cipher it learns.
    accuracy : float
        The accuracy of the same model on the whole set ``probs`` come from (validation or
        probe), in ``[0, 1]``: the mapping counts as learned only if it is at least
        :data:`MAPPING_ACCURACY`.

    Returns
    -------
    LearnedMapping
        Mean probabilities per key position and input symbol, with the cipher's table.
    """
    n = len(cipher.alphabet)
    probs = np.asarray(probs)
    ciphertext = np.asarray(ciphertext, dtype=np.int64)
    period = key_period(cipher)
    seq_len = ciphertext.shape[1]
    positions = np.arange(seq_len) % period  # (seq_len,)
    if cipher.family == "autokey":  # beyond the primer the plaintext is the key
        probs, ciphertext = probs[:, :period], ciphertext[:, :period]
        positions = positions[:period]
    cell = (positions * n + ciphertext).ravel()  # (key position, input symbol) of every read
    cells = period * n
    flat = probs.reshape(-1, n)
    # bincount adds in float64 whatever the weights' type, in reading order (as np.add.at)
    sums = np.stack([np.bincount(cell, flat[:, b], cells) for b in range(n)], axis=1)
    counts = np.bincount(cell, minlength=cells)[:, None]
    mean = np.where(counts > 0, sums / np.maximum(counts, 1), 1.0 / n)
    return LearnedMapping(mean.reshape(period, n, n), true_mapping(cipher, period), accuracy)
