"""What a feedback model reads back: how much each earlier decoded letter sways one output.

A ``feedback`` model reads, with each ciphertext symbol, the letters it decoded before
(:data:`~cipherlab.core.network.FEEDBACK_WINDOW` of them, each in a slot of its own). The
method is :func:`~cipherlab.core.inside.saliency`'s, gradient × input, split by what the
input carries: at every position, the ciphertext symbol's embedding and, summed over the
steps and slots in which it is read back, the decoded letter's. For autokey with a primer of
``m`` letters, a model that has learned the cipher leans on the ciphertext at the output's
own position and on the letter it decoded ``m`` places before: the plaintext that autokey's
key is made of, which a decoder that reads only ciphertext never sees.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from ..network import FEEDBACK_WINDOW, CipherRNN


class ReadBack(NamedTuple):
    """The influence of each input position on one output letter, by what it carries.

    Attributes
    ----------
    ciphertext : numpy.ndarray
        float64 ``(seq_len,)``, >= 0, nats: the ciphertext symbol at each position.
    fed_back : numpy.ndarray
        float64 ``(seq_len,)``, >= 0, nats: the letter decoded at each position, read back
        in the steps after it; 0 at and after the output's position.
    """

    ciphertext: np.ndarray
    fed_back: np.ndarray


def read_back(model: CipherRNN, indices: np.ndarray, position: int) -> ReadBack:
    """How much the ciphertext and the read-back letters sway the letter at ``position``.

    Parameters
    ----------
    model : CipherRNN
        A model with ``config.feedback``; its weights and gradients are left unchanged.
    indices : numpy.ndarray
        int ``(seq_len,)``: the ciphertext symbols.
    position : int
        The output position, in ``[0, seq_len)``; the letter explained is the model's
        choice there, decoding from its own earlier choices.

    Returns
    -------
    ReadBack

    Raises
    ------
    ValueError
        If the model has no feedback, the text is empty, or ``position`` is out of range.
    """
    if not model.config.feedback:
        raise ValueError("This model reads only ciphertext: it has no feedback to look at.")
    indices = np.asarray(indices, dtype=np.int64)
    if indices.ndim != 1 or not 0 <= position < len(indices):
        raise ValueError(f"The position must be in [0, {len(indices)}), got {position}.")
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            ciphertext = torch.from_numpy(indices[: position + 1])[None]
            inputs = model.decoding_inputs(ciphertext).detach().requires_grad_(True)
            hidden, _ = model.rnn(inputs)
            log_probs = torch.log_softmax(model.linear(hidden[0, position]), dim=-1)
            (grad,) = torch.autograd.grad(log_probs.max(), inputs)
    finally:
        model.train(was_training)
    dim = model.config.embedding_dim
    # (steps, 1 + window): each step's ciphertext part, then its read-back slots
    product = (grad * inputs)[0].reshape(position + 1, 1 + FEEDBACK_WINDOW, dim).sum(-1)
    parts = product.detach().double().numpy()
    cipher = np.zeros(len(indices))
    cipher[: position + 1] = np.abs(parts[:, 0])
    fed_back = np.zeros(len(indices))
    for step in range(1, position + 1):  # slot k at step t reads the letter at t - 1 - k
        for slot in range(min(FEEDBACK_WINDOW, step)):
            fed_back[step - 1 - slot] += parts[step, 1 + slot]
    return ReadBack(cipher, np.abs(fed_back))
