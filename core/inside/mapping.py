"""Measure a decryption model's learned mapping on random messages it never trained on.

The mapping itself (mean output probabilities per input symbol and key position, against the
cipher's table) is :class:`~cipherlab.core.learning.LearnedMapping`.
"""

from __future__ import annotations

import numpy as np
import torch

from ..ciphers import Cipher
from ..learning import LearnedMapping, mapping_of
from ..network import CipherRNN

PROBE_MESSAGES = 256
"""Random messages the mapping is averaged over (each symbol then occurs about 300 times per
key position with 32-symbol messages and a 27-symbol alphabet)."""


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
        Its accuracy is the probe's (the argmax against the probe's plaintext, every
        symbol): it confirms the mapping as the validation accuracy does in training.

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
        probs = torch.softmax(model(torch.from_numpy(ciphertext)), dim=-1).numpy()
    finally:
        model.train(was_training)
    accuracy = float((probs.argmax(axis=-1) == plaintext).mean())
    return mapping_of(probs, ciphertext, cipher, accuracy)
