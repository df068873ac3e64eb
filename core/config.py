"""Training settings: one dataclass, the rules for each field, and the named presets.

The **Tutorial** preset is the seed recipe exactly (``shared/docs/seed-recipe.md``: batch 1,
``Embedding(27, 5) -> LSTM(5, 10) -> Linear(10, 27)``, Adam 1e-3, 32-symbol messages);
**Fast** is our tuned default (measured in ``docs/benchmarks.md``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from .data import SEQ_LEN
from .model import CELL_TYPES, ModelConfig


@dataclass(frozen=True)
class FieldSpec:
    """How one setting is named, typed, bounded and explained (GUI form and CLI flags)."""

    label: str
    kind: type  # int, float or str
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    choices: tuple[str, ...] = ()
    exclusive_minimum: bool = False  # True: the value must be > minimum


FIELDS: dict[str, FieldSpec] = {
    "cell": FieldSpec(
        "Cell type",
        str,
        help="The recurrent layer: LSTM (as in the seed), GRU or a plain RNN.",
        choices=CELL_TYPES,
    ),
    "embedding_dim": FieldSpec(
        "Embedding dim",
        int,
        1,
        1024,
        "Length of the learned vector that stands for each input symbol.",
    ),
    "hidden_size": FieldSpec(
        "Hidden size",
        int,
        1,
        2048,
        "Number of units in the recurrent layer's memory (hidden state).",
    ),
    "num_layers": FieldSpec("Layers", int, 1, 8, "Recurrent layers stacked on top of each other."),
    "learning_rate": FieldSpec(
        "Learning rate",
        float,
        0,
        10_000,
        "How far Adam moves the weights at each step; too high diverges.",
        exclusive_minimum=True,
    ),
    "batch_size": FieldSpec(
        "Batch size", int, 1, 4096, "Messages averaged in each optimiser step (the seed used 1)."
    ),
    "seq_len": FieldSpec("Message length", int, 1, 1024, "Symbols per training message."),
    "steps": FieldSpec(
        "Step budget", int, 1, 10_000_000, "Optimiser steps before the run ends on its own."
    ),
    "seed": FieldSpec(
        "Seed", int, 0, 2**31 - 1, "Fixes initial weights and training data: same seed, same curve."
    ),
    "validation_size": FieldSpec(
        "Validation size",
        int,
        1,
        100_000,
        "Held-out messages used to measure accuracy (never trained on).",
    ),
    "eval_every": FieldSpec(
        "Evaluate every", int, 1, 1_000_000, "Steps between two measurements on the validation set."
    ),
    "grad_clip": FieldSpec(
        "Gradient clip",
        float,
        0,
        1e6,
        "Largest allowed gradient norm (0 = no clipping); stops LSTM gradients from exploding.",
    ),
}
"""Every hyperparameter of :class:`TrainConfig`, in form order."""


def check_field(name: str, value) -> None:
    """Raise ``ValueError`` with a one-line reason if ``value`` is not valid for ``name``."""
    spec = FIELDS[name]
    if spec.kind is str:
        if value not in spec.choices:
            raise ValueError(f"{name} must be one of {', '.join(spec.choices)}, got {value!r}.")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}.")
    if spec.kind is int and not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    low, high = spec.minimum, spec.maximum
    if low is not None and (value <= low if spec.exclusive_minimum else value < low):
        word = "greater than" if spec.exclusive_minimum else "at least"
        raise ValueError(f"{name} must be {word} {low:g}, got {value!r}.")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high:,g}, got {value!r}.")


def parse_field(name: str, text: str):
    """Parse the text of a form field or CLI flag; raises ``ValueError`` with the reason."""
    spec = FIELDS[name]
    text = text.strip()
    if not text:
        raise ValueError(f"{spec.label} is empty.")
    if spec.kind is str:
        value = text.lower()
    elif spec.kind is int:
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise ValueError(f"{name} must be a whole number, got {text!r}.") from None
    else:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{name} must be a number, got {text!r}.") from None
    check_field(name, value)
    return value


MAX_STEP_WORK = 2**25
"""Largest ``batch_size * seq_len * hidden_size * num_layers`` allowed: about a second per
step on a laptop CPU. Beyond it a step takes many seconds, and Stop and Pause (which act
between steps) stop feeling responsive."""
MAX_VALIDATION_WORK = 2**28
"""Largest ``validation_size * seq_len * hidden_size * num_layers`` allowed for one
evaluation (evaluated in chunks, so memory stays bounded; this bounds the time)."""


def check_budget(config) -> None:
    """Raise ``ValueError`` if the sizes together make a step or an evaluation too costly."""
    depth = config.hidden_size * config.num_layers
    step = config.batch_size * config.seq_len * depth
    if step > MAX_STEP_WORK:
        raise ValueError(
            f"batch_size × seq_len × hidden_size × num_layers = {step:,} is too much work for "
            f"one step (at most {MAX_STEP_WORK:,}); make one of them smaller."
        )
    evaluation = config.validation_size * config.seq_len * depth
    if evaluation > MAX_VALIDATION_WORK:
        raise ValueError(
            f"validation_size × seq_len × hidden_size × num_layers = {evaluation:,} is too much "
            f"work for one evaluation (at most {MAX_VALIDATION_WORK:,}); make one of them "
            "smaller."
        )


@dataclass(frozen=True)
class TrainConfig:
    """Every hyperparameter of one training run (defaults = the seed recipe).

    Raises
    ------
    ValueError
        If a field is out of its range in :data:`FIELDS` (the message names the field).
    """

    cell: str = "lstm"
    embedding_dim: int = 5
    hidden_size: int = 10
    num_layers: int = 1
    learning_rate: float = 1e-3
    batch_size: int = 1  # messages per optimiser step
    seq_len: int = SEQ_LEN  # symbols per message
    steps: int = 4000  # step budget
    seed: int = 0
    validation_size: int = 256
    eval_every: int = 50  # steps between validation evaluations
    grad_clip: float = 0.0  # max gradient norm; 0 = off (the seed recipe has no clipping)

    def __post_init__(self) -> None:
        for f in fields(self):
            check_field(f.name, getattr(self, f.name))
        check_budget(self)

    def model_config(self, vocab_size: int) -> ModelConfig:
        """The :class:`ModelConfig` these settings build for a ``vocab_size``-symbol alphabet."""
        return ModelConfig(
            vocab_size, self.embedding_dim, self.hidden_size, self.num_layers, self.cell
        )

    def to_dict(self) -> dict:
        """Plain-JSON form, stored in model files and run histories."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        """Inverse of :meth:`to_dict`, ignoring unknown keys; raises ``ValueError``."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


PRESETS: dict[str, TrainConfig] = {
    # The seed recipe exactly: one message per step, Embedding(27, 5), LSTM(5, 10), Adam 1e-3.
    "tutorial": TrainConfig(),
    # Tuned on 2 CPU cores: bigger batches and a higher learning rate reach 100 % validation
    # accuracy in a small fraction of the Tutorial's wall time (bench/time_to_accuracy.py);
    # clipping at 1.0 keeps the high learning rate from blowing up the LSTM's gradients.
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
    ValueError
        If an override is invalid.
    """
    try:
        base = PRESETS[name.lower()]
    except KeyError:
        raise KeyError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.") from None
    return replace(base, **overrides)


def matching_preset(config: TrainConfig) -> str | None:
    """The name of the preset equal to ``config`` (ignoring the seed), or None ("Custom")."""
    for name, candidate in PRESETS.items():
        if replace(candidate, seed=config.seed) == config:
            return name
    return None
