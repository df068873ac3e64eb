"""Training: Adam + per-symbol cross-entropy, as a Qt-free generator of progress records.

The loop follows the seed recipe (``shared/docs/seed-recipe.md``): random messages drawn on
the fly, ``Embedding -> LSTM -> Linear``, cross-entropy per symbol, Adam. The **Tutorial**
preset is that recipe exactly (batch 1, embedding 5, hidden 10, learning rate 1e-3); **Fast**
is our tuned default (see ``docs/benchmarks.md`` for measured times).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace

import torch
from torch import nn
from torch.nn import functional as F

from core.ciphers import SEED_CIPHER, CaesarCipher
from core.data import SEQ_LEN, random_batch, stream_generator, validation_set
from core.model import CipherRNN, ModelConfig


class NonFiniteLossError(RuntimeError):
    """Raised when the training loss becomes NaN or infinite (e.g. a learning rate too high)."""


@dataclass(frozen=True)
class TrainConfig:
    """Every hyperparameter of one training run (defaults = the seed recipe)."""

    embedding_dim: int = 5
    hidden_size: int = 10
    num_layers: int = 1
    batch_size: int = 1  # messages per optimiser step
    learning_rate: float = 1e-3
    steps: int = 4000  # step budget: optimiser steps before the run ends
    seq_len: int = SEQ_LEN  # symbols per message
    seed: int = 0
    validation_size: int = 256  # messages in the fixed validation set
    eval_every: int = 50  # steps between validation evaluations
    grad_clip: float = 0.0  # max gradient norm; 0 disables clipping (the seed has none)

    def __post_init__(self) -> None:
        for name in (
            "embedding_dim",
            "hidden_size",
            "num_layers",
            "batch_size",
            "steps",
            "seq_len",
            "validation_size",
            "eval_every",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}.")
        if not (
            isinstance(self.learning_rate, (int, float))
            and self.learning_rate > 0
            and math.isfinite(self.learning_rate)
        ):
            raise ValueError(
                f"learning_rate must be a positive number, got {self.learning_rate!r}."
            )
        if not (math.isfinite(self.grad_clip) and self.grad_clip >= 0):
            raise ValueError(f"grad_clip must be >= 0, got {self.grad_clip!r}.")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ValueError(f"seed must be an integer, got {self.seed!r}.")

    def model_config(self, vocab_size: int) -> ModelConfig:
        """The :class:`ModelConfig` these settings build for a ``vocab_size``-symbol alphabet."""
        return ModelConfig(vocab_size, self.embedding_dim, self.hidden_size, self.num_layers)

    def to_dict(self) -> dict:
        """Plain-JSON form, stored in model files."""
        return asdict(self)


PRESETS: dict[str, TrainConfig] = {
    # The seed recipe exactly: one message per step, Embedding(27, 5), LSTM(5, 10), Adam 1e-3.
    "tutorial": TrainConfig(),
    # Tuned on 2 CPU cores: bigger batches and a higher learning rate reach 100 % validation
    # accuracy in a small fraction of the Tutorial's wall time (bench/time_to_accuracy.py).
    "fast": TrainConfig(
        embedding_dim=16,
        hidden_size=32,
        batch_size=32,
        learning_rate=0.03,
        steps=400,
        eval_every=10,
        grad_clip=1.0,
    ),
}
"""Named training presets; ``"fast"`` is the app's default."""

DEFAULT_PRESET = "fast"


def preset(name: str, **overrides) -> TrainConfig:
    """The preset ``name`` (case-insensitive) with some fields replaced.

    Raises
    ------
    KeyError
        If there is no such preset (the message lists the known ones).
    """
    try:
        base = PRESETS[name.lower()]
    except KeyError:
        raise KeyError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.") from None
    return replace(base, **overrides)


@dataclass(frozen=True)
class Progress:
    """One training step's record; only plain numbers, safe to send across threads.

    Attributes
    ----------
    step : int
        Optimiser steps taken so far (1 after the first step).
    examples_seen : int
        Training messages consumed so far (``step * batch_size``).
    loss : float
        Mean per-symbol cross-entropy of this step's batch, in nats.
    val_accuracy : float or None
        Per-symbol accuracy on the validation set in ``[0, 1]``, on steps where it was
        evaluated (every ``eval_every`` steps and the last one); None otherwise.
    elapsed_s : float
        Seconds spent training and evaluating so far (time paused in the consumer excluded).
    """

    step: int
    examples_seen: int
    loss: float
    val_accuracy: float | None
    elapsed_s: float


