"""Where a model looks: how much each input symbol influences one output letter.

Method: **gradient × input** on the embeddings (Simonyan et al. 2014 for the gradient;
Shrikumar et al. 2016 for multiplying by the input). For output position ``t`` and the
symbol the model chose there, the log-probability of that symbol is differentiated with
respect to every input position's embedding vector; the influence of position ``i`` is the
absolute value of the dot product of that gradient with the embedding itself. It is exactly
0 wherever the output cannot depend on the input: every position after ``t`` (the network
reads left to right), and every earlier position when the recurrent weights are zero.
Gradients shrink as a probability nears 1, so a confident model's values are small in
absolute terms; compare positions of one output (the view scales each to its maximum).
"""

from __future__ import annotations

import numpy as np
import torch

from ..network import CipherRNN

MAX_SYMBOLS = 5_000
"""Longest text whose saliency is computed (one backward pass over the whole text)."""


def saliency(
    model: CipherRNN, indices: np.ndarray, position: int, target: int | None = None
) -> np.ndarray:
    """Influence of every input position on the output at ``position`` (gradient × input).

    Parameters
    ----------
    model : CipherRNN
        Any model; its weights and gradients are left unchanged.
    indices : numpy.ndarray
        int ``(seq_len,)``: the input symbols.
    position : int
        The output position, in ``[0, seq_len)``.
    target : int, optional
        The output symbol whose log-probability is explained (default: the model's choice,
        the argmax at ``position``).

    Returns
    -------
    numpy.ndarray
        float64 ``(seq_len,)``, >= 0, in nats (the log-probability's first-order change
        when the input's embedding is scaled to zero); 0 after ``position``.

    Raises
    ------
    ValueError
        If the text is empty or longer than :data:`MAX_SYMBOLS`, or ``position`` or
        ``target`` is out of range.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if indices.ndim != 1 or not 0 < len(indices) <= MAX_SYMBOLS:
        raise ValueError(f"Give one text of 1 to {MAX_SYMBOLS:,} symbols.")
    if not 0 <= position < len(indices):
        raise ValueError(f"The position must be in [0, {len(indices)}), got {position}.")
    vocab = model.config.vocab_size
    if target is not None and not 0 <= target < vocab:
        raise ValueError(f"The target symbol must be in [0, {vocab}), got {target}.")
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            # with feedback: also the model's own previous choices, as it decodes
            embedded = model.decoding_inputs(torch.from_numpy(indices)[None]).detach()
            embedded.requires_grad_(True)
            hidden, _ = model.rnn(embedded[:, : position + 1])
            logits = model.linear(hidden[0, position])
            log_probs = torch.log_softmax(logits, dim=-1)
            chosen = int(log_probs.argmax()) if target is None else target
            (grad,) = torch.autograd.grad(log_probs[chosen], embedded)
    finally:
        model.train(was_training)
    return (grad * embedded).sum(dim=-1)[0].abs().double().detach().numpy()
