"""The character-level recurrent model: ``Embedding -> LSTM -> Linear``.

The tutorial "Building your first RNN" (parts 1-3) builds ``Embedding(27, 5) -> LSTM(5, 10)
-> Linear(10, 27)`` and runs it sequence-first; here the tensors are batch-first, which
computes the same function.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ..settings import ModelConfig

_CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class CipherRNN(nn.Module):
    """Embedding -> LSTM (or GRU, RNN) -> Linear: ciphertext symbols to plaintext logits.

    Parameters
    ----------
    config : ModelConfig
        Vocabulary, embedding dim, hidden size, number of layers and cell type.
    """

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embedding_dim)
        self.rnn = _CELLS[config.cell](
            config.embedding_dim,
            config.hidden_size,
            num_layers=config.num_layers,
            batch_first=True,
        )
        self.linear = nn.Linear(config.hidden_size, config.vocab_size)

    def forward(self, ciphertext: torch.Tensor) -> torch.Tensor:
        """Logits for every position.

        Parameters
        ----------
        ciphertext : torch.Tensor
            int64, shape ``(batch, seq_len)``, values in ``[0, vocab_size)``.

        Returns
        -------
        torch.Tensor
            float32 logits, shape ``(batch, seq_len, vocab_size)``.
        """
        hidden, _ = self.rnn(self.embedding(ciphertext))
        return self.linear(hidden)

    def stream(self, ciphertext: torch.Tensor, state: Any = None) -> tuple[torch.Tensor, Any]:
        """Logits for the next piece of a sequence, carrying the recurrent state across pieces.

        Running a long sequence as pieces, each with the state the previous one returned,
        computes the same function as one :meth:`forward` call over the whole sequence (to
        float rounding): a position-dependent cipher (Vigenère, autokey) is decoded this way,
        because the model's state counts key positions from the message's first symbol.
        :meth:`forward` is left as it was, so windowed decoding keeps its exact outputs.

        Parameters
        ----------
        ciphertext : torch.Tensor
            int64, shape ``(batch, seq_len)``, values in ``[0, vocab_size)``.
        state : tuple of torch.Tensor, torch.Tensor or None
            What the previous piece returned; None starts from the zero state (position 0).
            For an LSTM ``(h, c)``, for a GRU or RNN ``h``; each float32
            ``(num_layers, batch, hidden_size)``.

        Returns
        -------
        logits : torch.Tensor
            float32, shape ``(batch, seq_len, vocab_size)``.
        state : tuple of torch.Tensor or torch.Tensor
            The state after the piece's last symbol, to pass with the next piece.
        """
        hidden, state = self.rnn(self.embedding(ciphertext), state)
        return self.linear(hidden), state


_GATES = {"lstm": 4, "gru": 3, "rnn": 1}
"""Gate blocks stacked in each recurrent weight matrix (torch's layout)."""


def expected_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """Parameter name -> shape of :class:`CipherRNN` for ``config``, in ``state_dict`` order.

    Used to check a model file's tensors before anything is built, so it is worked out
    from torch's documented layout rather than by building the module: even on the
    ``meta`` device that imports hundreds of modules and takes a second the first time.
    A test checks it against the real ``state_dict``.
    """
    gates = _GATES[config.cell] * config.hidden_size
    shapes: dict[str, tuple[int, ...]] = {
        "embedding.weight": (config.vocab_size, config.embedding_dim)
    }
    for layer in range(config.num_layers):
        inputs = config.embedding_dim if layer == 0 else config.hidden_size
        shapes[f"rnn.weight_ih_l{layer}"] = (gates, inputs)
        shapes[f"rnn.weight_hh_l{layer}"] = (gates, config.hidden_size)
        shapes[f"rnn.bias_ih_l{layer}"] = (gates,)
        shapes[f"rnn.bias_hh_l{layer}"] = (gates,)
    shapes["linear.weight"] = (config.vocab_size, config.hidden_size)
    shapes["linear.bias"] = (config.vocab_size,)
    return shapes
