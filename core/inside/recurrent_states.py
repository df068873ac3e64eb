"""What the recurrent layer carries from symbol to symbol: hidden state, cell state and gates.

:func:`hidden_states` runs the top recurrent layer with torch's own kernel for its hidden
states, then recomputes every gate from its weights (torch's documented gate layout) and the
hidden state before it, all positions at once, so the gates, which ``nn.LSTM`` never returns,
can be shown beside the states it does (and the LSTM's cell state, by its recurrence).
:func:`period_tracking` scores how strongly each unit
follows the position modulo a key period: a Vigenère model's counting units score near 1.
"""

from __future__ import annotations

import numpy as np
import torch

from ..network import CipherRNN

SIGNALS = {
    "lstm": ("hidden", "cell", "input gate", "forget gate", "output gate"),
    "gru": ("hidden", "reset gate", "update gate"),
    "rnn": ("hidden",),
}
"""The per-unit signals :func:`hidden_states` returns for each cell type."""
MAX_SYMBOLS = 100_000
"""Longest text :func:`hidden_states` replays."""


@torch.inference_mode()
def hidden_states(model: CipherRNN, indices: np.ndarray) -> dict[str, np.ndarray]:
    """The top recurrent layer's states and gates at every position of one text.

    Parameters
    ----------
    model : CipherRNN
        Any cell type and number of layers; its weights are not changed.
    indices : numpy.ndarray
        int ``(seq_len,)``: the input symbols (ciphertext for a decryption model).

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`SIGNALS` of the model's cell type -> float32 ``(seq_len, hidden_size)``;
        the states are those after reading each symbol (``hidden`` equals ``nn.LSTM``'s
        output), the gates in ``[0, 1]`` those applied at that symbol.

    Raises
    ------
    ValueError
        If ``indices`` is not 1-D, is longer than :data:`MAX_SYMBOLS` or holds a symbol
        outside the model's vocabulary.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if indices.ndim != 1:
        raise ValueError("Give one text: a 1-D array of symbol indices.")
    if len(indices) > MAX_SYMBOLS:
        raise ValueError(f"At most {MAX_SYMBOLS:,} symbols, got {len(indices):,}.")
    vocab = model.config.vocab_size
    if len(indices) and (indices.min() < 0 or indices.max() >= vocab):
        raise ValueError(f"Symbol indices must be in [0, {vocab}).")
    cell, layers = model.config.cell, model.config.num_layers
    size = model.config.hidden_size
    # (seq_len, input size): with feedback, the embedding of its previous choice too
    x = model.decoding_inputs(torch.from_numpy(indices)[None])[0].float()
    if layers > 1:  # the layers below the top run in torch's own kernel, same weights
        lower = model.rnn.__class__(model.rnn.input_size, size, num_layers=layers - 1)
        below = {k: v for k, v in model.rnn.state_dict().items() if _layer(k) < layers - 1}
        lower.load_state_dict(below)
        x = lower(x[:, None])[0][:, 0]  # (seq_len, hidden_size)
    top = layers - 1
    w_ih = getattr(model.rnn, f"weight_ih_l{top}")
    w_hh = getattr(model.rnn, f"weight_hh_l{top}")
    b_ih = getattr(model.rnn, f"bias_ih_l{top}")
    b_hh = getattr(model.rnn, f"bias_hh_l{top}")
    top_layer = model.rnn.__class__(w_ih.shape[1], size)
    top_layer.load_state_dict(
        {name.rsplit("_l", 1)[0] + "_l0": value for name, value in model.rnn.state_dict().items()
         if _layer(name) == top}
    )  # fmt: skip
    hidden = top_layer(x[:, None])[0][:, 0]  # torch's kernel: (seq_len, hidden_size)
    # the gates at t read x_t and h_(t-1): all positions at once, from the hidden states
    before = torch.cat([torch.zeros(1, size), hidden[:-1]])
    pre_x = x @ w_ih.T + b_ih  # (seq_len, gates * hidden)
    pre_h = before @ w_hh.T + b_hh
    out = {"hidden": hidden.numpy().astype(np.float32)}
    if cell == "lstm":  # torch's order: input, forget, cell candidate, output
        i, f, g, o = (pre_x + pre_h).chunk(4, dim=1)
        i, f, g = i.sigmoid().numpy(), f.sigmoid().numpy(), g.tanh().numpy()
        cells = np.zeros((len(indices), size), dtype=np.float32)
        c = np.zeros(size, dtype=np.float32)
        for t in range(len(indices)):  # c_t = f_t c_(t-1) + i_t g_t: elementwise, cheap
            c = f[t] * c + i[t] * g[t]
            cells[t] = c
        out.update({"cell": cells, "input gate": i, "forget gate": f,
                    "output gate": o.sigmoid().numpy()})  # fmt: skip
    elif cell == "gru":  # torch's order: reset, update, new
        xr, xz, _ = pre_x.chunk(3, dim=1)
        hr, hz, _ = pre_h.chunk(3, dim=1)
        out.update({"reset gate": (xr + hr).sigmoid().numpy(),
                    "update gate": (xz + hz).sigmoid().numpy()})  # fmt: skip
    return {name: np.ascontiguousarray(out[name], dtype=np.float32) for name in SIGNALS[cell]}


def _layer(name: str) -> int:
    """The layer number of a recurrent weight's name (``weight_ih_l2`` -> 2)."""
    return int(name.rsplit("_l", 1)[1])


def period_tracking(states: np.ndarray, period: int) -> np.ndarray:
    """How much of each unit's variation the position modulo ``period`` explains.

    The correlation ratio (eta squared): the variance of the unit's per-residue means over
    its total variance. 1 = the unit's value is set by the position modulo ``period`` alone
    (a counter); 0 = the position tells nothing about it.

    Parameters
    ----------
    states : numpy.ndarray
        float ``(seq_len, units)``, e.g. one signal of :func:`hidden_states`.
    period : int
        The key period (>= 1); period 1 gives zeros.

    Returns
    -------
    numpy.ndarray
        float64 ``(units,)`` in ``[0, 1]``.
    """
    states = np.asarray(states, dtype=np.float64)
    if period < 1:
        raise ValueError(f"The period must be at least 1, got {period}.")
    total = states.var(axis=0)
    if period == 1 or len(states) == 0:
        return np.zeros(states.shape[1])
    residue = np.arange(len(states)) % period
    means = np.stack([states[residue == r].mean(axis=0) for r in range(min(period, len(states)))])
    counts = np.bincount(residue, minlength=period)[: len(means)].astype(np.float64)
    between = (counts[:, None] * (means - states.mean(axis=0)) ** 2).sum(axis=0) / len(states)
    return np.where(total > 1e-12, np.clip(between / np.maximum(total, 1e-12), 0, 1), 0.0)
