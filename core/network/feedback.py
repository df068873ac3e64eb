"""Decoding with feedback: one symbol at a time, each step reading the model's earlier choices.

A ``feedback`` model (:class:`~cipherlab.core.network.CipherRNN` with ``config.feedback``)
reads, with each ciphertext symbol, the :data:`FEEDBACK_WINDOW` plaintext symbols before it.
Training gives it the true ones (teacher forcing); decoding has only its own earlier choices
(the argmax), so the steps cannot run in parallel. Through torch one step costs a module
call's overhead (about 0.1 ms), so without gradients the steps run in NumPy on the model's
float32 weights (:class:`~cipherlab.core.network.numpy_layers.NumpyLayers`) for a batch of
messages at once, the ciphertext's and each fed-back symbol's input part looked up in a
table: about 18 µs a step for the autokey Fast preset (an LSTM of 128 units). With
gradients on (looking inside the network) the same steps run through torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import torch

from ..settings import ModelConfig
from .numpy_layers import NumpyLayers

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
_ROW_BY_ROW = 16
"""Batches up to this size add each message's fed-back parts in a loop (no gathered copy)."""


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
    forced: Mapping[int, int | np.ndarray] | None = None,
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
    forced : mapping of int to int or numpy.ndarray, optional
        Position in this piece -> the symbol read back for it instead of the model's
        choice (to measure how one wrong letter propagates): one symbol for every message,
        or int64 ``(batch,)`` with -1 where a message keeps the model's choice. The
        logits are the model's.

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
    batch = ciphertext.shape[0]
    rows = {
        t: np.broadcast_to(np.asarray(f, np.int64), (batch,)) for t, f in (forced or {}).items()
    }
    if torch.is_grad_enabled():
        return _decode_in_torch(model, ciphertext, state, rows)
    return _decode_in_numpy(model, ciphertext.numpy(), state, rows)


def _decode_in_torch(
    model: FeedbackNetwork,
    ciphertext: torch.Tensor,
    state: FeedbackState,
    forced: dict[int, np.ndarray],
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
            rows = torch.from_numpy(forced[t].copy())
            chosen = torch.where(rows >= 0, rows, chosen)
        previous = torch.cat([chosen[:, None], previous[:, :-1]], dim=1)
    h, c = rnn_state if isinstance(rnn_state, tuple) else (rnn_state, None)
    after = FeedbackState(
        h.detach().numpy().copy(),
        None if c is None else c.detach().numpy().copy(),
        previous.numpy().copy(),
    )
    return torch.cat(steps, dim=1), after


def _decode_in_numpy(
    model: FeedbackNetwork,
    ciphertext: np.ndarray,
    state: FeedbackState,
    forced: dict[int, np.ndarray],
) -> tuple[torch.Tensor, FeedbackState]:
    config = model.config
    weights = {name: value.detach().float().numpy() for name, value in model.state_dict().items()}
    layers = NumpyLayers(weights, config)
    dim, window = config.embedding_dim, FEEDBACK_WINDOW
    batch, n = ciphertext.shape
    # the first layer's input part of every ciphertext symbol, with the bias: (vocab, gates)
    cipher_table = layers.first_input_part(weights["embedding.weight"], slice(0, dim))
    cipher_table += layers.first_bias
    # per fed-back symbol, its input part in each slot k (k + 1 places back): (vocab + 1,
    # window, gates); a symbol chosen now is added to the next `window` steps' inputs at once
    back = weights["feedback_embedding.weight"]
    slots = np.stack(
        [layers.first_input_part(back, slice(dim * (1 + k), dim * (2 + k))) for k in range(window)],
        1,
    )
    # future[:, j]: the first layer's whole input at step j of the block: the ciphertext's
    # part, added as a block starts, and the parts of the symbols chosen so far; a block's
    # last `window` steps roll over to the next block. One row per message, so that a
    # chosen symbol's `window` parts are added to contiguous memory
    steps = min(_BLOCK, n)  # a short piece (a validation batch) lays out only its own steps
    future = np.zeros((batch, steps + window, slots.shape[2]), dtype=np.float32)
    for back_by in range(window):  # state.previous[:, back_by] is back_by + 1 places back
        future[:, : window - back_by] += slots[state.previous[:, back_by], back_by:]
    hidden = layers.hidden_in(state.hidden)
    cells = None if state.cells is None else list(state.cells.copy())
    chosen = np.empty((n, batch), dtype=np.int64)
    out = np.empty((n, batch, config.vocab_size), dtype=np.float32)
    rows = list(range(batch))
    for t in range(n):
        j = t % steps
        if j == 0:
            if t:
                future[:, :window] = future[:, steps:]
                future[:, window:] = 0.0
            block = ciphertext[:, t : t + steps]
            future[:, : block.shape[1]] += cipher_table[block]
        logits = layers.logits(layers.step(future[:, j], hidden, cells), out=out[t])
        symbol = logits.argmax(axis=1)
        if t in forced:
            symbol = np.where(forced[t] >= 0, forced[t], symbol)
        chosen[t] = symbol
        if batch <= _ROW_BY_ROW:
            for row, s in zip(rows, symbol.tolist(), strict=True):
                future[row, j + 1 : j + 1 + window] += slots[s]
        else:
            future[:, j + 1 : j + 1 + window] += slots[symbol]
    # the last `window` symbols, the last chosen first, then the older ones read before
    history = np.concatenate([chosen.T[:, ::-1], state.previous], axis=1)[:, :window]
    after = FeedbackState(
        layers.hidden_out(hidden), None if cells is None else np.stack(cells), history.copy()
    )
    return torch.from_numpy(np.ascontiguousarray(out.swapaxes(0, 1))), after
