"""A classifier's reading of the network: one label per message from per-symbol outputs.

The network (:class:`~.model.CipherRNN`) gives logits at every symbol. A task that names one
label per message (Identify) reads the first ``count`` outputs as the labels' logits and
averages them over the message's symbols. The mean, rather than the last symbol's output
alone, gives every symbol's output a gradient from the first step, so the classifier
learns in seconds instead of waiting for the gradient to travel back through a whole
message; a prefix that has seen little learns to say little (small logits), and the
symbols that have seen most dominate the average.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


def label_logits(logits: torch.Tensor, count: int) -> torch.Tensor:
    """Per-message label logits from per-symbol outputs.

    Parameters
    ----------
    logits : torch.Tensor
        float32, shape ``(batch, seq_len, vocab)`` with ``vocab >= count``.
    count : int
        Number of labels: the first ``count`` outputs are theirs.

    Returns
    -------
    torch.Tensor
        float32, shape ``(batch, count)``: the labels' logits, averaged over the symbols.

    Examples
    --------
    >>> label_logits(torch.arange(12.0).reshape(1, 2, 6), 2)
    tensor([[3., 4.]])
    """
    return logits[..., :count].mean(dim=1)


@torch.inference_mode()
def label_probabilities(model: nn.Module, indices: np.ndarray, count: int) -> np.ndarray:
    """The probability of each label for one message (softmax of :func:`label_logits`).

    Parameters
    ----------
    model : torch.nn.Module
        Maps int64 ``(1, n)`` symbols to float32 logits ``(1, n, vocab)``; switched to eval
        mode for the call and back afterwards.
    indices : numpy.ndarray
        int64 ``(n,)``: the ciphertext's alphabet indices.
    count : int
        Number of labels.

    Returns
    -------
    numpy.ndarray
        float64 ``(count,)``, summing to 1; uniform (``1 / count`` each) for an empty text.
    """
    if len(indices) == 0:
        return np.full(count, 1.0 / count)
    was_training = model.training
    model.eval()
    try:
        x = torch.from_numpy(np.ascontiguousarray(indices, dtype=np.int64)).unsqueeze(0)
        logits = label_logits(model(x), count)[0].double()
    finally:
        model.train(was_training)
    return torch.softmax(logits, dim=-1).numpy()