def cross_entropy(logits: torch.Tensor, plaintext: torch.Tensor) -> torch.Tensor:
    """Mean per-symbol cross-entropy (nats) of logits vs targets.

    Parameters
    ----------
    logits : torch.Tensor
        float32, shape ``(batch, seq_len, vocab)``.
    plaintext : torch.Tensor
        int64, shape ``(batch, seq_len)``.
    """
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), plaintext.reshape(-1))


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    ciphertext: torch.Tensor,
    plaintext: torch.Tensor,
    grad_clip: float = 0.0,
) -> float:
    """One optimiser step on one batch; returns the batch loss (nats per symbol).

    Gradients are reset first: without ``zero_grad`` they would accumulate across steps
    (the seed tutorial's easy-to-make bug, which still converges on this toy task).
    Clipping guards against the exploding gradients LSTMs can have at high learning rates.

    Parameters
    ----------
    ciphertext, plaintext : torch.Tensor
        int64, shape ``(batch, seq_len)``.
    grad_clip : float
        Max total gradient norm; 0 disables clipping.
    """
    optimizer.zero_grad(set_to_none=True)
    loss = cross_entropy(model(ciphertext), plaintext)
    loss.backward()
    if grad_clip > 0:
        nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    return loss.item()


@torch.inference_mode()
def accuracy(model: nn.Module, ciphertext: torch.Tensor, plaintext: torch.Tensor) -> float:
    """Per-symbol argmax accuracy in ``[0, 1]`` on int64 ``(batch, seq_len)`` tensors."""
    was_training = model.training
    model.eval()
    try:
        predicted = model(ciphertext).argmax(dim=-1)
    finally:
        model.train(was_training)
    return (predicted == plaintext).float().mean().item()


def new_model(config: TrainConfig, vocab_size: int) -> CipherRNN:
    """A freshly initialised model, its weights fixed by ``config.seed`` (global RNG untouched)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(stream_generator(config.seed, "init").initial_seed())
        return CipherRNN(config.model_config(vocab_size))


class Trainer:
    """Owns a model, its Adam optimiser and the data streams of one run.

    Parameters
    ----------
    config : TrainConfig
        Hyperparameters; ``config.seed`` fixes initial weights and training data.
    cipher : CaesarCipher
        The cipher to learn (default: the seed cipher).
    model : CipherRNN, optional
        Continue training this model instead of a new one (its config must match).
    """

    def __init__(
        self,
        config: TrainConfig,
        cipher: CaesarCipher = SEED_CIPHER,
        model: CipherRNN | None = None,
    ) -> None:
        self.config = config
        self.cipher = cipher
        self.model = model if model is not None else new_model(config, len(cipher.alphabet))
        self.model.train()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate)
        self._data = stream_generator(config.seed, "train")
        self._val = validation_set(cipher, config.validation_size, config.seq_len)
        self.step_count = 0
        self.elapsed_s = 0.0

    @property
    def examples_seen(self) -> int:
        """Training messages consumed so far."""
        return self.step_count * self.config.batch_size

    def step(self) -> float:
        """Draw a batch and take one optimiser step; returns its loss.

        Raises
        ------
        NonFiniteLossError
            If the loss is NaN or infinite (the weights are then unusable).
        """
        ciphertext, plaintext = random_batch(
            self.cipher, self.config.batch_size, self.config.seq_len, self._data
        )
        loss = train_step(self.model, self.optimizer, ciphertext, plaintext, self.config.grad_clip)
        self.step_count += 1
        if not math.isfinite(loss):
            raise NonFiniteLossError(
                f"The training loss became {loss} at step {self.step_count}; "
                f"try a lower learning rate than {self.config.learning_rate:g}."
            )
        return loss

    def evaluate(self) -> float:
        """Per-symbol accuracy on the fixed validation set, in ``[0, 1]``."""
        return accuracy(self.model, *self._val)

    def run(self, should_stop: Callable[[], bool] | None = None) -> Iterator[Progress]:
        """Train until the step budget ends, yielding one :class:`Progress` per step.

        Parameters
        ----------
        should_stop : callable, optional
            Polled between steps; returning True ends the run early. A consumer may also
            simply stop iterating: nothing happens between yields.

        Raises
        ------
        NonFiniteLossError
            From :meth:`step`.
        """
        while self.step_count < self.config.steps:
            if should_stop is not None and should_stop():
                return
            start = time.perf_counter()
            loss = self.step()
            val_accuracy = None
            last = self.step_count == self.config.steps
            if self.step_count % self.config.eval_every == 0 or last:
                val_accuracy = self.evaluate()
            self.elapsed_s += time.perf_counter() - start
            yield Progress(self.step_count, self.examples_seen, loss, val_accuracy, self.elapsed_s)


def train(config: TrainConfig, cipher: CaesarCipher = SEED_CIPHER, **kwargs) -> Iterator[Progress]:
    """Shortcut: ``Trainer(config, cipher, **kwargs).run()``."""
    return Trainer(config, cipher, **kwargs).run()
