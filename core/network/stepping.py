"""A recurrent model one symbol at a time, in NumPy: the step without torch's per-call cost.

Sampling draws a symbol, feeds it back and draws the next, so its steps cannot be batched.
Through torch, one step of the shipped language model (an LSTM of 192 units) took about
0.22 ms, nearly all of it the cost of calling torch (module dispatch, small tensors), so
``cipherlab sample --length 100000`` took 22 s on a 2-core machine (114 s in issue 19).
The same arithmetic in NumPy on the model's float32 weights
(:class:`~cipherlab.core.network.numpy_layers.NumpyLayers`, torch's equations for any cell
and number of layers) takes about 15-30 µs a step; the first layer's input part is looked
up in a table of ``embedding @ W_ih.T + b_ih`` per symbol. The logits equal those of
:meth:`CipherRNN.stream <cipherlab.core.network.model.CipherRNN.stream>` to float32 rounding.
"""

from __future__ import annotations

import numpy as np

from .model import CipherRNN
from .numpy_layers import NumpyLayers


class RecurrentStepper:
    """A copy of a model's weights that reads one symbol per :meth:`step`, state carried.

    Parameters
    ----------
    model : CipherRNN
        Any cell (``lstm``, ``gru``, ``rnn``) and number of layers; its weights are copied,
        so later training does not change the stepper. It starts from the zero state,
        as ``stream`` does.
    """

    def __init__(self, model: CipherRNN) -> None:
        weights = {
            name: value.detach().cpu().float().numpy() for name, value in model.state_dict().items()
        }
        self._layers = NumpyLayers(weights, model.config)  # copies the weights
        # the first layer's input part of every gate, per symbol: (vocab, gates * hidden)
        self._table = self._layers.first_input_part(weights["embedding.weight"])
        self._table += self._layers.first_bias
        self._hidden, self._cells = self._layers.zeros(())

    @property
    def hidden(self) -> list[np.ndarray]:
        """float32 ``(hidden_size,)`` per layer: the state after the last symbol read."""
        return list(self._layers.hidden_out(self._hidden))

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
        last = self._layers.step(self._table[symbol], self._hidden, self._cells)
        return self._layers.logits(last)
