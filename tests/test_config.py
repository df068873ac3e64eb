"""Training configuration: presets and the checks on hyperparameters, alone and together."""

import pytest

from cipherlab.core.config import TrainConfig, preset


@pytest.mark.parametrize(
    "overrides, words",
    [
        (dict(hidden_size=1024, num_layers=2, batch_size=256, seq_len=128), "one step"),
        (dict(validation_size=100_000, seq_len=1024), "one evaluation"),
    ],
)
def test_settings_too_costly_together_are_refused(overrides, words):
    with pytest.raises(ValueError, match=words):
        preset("fast", **overrides)


@pytest.mark.parametrize(
    "field, value",
    [
        ("batch_size", 0),
        ("learning_rate", -1.0),
        ("hidden_size", 2.5),
        ("learning_rate", float("nan")),
    ],
)
def test_invalid_hyperparameters_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        TrainConfig(**{field: value})


def test_unknown_preset():
    with pytest.raises(KeyError, match="fast, tutorial|tutorial, fast"):
        preset("turbo")
