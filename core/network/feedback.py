"""Decoding with feedback: one symbol at a time, each step reading the model's earlier choices.

A ``feedback`` model (:class:`~cipherlab.core.network.CipherRNN` with ``config.feedback``)
reads, with each ciphertext symbol, the :data:`FEEDBACK_WINDOW` plaintext symbols before it.
Training gives it the true ones (teacher forcing); decoding has only its own earlier choices
(the argmax), so the steps cannot run in parallel. Through torch one step costs a module
call's overhead (about 0.1 ms), so without gradients the steps run in NumPy on the model's
float32 weights, the equations of :class:`~cipherlab.core.network.RecurrentStepper` for a
batch of messages at once (the ciphertext's and each fed-back symbol's input part looked up
in a table). With gradients on (looking inside the network) the same steps run through
torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import torch

from ..settings import ModelConfig

FEEDBACK_WINDOW = 16
"""Earlier plaintext symbols a ``feedback`` model reads back at each position: autokey
primers up to this long are a lookup; a longer one must be kept in the recurrent state."""


class FeedbackNetwork(Protocol):
    """What decoding with feedback needs of a network: config, start symbol, layers, weights.

    :class:`~cipherlab.core.network.CipherRNN` is one; naming it here would make the model
    and its decoding import each other.
    """

    config: ModelConfig
    rnn: Any
    linear: Any

    @property
    def start_symbol(self) -> int:
        """The fed-back index read before a message's first symbol."""

    def rnn_inputs(self, ciphertext: torch.Tensor, previous: torch.Tensor) -> torch.Tensor:
        """What the recurrent layer reads for ``ciphertext`` and the fed-back ``previous``."""

    def state_dict(self) -> Mapping[str, Any]:
        """The weights by name."""


@dataclass(frozen=True)
class FeedbackState:
    """Where greedy decoding stands after a piece of each message.

    Attributes
    ----------
    hidden : numpy.ndarray
        float32 ``(num_layers, batch, hidden_size)``: the recurrent layers' outputs.
    cells : numpy.ndarray or None
        float32, the same shape: an LSTM's cell state; None for a GRU or RNN.
    previous : numpy.ndarray
        int64 ``(batch, FEEDBACK_WINDOW)``: the symbols the next step reads back, the last
        one chosen first (the start symbol before a message's first).
    """

    hidden: np.ndarray
    cells: np.ndarray | None
    previous: np.ndarray


_BLOCK = 256
"""Steps whose fed-back input parts are laid out ahead at once (memory: ``_BLOCK + window``
rows of ``batch * gates`` floats)."""


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # never overflows, as in stepping.py


def start_state(model: FeedbackNetwork, batch: int) -> FeedbackState:
    """The state before a message's first symbol: zeros, the start symbol to read back."""
    config = model.config
    zeros = np.zeros((config.num_layers, batch, config.hidden_size), dtype=np.float32)
    cells = zeros.copy() if config.cell == "lstm" else None
    window = np.full((batch, FEEDBACK_WINDOW), model.start_symbol, dtype=np.int64)
    return FeedbackState(zeros, cells, window)


def decode_greedily(
    model: FeedbackNetwork,
    ciphertext: torch.Tensor,
    state: FeedbackState | None = None,
    forced: dict[int, int] | None = None,
) -> tuple[torch.Tensor, FeedbackState]:
    """Logits of each symbol of each message, each step reading back the previous choice.

    Parameters
    ----------
    model : FeedbackNetwork
        A model with ``config.feedback``.
    ciphertext : torch.Tensor
        int64, shape ``(batch, n_symbols)``.
    state : FeedbackState, optional
        What the call on the previous piece returned; None at the messages' start.
    forced : dict of int to int, optional
        Position in this piece -> the symbol read back for it instead of the model's
        choice (to measure how one wrong letter propagates); the logits are the model's.

    Returns
    -------
    logits : torch.Tensor
        float32, shape ``(batch, n_symbols, vocab_size)``.
    state : FeedbackState
        The state after the piece, to pass with the next piece.
    """
    if state is None:
        state = start_state(model, ciphertext.shape[0])
    if ciphertext.shape[1] == 0:
        return torch.zeros((ciphertext.shape[0], 0, model.config.vocab_size)), state
    if torch.is_grad_enabled():
        return _decode_in_torch(model, ciphertext, state, forced or {})
    return _decode_in_numpy(model, ciphertext.numpy(), state, forced or {})


def _decode_in_torch(
    model: FeedbackNetwork, ciphertext: torch.Tensor, state: FeedbackState, forced: dict[int, int]
) -> tuple[torch.Tensor, FeedbackState]:
    hidden = torch.from_numpy(state.hidden.copy())
    rnn_state = hidden if state.cells is None else (hidden, torch.from_numpy(state.cells.copy()))
    previous = torch.from_numpy(state.previous.copy())
    steps = []
    for t in range(ciphertext.shape[1]):
        inputs = model.rnn_inputs(ciphertext[:, t : t + 1], previous[:, None])
        out, rnn_state = model.rnn(inputs, rnn_state)
        logits = model.linear(out)
        steps.append(logits)
        chosen = logits[:, 0].argmax(dim=-1)
        if t in forced:
            chosen = torch.full_like(chosen, forced[t])
        previous = torch.cat([chosen[:, None], previous[:, :-1]], dim=1)
    h, c = rnn_state if isinstance(rnn_state, tuple) else (rnn_state, None)
    after = FeedbackState(
        h.detach().numpy().copy(),
        None if c is None else c.detach().numpy().copy(),
        previous.numpy().copy(),
    )
    return torch.cat(steps, dim=1), after


