"""A recurrent model one symbol at a time, in NumPy: the step without torch's per-call cost.

Sampling draws a symbol, feeds it back and draws the next, so its steps cannot be batched.
Through torch, one step of the shipped language model (an LSTM of 192 units) took about
0.22 ms, nearly all of it the cost of calling torch (module dispatch, small tensors), so
``cipherlab sample --length 100000`` took 22 s on a 2-core machine (114 s in issue 19).
The same arithmetic in NumPy on the model's float32 weights takes about 30 µs a step.

The equations are torch's (``torch.nn.LSTM``, ``GRU``, ``RNN`` with tanh, any number of
layers): the first layer's input part is looked up in a table of
``embedding @ W_ih.T + b_ih`` per symbol, and sigmoid is computed as
``(1 + tanh(x / 2)) / 2``, which never overflows. The logits equal those of
:meth:`CipherRNN.stream <cipherlab.core.network.model.CipherRNN.stream>` to float32 rounding.
"""

from __future__ import annotations

import numpy as np

from .model import CipherRNN


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class RecurrentStepper:
    """A copy of a model's weights that reads one symbol per :meth:`step`, state carried.

    Parameters
    ----------
    model : CipherRNN
        Any cell (``lstm``, ``gru``, ``rnn``) and number of layers; its weights are copied,
        so later training does not change the stepper.

    Attributes
    ----------
    hidden : list of numpy.ndarray
        float32 ``(hidden_size,)`` per layer: the state after the last symbol read (zeros
        at first, as ``stream`` starts).
    """

    def __init__(self, model: CipherRNN) -> None:
        config = model.config
        self.cell = config.cell
        weights = {
            name: value.detach().cpu().float().numpy().copy()
            for name, value in model.state_dict().items()
        }
        size = config.hidden_size
        self._size = size
        self._w_ih = [weights[f"rnn.weight_ih_l{k}"] for k in range(config.num_layers)]
        self._w_hh = [weights[f"rnn.weight_hh_l{k}"] for k in range(config.num_layers)]
        self._b_ih = [weights[f"rnn.bias_ih_l{k}"] for k in range(config.num_layers)]
        self._b_hh = [weights[f"rnn.bias_hh_l{k}"] for k in range(config.num_layers)]
        if self.cell != "gru":  # the two biases simply add up; GRU's n gate keeps b_hh apart
            self._b_ih = [b_ih + b_hh for b_ih, b_hh in zip(self._b_ih, self._b_hh, strict=True)]
        # the first layer's input part of every gate, per symbol: (vocab, gates * hidden)
        self._table = weights["embedding.weight"] @ self._w_ih[0].T + self._b_ih[0]
        self._w_out = weights["linear.weight"]
        self._b_out = weights["linear.bias"]
        zeros = np.zeros(size, dtype=np.float32)
        self.hidden = [zeros.copy() for _ in range(config.num_layers)]
        self._cells = [zeros.copy() for _ in range(config.num_layers)]  # LSTM only

    def step(self, symbol: int) -> np.ndarray:
        """Read one symbol; the logits for the next.

        Parameters
        ----------
        symbol : int
            Index in ``[0, vocab_size)`` (a language model's start symbol included).

        Returns
        -------
        numpy.ndarray
            float32 ``(vocab_size,)``: what ``stream`` returns for this position.
        """
        size = self._size
        x = self.hidden[0]  # replaced below; only the first layer uses the table
        for layer in range(len(self.hidden)):
            inputs = (
                self._table[symbol] if layer == 0 else self._w_ih[layer] @ x + self._b_ih[layer]
            )
            recurrent = self._w_hh[layer] @ self.hidden[layer]
            if self.cell == "lstm":
                gates = inputs + recurrent
                squashed = _sigmoid(gates)  # one call for i, f and o (g's part is unused)
                i, f, o = squashed[:size], squashed[size : 2 * size], squashed[3 * size :]
                g = np.tanh(gates[2 * size : 3 * size])
                self._cells[layer] = f * self._cells[layer] + i * g
                self.hidden[layer] = o * np.tanh(self._cells[layer])
            elif self.cell == "gru":
                recurrent = recurrent + self._b_hh[layer]
                rz = _sigmoid(inputs[: 2 * size] + recurrent[: 2 * size])
                r, z = rz[:size], rz[size:]
                n = np.tanh(inputs[2 * size :] + r * recurrent[2 * size :])
                self.hidden[layer] = (1.0 - z) * n + z * self.hidden[layer]
            else:
                self.hidden[layer] = np.tanh(inputs + recurrent)
            x = self.hidden[layer]
        logits: np.ndarray = self._w_out @ x + self._b_out
        return logits
