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
    from cipherlab.core.config import FIELDS

    with pytest.raises(ValueError, match=f"^{FIELDS[field].label} must be"):  # as the form says
        TrainConfig(**{field: value})


def test_unknown_preset():
    with pytest.raises(KeyError, match="fast, tutorial|tutorial, fast"):
        preset("turbo")


def test_each_network_field_is_defined_once_and_shared():
    from dataclasses import fields

    from cipherlab.core.config import Architecture, ModelConfig

    shape = [f.name for f in fields(Architecture)]
    assert shape == ["cell", "embedding_dim", "hidden_size", "num_layers"]
    assert [f.name for f in fields(TrainConfig)][:4] == shape
    assert [f.name for f in fields(ModelConfig)] == [*shape, "vocab_size"]
    config = preset("fast", hidden_size=12)
    assert config.model_config(27) == ModelConfig(
        cell="lstm", embedding_dim=16, hidden_size=12, num_layers=1, vocab_size=27
    )
    with pytest.raises(ValueError, match="Layers must be at most 8"):
        ModelConfig(num_layers=10_000)  # model files get the form's bounds too


def test_one_definition_for_patience_presets_and_message_length(qtbot):
    from cipherlab.cli import build_parser
    from cipherlab.core.config import DEFAULT_PATIENCE, FIELDS, PRESETS, SEQ_LEN, StopRule
    from cipherlab.core.modelfile import ModelBundle
    from cipherlab.gui.training_settings import TrainingSettings

    train = build_parser()._subparsers._group_actions[0].choices["train"]
    defaults = train.parse_args([])
    assert defaults.target_patience == DEFAULT_PATIENCE == StopRule().patience == 3
    preset_action = next(a for a in train._actions if a.dest == "preset")
    assert preset_action.choices == list(PRESETS)
    form = TrainingSettings()
    qtbot.addWidget(form)
    assert form.patience.value() == DEFAULT_PATIENCE
    assert form.stop_rule() == StopRule()
    assert TrainConfig().seq_len == SEQ_LEN == 32
    assert ModelBundle(None, None, {}).seq_len == SEQ_LEN  # no metadata: the tutorial's length
    assert ModelBundle(None, None, {"training": {"seq_len": 9999}}).seq_len == SEQ_LEN
    assert FIELDS["seq_len"].maximum == 1024
