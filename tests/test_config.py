"""Training configuration: presets and the checks on hyperparameters, alone and together."""

import pytest

from cipherlab.core.settings import TrainConfig, preset


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
    from cipherlab.core.settings import FIELDS

    with pytest.raises(ValueError, match=f"^{FIELDS[field].label} must be"):  # as the form says
        TrainConfig(**{field: value})


def test_unknown_preset():
    with pytest.raises(KeyError, match="fast, tutorial|tutorial, fast"):
        preset("turbo")


def test_each_network_field_is_defined_once_and_shared():
    from dataclasses import fields

    from cipherlab.core.settings import Architecture, ModelConfig

    shape = [f.name for f in fields(Architecture)]
    assert shape == ["cell", "embedding_dim", "hidden_size", "num_layers", "feedback"]
    assert [f.name for f in fields(TrainConfig)][:5] == shape
    assert [f.name for f in fields(ModelConfig)] == [*shape, "vocab_size"]
    config = preset("fast", hidden_size=12)
    assert config.model_config(27) == ModelConfig(
        cell="lstm", embedding_dim=16, hidden_size=12, num_layers=1, vocab_size=27
    )
    with pytest.raises(ValueError, match="Layers must be at most 8"):
        ModelConfig(num_layers=10_000)  # model files get the form's bounds too


def test_one_definition_for_patience_presets_and_message_length(qtbot):
    from cipherlab.cli import build_parser
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.settings import DEFAULT_PATIENCE, FIELDS, PRESETS, SEQ_LEN, StopRule
    from cipherlab.core.storage import ModelBundle
    from cipherlab.gui.training import TrainingSettings

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
    no_model = ModelBundle(None, SEED_CIPHER, {})  # no metadata: the tutorial's length
    assert no_model.seq_len == SEQ_LEN
    assert ModelBundle(None, SEED_CIPHER, {"training": {"seq_len": 9999}}).seq_len == SEQ_LEN
    assert FIELDS["seq_len"].maximum == 1024


def test_the_task_defaults_to_the_seed_cipher_and_old_settings_load_as_it():
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.settings import PRESETS

    config = TrainConfig()
    assert config.task_fields() == {
        "task": "decrypt",
        "cipher": "caesar",
        "key": "",
        "alphabet": "seed",
        "data": "random",
        "data_path": "",
    }
    assert config.make_cipher() == SEED_CIPHER
    old = {k: v for k, v in PRESETS["fast"].to_dict().items() if k not in config.task_fields()}
    assert TrainConfig.from_dict(old) == PRESETS["fast"]  # run files and models made before
    assert TrainConfig.from_dict(old).make_cipher().key == 13
    assert TrainConfig.from_dict(PRESETS["fast"].to_dict()) == PRESETS["fast"]


@pytest.mark.parametrize(
    "task, message",
    [
        (dict(cipher="enigma"), r"^Cipher must be one of caesar, rot13, atbash"),
        (dict(alphabet="greek"), r"^Alphabet must be one of seed, letters"),
        (dict(data="poems"), r"^Data must be one of random, english, prose, file"),
        (dict(key=7), r"^Key must be text"),
        (dict(key="x" * 201), r"^Key must be at most 200 characters long"),
        (dict(cipher="affine", key="3,1"), r"^a = 3 shares a factor with 27"),
        (dict(cipher="vigenere", key="LEM0N"), r"^A Vigenère key may only use the symbols"),
        (dict(cipher="rot13"), r"^ROT13 works on the letters A–Z only"),
        (dict(data="file"), r"^Data is a file, but no file is chosen"),
    ],
)
def test_invalid_tasks_are_refused_with_the_rule(task, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**task)


def test_the_task_fields_are_labelled_and_kept_out_of_the_hyperparameters():
    from cipherlab.core.settings import (
        FIELDS,
        HYPERPARAMETERS,
        TASK_FIELDS,
        TaskFields,
        parse_field,
    )

    assert [FIELDS[name].label for name in TASK_FIELDS] == [
        "Task",
        "Cipher",
        "Key",
        "Alphabet",
        "Data",
    ]
    assert not set(TASK_FIELDS) & set(HYPERPARAMETERS)
    assert set(TASK_FIELDS) | set(HYPERPARAMETERS) == set(FIELDS)
    assert list(TaskFields.__annotations__) == [*TASK_FIELDS, "data_path"]  # typed as named
    assert list(TrainConfig().task_fields()) == [*TASK_FIELDS, "data_path"]
    assert parse_field("cipher", " Vigenere ") == "vigenere"
    assert parse_field("key", " ZEBRAS ") == "ZEBRAS"  # free text keeps its case
    assert TrainConfig(data="english", data_path="stale.txt").data_path == ""
    assert TrainConfig(data="file", data_path="book.txt").data_path == "book.txt"  # not read


def test_presets_for_each_family():
    from dataclasses import replace

    from cipherlab.core.ciphers import FAMILIES
    from cipherlab.core.settings import (
        FAST_TUNING,
        HYPERPARAMETERS,
        PRESETS,
        fast_preset,
        matching_preset,
    )

    assert set(FAST_TUNING) == set(FAMILIES)
    assert fast_preset("caesar") == PRESETS["fast"]  # the seed's Fast is unchanged
    for family in FAMILIES:
        tutorial = preset("tutorial", cipher=family)
        assert replace(tutorial, **TrainConfig().task_fields()) == PRESETS["tutorial"]  # the seed
        fast = preset("fast", cipher=family)
        assert fast == fast_preset(family)
        assert fast.make_cipher().family == family
        assert matching_preset(replace(fast, seed=9)) == "fast"
        assert matching_preset(replace(tutorial, seed=9, data="english")) == "tutorial"
        assert matching_preset(replace(fast, learning_rate=0.5)) is None
    assert preset("fast", cipher="rot13").alphabet == "letters"  # rot13's own alphabet
    long_key = preset("fast", cipher="vigenere", key="ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert long_key.key == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert {n: getattr(long_key, n) for n in HYPERPARAMETERS} == {
        n: getattr(fast_preset("vigenere", 26), n) for n in HYPERPARAMETERS
    }
    assert preset("fast", cipher="vigenere", key="").make_cipher().key == "LEMON"  # default
    with pytest.raises(ValueError, match="Vigenère key is a keyword of 1 to 32 symbols"):
        preset("fast", cipher="vigenere", key="A" * 33)


def test_the_family_and_alphabet_names_are_the_registrys_and_cost_no_numpy():
    import subprocess
    import sys

    from cipherlab.core.ciphers import ALPHABETS, FAMILIES
    from cipherlab.core.settings import ALPHABET_NAMES, FAMILY_NAMES

    assert FAMILY_NAMES == tuple(FAMILIES) and ALPHABET_NAMES == tuple(ALPHABETS)
    code = (
        "import sys; import cipherlab.core.settings as c; c.TrainConfig(); c.preset('tutorial');"
        "print(sorted({'numpy', 'torch'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
