"""A model's recurrent and output layers as NumPy arrays, one position at a time.

Decoding that feeds back its choices, and sampling, read one symbol per step: through torch
each step pays a module call's overhead (about 0.1-0.2 ms), so both step in NumPy on the
model's float32 weights instead. A step of a small model costs tens of NumPy calls, about
a microsecond each, so the arithmetic here is laid out to make as few calls as it can:

* the equations are torch's (``torch.nn.LSTM``, ``GRU``, ``RNN`` with tanh, any number of
  layers), and the logits equal torch's to float32 rounding;
* the first layer's input part (with its bias) comes from the caller, who looks it up in a
  table per symbol (:meth:`NumpyLayers.first_input_part`);
* sigmoid is ``(1 + tanh(x / 2)) / 2``, which never overflows. For an LSTM the input, forget
  and output gates' weights are halved ahead, so one ``tanh`` over all four gates gives every
  gate; the state kept is ``2 h``, and every weight that reads ``h`` is halved to match.
  :meth:`NumpyLayers.hidden_out` and :meth:`NumpyLayers.hidden_in` convert it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..settings import ModelConfig


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class NumpyLayers:
    """The recurrent layers and the output layer of a model, stepped for a batch in NumPy.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        A :class:`~cipherlab.core.network.CipherRNN`'s ``state_dict`` as float32 arrays
        (``rnn.weight_ih_l0`` … ``linear.bias``); they are copied.
    config : ModelConfig
        Its cell (``lstm``, ``gru``, ``rnn``), hidden size and number of layers.

    Notes
    -----
    A state is a list with one float32 array per layer, shape ``(batch, hidden_size)`` or
    ``(hidden_size,)``; an LSTM also has a list of cell states of the same shapes. The
    hidden states are kept scaled (``2 h`` for an LSTM), so they go in and out through
    :meth:`hidden_in` and :meth:`hidden_out`.
    """

    def __init__(self, weights: Mapping[str, np.ndarray], config: ModelConfig) -> None:
        self.cell = config.cell
        self.size = size = config.hidden_size
        self.num_layers = layers = config.num_layers
        w_ih = [np.array(weights[f"rnn.weight_ih_l{k}"], np.float32) for k in range(layers)]
        w_hh = [np.array(weights[f"rnn.weight_hh_l{k}"], np.float32) for k in range(layers)]
        b_ih = [np.array(weights[f"rnn.bias_ih_l{k}"], np.float32) for k in range(layers)]
        b_hh = [np.array(weights[f"rnn.bias_hh_l{k}"], np.float32) for k in range(layers)]
        w_out = np.array(weights["linear.weight"], np.float32)
        if self.cell != "gru":  # the two biases simply add up; GRU's n gate keeps b_hh apart
            b_ih = [a + b for a, b in zip(b_ih, b_hh, strict=True)]
        self.scale = 1.0
        if self.cell == "lstm":
            gate = np.full(4 * size, 0.5, dtype=np.float32)
            gate[2 * size : 3 * size] = 1.0  # g is a tanh already
            self.scale = 2.0  # the state kept is 2 h: weights reading it are halved
            w_ih = [w * gate[:, None] * (1.0 if k == 0 else 0.5) for k, w in enumerate(w_ih)]
            w_hh = [w * gate[:, None] * 0.5 for w in w_hh]
            b_ih = [b * gate for b in b_ih]
            w_out = w_out * 0.5
        self._w_ih0 = w_ih[0]
        self._w_ih_t = [np.ascontiguousarray(w.T) for w in w_ih]
        self._w_hh_t = [np.ascontiguousarray(w.T) for w in w_hh]
        self._b_ih = b_ih
        self._b_hh = b_hh
        self._w_out_t = np.ascontiguousarray(w_out.T)
        self._b_out = np.array(weights["linear.bias"], np.float32)

    @property
    def first_bias(self) -> np.ndarray:
        """The first layer's input bias: float32 ``(gates * hidden_size,)``, added once.

        Add it once per position to the parts from :meth:`first_input_part`.
        """
        return self._b_ih[0]

    def first_input_part(self, features: np.ndarray, columns: slice = slice(None)) -> np.ndarray:
        """What ``features`` add to the first layer's gates through the given input columns.

        Parameters
        ----------
        features : numpy.ndarray
            float32 ``(k, n_columns)``: e.g. an embedding table, one row per symbol.
        columns : slice
            The first layer's input features these are (all of them by default).

        Returns
        -------
        numpy.ndarray
            float32 ``(k, gates * hidden_size)``, without the bias.
        """
        part: np.ndarray = features @ self._w_ih0[:, columns].T
        return part

    def zeros(self, shape: tuple[int, ...]) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """The start state (zeros) for ``shape``, ``(batch,)`` or ``()``: hidden, cells."""
        zero = np.zeros((*shape, self.size), dtype=np.float32)
        hidden = [zero.copy() for _ in range(self.num_layers)]
        return hidden, ([zero.copy() for _ in hidden] if self.cell == "lstm" else None)

    def hidden_in(self, hidden: np.ndarray) -> list[np.ndarray]:
        """The kept state of torch's ``h``: float32 ``(num_layers, ...)`` to a list."""
        return [np.asarray(h, np.float32) * self.scale for h in hidden]

    def hidden_out(self, hidden: list[np.ndarray]) -> np.ndarray:
        """The state as torch keeps ``h``, from the kept state: float32 ``(num_layers, ...)``."""
        return np.stack(hidden) / np.float32(self.scale)

    def step(
        self, first: np.ndarray, hidden: list[np.ndarray], cells: list[np.ndarray] | None
    ) -> np.ndarray:
        """Read one position, updating ``hidden`` and ``cells`` in place (the lists).

        Parameters
        ----------
        first : numpy.ndarray
            float32 ``(batch, gates * hidden_size)`` or ``(gates * hidden_size,)``: the first
            layer's input part with its bias.
        hidden, cells : list of numpy.ndarray
            The state (see the class notes); replaced by the state after this position.

        Returns
        -------
        numpy.ndarray
            The last layer's kept state (``2 h`` for an LSTM), to pass to :meth:`logits`.
        """
        size = self.size
        x = first
        for layer in range(self.num_layers):
            inputs = first if layer == 0 else x @ self._w_ih_t[layer] + self._b_ih[layer]
            recurrent = hidden[layer] @ self._w_hh_t[layer]
            if cells is not None:
                recurrent += inputs
                t = np.tanh(recurrent, out=recurrent)  # every gate at once: i, f, o halved
                u = t + 1.0  # 2 sigmoid, for i, f and o
                c = u[..., size : 2 * size] * cells[layer]
                c += u[..., :size] * t[..., 2 * size : 3 * size]
                c *= 0.5
                cells[layer] = c
                hidden[layer] = u[..., 3 * size :] * np.tanh(c)
            elif self.cell == "gru":
                recurrent += self._b_hh[layer]
                rz = _sigmoid(inputs[..., : 2 * size] + recurrent[..., : 2 * size])
                r, z = rz[..., :size], rz[..., size:]
                n = np.tanh(inputs[..., 2 * size :] + r * recurrent[..., 2 * size :])
                hidden[layer] = (1.0 - z) * n + z * hidden[layer]
            else:
                recurrent += inputs
                hidden[layer] = np.tanh(recurrent, out=recurrent)
            x = hidden[layer]
        return x

    def logits(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The output layer on the last layer's kept state from :meth:`step`.

        Parameters
        ----------
        x : numpy.ndarray
            float32 ``(batch, hidden_size)`` or ``(hidden_size,)``.
        out : numpy.ndarray, optional
            A C-contiguous float32 array of the result's shape to write into.

        Returns
        -------
        numpy.ndarray
            float32 ``(batch, vocab_size)`` or ``(vocab_size,)``.
        """
        result = np.dot(x, self._w_out_t, out=out)
        result += self._b_out
        return result