def _decode_in_numpy(
    model: FeedbackNetwork, ciphertext: np.ndarray, state: FeedbackState, forced: dict[int, int]
) -> tuple[torch.Tensor, FeedbackState]:
    config = model.config
    weights = {name: value.detach().float().numpy() for name, value in model.state_dict().items()}
    size, layers, cell = config.hidden_size, config.num_layers, config.cell
    w_ih = [weights[f"rnn.weight_ih_l{k}"] for k in range(layers)]
    w_hh_t = [np.ascontiguousarray(weights[f"rnn.weight_hh_l{k}"].T) for k in range(layers)]
    b_ih = [weights[f"rnn.bias_ih_l{k}"] for k in range(layers)]
    b_hh = [weights[f"rnn.bias_hh_l{k}"] for k in range(layers)]
    if cell != "gru":  # the two biases simply add up; GRU's n gate keeps b_hh apart
        b_ih = [a + b for a, b in zip(b_ih, b_hh, strict=True)]
    w_ih_t = [np.ascontiguousarray(w.T) for w in w_ih]
    dim, window = config.embedding_dim, FEEDBACK_WINDOW
    batch, n = ciphertext.shape
    # the first layer's input part of every ciphertext symbol, all at once
    cipher_part = (weights["embedding.weight"] @ w_ih[0][:, :dim].T + b_ih[0])[ciphertext]
    # per fed-back symbol, its input part in each slot k (k + 1 places back): (vocab + 1,
    # window, gates); a symbol chosen now is added to the next `window` steps' inputs at once
    back = weights["feedback_embedding.weight"]
    slots = np.stack([back @ w_ih[0][:, dim * (1 + k) : dim * (2 + k)].T for k in range(window)], 1)
    # future[j]: the fed-back part of the input at step j of the block (time-major), from
    # the symbols chosen so far; a block's last `window` rows roll over to the next block
    future = np.zeros((_BLOCK + window, batch, slots.shape[2]), dtype=np.float32)
    for back_by in range(window):  # state.previous[:, back_by] is back_by + 1 places back
        future[: window - back_by] += slots[state.previous[:, back_by], back_by:].swapaxes(0, 1)
    w_out_t = np.ascontiguousarray(weights["linear.weight"].T)
    b_out = weights["linear.bias"]
    hidden = [h.copy() for h in state.hidden]
    cells = None if state.cells is None else [c.copy() for c in state.cells]
    chosen = np.empty((batch, n), dtype=np.int64)
    out = np.empty((batch, n, config.vocab_size), dtype=np.float32)
    for t in range(n):
        j = t % _BLOCK
        if j == 0 and t:
            future[:window] = future[_BLOCK:]
            future[window:] = 0.0
        x = hidden[0]  # replaced below
        for layer in range(layers):
            if layer == 0:
                inputs = cipher_part[:, t] + future[j]
            else:
                inputs = x @ w_ih_t[layer] + b_ih[layer]
            recurrent = hidden[layer] @ w_hh_t[layer]
            if cells is not None:
                gates = inputs + recurrent
                squashed = _sigmoid(gates)  # one call for i, f and o (g's part is unused)
                g = np.tanh(gates[:, 2 * size : 3 * size])
                cells[layer] = squashed[:, size : 2 * size] * cells[layer] + squashed[:, :size] * g
                hidden[layer] = squashed[:, 3 * size :] * np.tanh(cells[layer])
            elif cell == "gru":
                recurrent = recurrent + b_hh[layer]
                rz = _sigmoid(inputs[:, : 2 * size] + recurrent[:, : 2 * size])
                r, z = rz[:, :size], rz[:, size:]
                candidate = np.tanh(inputs[:, 2 * size :] + r * recurrent[:, 2 * size :])
                hidden[layer] = (1.0 - z) * candidate + z * hidden[layer]
            else:
                hidden[layer] = np.tanh(inputs + recurrent)
            x = hidden[layer]
        logits = x @ w_out_t + b_out
        out[:, t] = logits
        symbol = logits.argmax(axis=1) if t not in forced else np.full(batch, forced[t])
        chosen[:, t] = symbol
        if batch == 1:  # a view of the table, no copy: the window's steps are contiguous
            future[j + 1 : j + 1 + window, 0] += slots[int(symbol[0])]
        else:
            future[j + 1 : j + 1 + window] += slots[symbol].swapaxes(0, 1)
    # the last `window` symbols, the last chosen first, then the older ones read before
    history = np.concatenate([chosen[:, ::-1], state.previous], axis=1)[:, :window]
    after = FeedbackState(
        np.stack(hidden), None if cells is None else np.stack(cells), history.copy()
    )
    return torch.from_numpy(out), after
