"""Hostile model files are refused fast, with one clear line, by the loader and the CLI.

The files are made by ``tests/hostile_models.py`` (issue 10, section 2); the window's open
path is tested with a few of them in ``test_file_actions.py``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hostile_models import HOSTILE, write_model

from cipherlab.cli import main
from cipherlab.core.storage import ModelFileError, load_model

NAMES = sorted(HOSTILE)


@pytest.fixture
def hostile(tmp_path, request):
    """The hostile file ``request.param`` and the words its refusal must hold."""
    write, words = HOSTILE[request.param]
    return write(tmp_path / f"{request.param}.safetensors"), words


def test_the_well_formed_base_file_loads(tmp_path):
    """The hostile files are this file with one thing changed: it must load."""
    bundle = load_model(write_model(tmp_path / "ok.safetensors"))
    assert bundle.model.config.num_layers == 1
    assert bundle.cipher.name == "Caesar +13"


@pytest.mark.parametrize("hostile", NAMES, indirect=True)
def test_the_loader_refuses_in_one_line(hostile):
    path, words = hostile
    load_model(write_model(path.with_name("warm.safetensors")))  # imports paid up front
    with pytest.raises(ModelFileError) as info:  # in milliseconds: bench/hostile_files.py
        load_model(path)
    message = str(info.value)
    assert words in message
    assert message.startswith(path.name)
    assert "\n" not in message and len(message) < 300


@pytest.mark.parametrize("hostile", NAMES, indirect=True)
@pytest.mark.parametrize("command", ["info", "decode"])
def test_the_cli_refuses_in_one_line(capsys, hostile, command):
    path, words = hostile
    argv = ["info", str(path)] if command == "info" else ["decode", "--model", str(path), "ABC"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"cipherlab: error: {path.name}") and words in err
    assert err.count("\n") == 1


def test_no_torch_stack_frames_reach_the_terminal(tmp_path):
    """hidden_size 10**30 printed torch's C++ frames; now one line, in a real process."""
    write, words = HOSTILE["hidden_1e30"]
    path = write(tmp_path / "m.safetensors")
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and words in proc.stderr


def test_a_few_names_are_listed_and_the_rest_counted(tmp_path):
    write, _ = HOSTILE["tensor_names_10k"]
    with pytest.raises(ModelFileError) as info:
        load_model(write(tmp_path / "m.safetensors"))
    assert str(info.value).count("'t") == 5 and "and 9,995 more" in str(info.value)


def test_the_card_cuts_long_values(tmp_path):
    """Texts up to the file limits load, but the card (window and `info`) shows at most 1,000."""
    from hostile_models import metadata

    from cipherlab.core.storage import MAX_VALUE_CHARS, model_card

    meta = metadata(command="x" * 10_000)
    meta["training"].update({f"note{i}": "y" * 9_000 for i in range(20)})
    card = model_card(load_model(write_model(tmp_path / "m.safetensors", meta)))
    assert card["Command"] == "x" * MAX_VALUE_CHARS + "… (10,000 characters)"
    assert len(card["Training"]) < MAX_VALUE_CHARS + 30
