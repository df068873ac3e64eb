"""The character-level recurrent model: ``Embedding -> LSTM -> Linear``.

The seed recipe (``shared/docs/seed-recipe.md``) is ``Embedding(27, 5) -> LSTM(5, 10) ->
Linear(10, 27)`` run sequence-first; here the tensors are batch-first, which computes the
same function.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

CELL_TYPES = ("lstm", "gru", "rnn")
"""Recurrent layers a model can use; the seed recipe's is ``"lstm"``."""
_CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of :class:`CipherRNN` (defaults = the seed recipe)."""

    vocab_size: int = 27  # alphabet size: input and output symbols
    embedding_dim: int = 5
    hidden_size: int = 10
    num_layers: int = 1
    cell: str = "lstm"

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if name == "cell":
                if value not in CELL_TYPES:
                    raise ValueError(
                        f"ModelConfig.cell must be one of {CELL_TYPES}, got {value!r}."
                    )
            elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"ModelConfig.{name} must be a positive integer, got {value!r}.")

    def to_dict(self) -> dict:
        """Plain-JSON form, stored in model files."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` on unknown or invalid fields."""
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"Malformed model config {data!r}: {exc}") from exc


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


def expected_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """Parameter name -> shape for ``config`` (used to validate model files)."""
    with torch.device("meta"):
        return {k: tuple(v.shape) for k, v in CipherRNN(config).state_dict().items()}
