"""The character-level recurrent model: ``Embedding -> LSTM -> Linear``.

The tutorial "Building your first RNN" (parts 1-3) builds ``Embedding(27, 5) -> LSTM(5, 10)
-> Linear(10, 27)`` and runs it sequence-first; here the tensors are batch-first, which
computes the same function.

With ``feedback`` (issue 22) the recurrent layer also reads the :data:`FEEDBACK_WINDOW`
plaintext symbols before each position: their embeddings (one embedding table, a start
symbol at index ``vocab_size`` before the message's first) are concatenated to the
ciphertext symbol's, most recent first. Autokey needs it: its plaintext at ``i`` is the
ciphertext at ``i`` minus the plaintext ``m`` places back (``m`` the primer's length),
which a decoder that reads only ciphertext never sees. In training the symbols read back
are the true plaintext (teacher forcing, all positions at once); in decoding they are the
model's own earlier choices, one symbol at a time (:mod:`cipherlab.core.network.feedback`).
Reading back only the one previous symbol, the LSTM had to keep the last ``m`` in its
state: primer 3 reached 100 % in 880 steps (24 s), primer 12 stayed at 40 % after 60 s.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ..settings import ModelConfig
from .feedback import FEEDBACK_WINDOW, decode_greedily

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
        if config.feedback:  # the previous plaintext symbol, or the start symbol
            self.feedback_embedding = nn.Embedding(config.vocab_size + 1, config.embedding_dim)
        self.rnn = _CELLS[config.cell](
            rnn_input_size(config),
            config.hidden_size,
            num_layers=config.num_layers,
            batch_first=True,
        )
        self.linear = nn.Linear(config.hidden_size, config.vocab_size)

    @property
    def start_symbol(self) -> int:
        """The fed-back index read before a message's first symbol (``vocab_size``)."""
        return self.config.vocab_size

    def forward(
        self, ciphertext: torch.Tensor, plaintext: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Logits for every position.

        Parameters
        ----------
        ciphertext : torch.Tensor
            int64, shape ``(batch, seq_len)``, values in ``[0, vocab_size)``.
        plaintext : torch.Tensor, optional
            int64, shape ``(batch, seq_len)``: the true plaintext, fed back one place late
            (teacher forcing, for training a ``feedback`` model). Without it a ``feedback``
            model decodes one symbol at a time from its own choices; a model without
            feedback ignores it.

        Returns
        -------
        torch.Tensor
            float32 logits, shape ``(batch, seq_len, vocab_size)``.
        """
        if not self.config.feedback:
            hidden, _ = self.rnn(self.embedding(ciphertext))
            return self.linear(hidden)
        if plaintext is None:
            return self.stream(ciphertext)[0]
        hidden, _ = self.rnn(self.rnn_inputs(ciphertext, self.read_back(plaintext)))
        return self.linear(hidden)

    def read_back(self, plaintext: torch.Tensor) -> torch.Tensor:
        """The symbols read back at each position of messages whose plaintext is ``plaintext``.

        Parameters
        ----------
        plaintext : torch.Tensor
            int64, shape ``(batch, seq_len)``: the true plaintext, or the model's choices.

        Returns
        -------
        torch.Tensor
            int64, shape ``(batch, seq_len, FEEDBACK_WINDOW)``: at ``[b, i, k]`` the
            plaintext ``k + 1`` places before ``i``, or :attr:`start_symbol` before the
            message's first symbol.
        """
        batch, length = plaintext.shape
        start = torch.full((batch, FEEDBACK_WINDOW), self.start_symbol, dtype=torch.int64)
        padded = torch.cat([start, plaintext], dim=1)  # padded[:, j] is plaintext j - W
        windows = padded.unfold(1, FEEDBACK_WINDOW, 1)[:, :length]  # p[i-W .. i-1]
        return windows.flip(-1)  # most recent first

    def decoding_inputs(self, ciphertext: torch.Tensor) -> torch.Tensor:
        """What the recurrent layer reads as it decodes ``ciphertext`` (for looking inside).

        Without feedback, the ciphertext's embedding; with it, also the embedding of the
        model's own previous choices, as decoding feeds them back.

        Parameters
        ----------
        ciphertext : torch.Tensor
            int64, shape ``(batch, seq_len)``.

        Returns
        -------
        torch.Tensor
            float32, shape ``(batch, seq_len, rnn_input_size(config))``.
        """
        if not self.config.feedback:
            return self.embedding(ciphertext)
        with torch.no_grad():
            chosen = self.stream(ciphertext)[0].argmax(dim=-1)
        return self.rnn_inputs(ciphertext, self.read_back(chosen))

    def rnn_inputs(self, ciphertext: torch.Tensor, previous: torch.Tensor) -> torch.Tensor:
        """What the recurrent layer reads: the ciphertext's embedding, and the fed-back one's.

        Parameters
        ----------
        ciphertext : torch.Tensor
            int64, shape ``(batch, seq_len)``.
        previous : torch.Tensor
            int64, shape ``(batch, seq_len, FEEDBACK_WINDOW)``: the plaintext symbols
            before each position, as :meth:`read_back` gives them; unused without
            ``feedback``.

        Returns
        -------
        torch.Tensor
            float32, shape ``(batch, seq_len, rnn_input_size(config))``.
        """
        embedded = self.embedding(ciphertext)
        if not self.config.feedback:
            return embedded
        back = self.feedback_embedding(previous).flatten(-2)  # (batch, seq_len, W * dim)
        return torch.cat([embedded, back], dim=-1)

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
            A ``feedback`` model's state is a :class:`~cipherlab.core.network.feedback.
            FeedbackState` (the recurrent state and the last symbol chosen): it decodes
            one symbol at a time, each reading its own previous choice.
        """
        if self.config.feedback:  # one symbol at a time, each reading the choices before it
            return decode_greedily(self, ciphertext, state)
        hidden, state = self.rnn(self.embedding(ciphertext), state)
        return self.linear(hidden), state


def rnn_input_size(config: ModelConfig) -> int:
    """Features the first recurrent layer reads per symbol (one embedding per symbol read)."""
    return config.embedding_dim * (1 + FEEDBACK_WINDOW if config.feedback else 1)


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
    if config.feedback:
        shapes["feedback_embedding.weight"] = (config.vocab_size + 1, config.embedding_dim)
    for layer in range(config.num_layers):
        inputs = rnn_input_size(config) if layer == 0 else config.hidden_size
        shapes[f"rnn.weight_ih_l{layer}"] = (gates, inputs)
        shapes[f"rnn.weight_hh_l{layer}"] = (gates, config.hidden_size)
        shapes[f"rnn.bias_ih_l{layer}"] = (gates,)
        shapes[f"rnn.bias_hh_l{layer}"] = (gates,)
    shapes["linear.weight"] = (config.vocab_size, config.hidden_size)
    shapes["linear.bias"] = (config.vocab_size,)
    return shapes
