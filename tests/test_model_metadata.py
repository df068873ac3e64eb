"""Model metadata (cipherlab.core.storage.metadata): one builder, one meaning, GUI and CLI alike."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt

from cipherlab.cli import main
from cipherlab.core.settings import PRESETS, preset
from cipherlab.core.storage import load_model, model_metadata


def test_preset_names_the_preset_the_settings_equal_whatever_the_seed():
    meta = model_metadata(preset("fast", seed=9), steps=0)
    assert meta["training"] == {"preset": "fast", **preset("fast", seed=9).to_dict()}
    assert model_metadata(preset("fast", hidden_size=8), steps=0)["training"]["preset"] == "custom"
    assert model_metadata(PRESETS["tutorial"], steps=0)["training"]["preset"] == "tutorial"


def test_metrics_hold_what_is_known_and_the_rest_is_always_there():
    meta = model_metadata(
        PRESETS["fast"], steps=12, val_accuracy=0.5, training_seconds=1.23456, command="x"
    )
    assert meta["metrics"] == {"steps": 12, "val_accuracy": 0.5, "training_seconds": 1.235}
    assert meta["command"] == "x"
    assert {"python", "torch", "numpy", "safetensors"} <= meta["versions"].keys()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", meta["created"])
    assert "command" not in model_metadata(PRESETS["fast"], steps=0)


def test_the_cli_records_custom_when_flags_override_the_preset(capsys, tmp_path):
    out = tmp_path / "m.safetensors"
    assert main(["train", "--preset", "fast", "--steps", "5", "--out", str(out), "--json"]) == 0
    capsys.readouterr()
    training = load_model(out).metadata["training"]
    assert training == {"preset": "custom", **preset("fast", steps=5).to_dict()}
    args = ["train", "--preset", "tutorial", "--target-accuracy", "0.01", "--target-patience", "1"]
    assert main([*args, "--out", str(out), "--no-progress"]) == 0
    assert load_model(out).metadata["training"]["preset"] == "tutorial"


def test_the_window_and_the_cli_write_the_same_fields(qtbot, tmp_path, capsys, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cipherlab.gui.file_actions import FileActions
    from cipherlab.gui.main_window import MainWindow
    from cipherlab.resources import default_model_path

    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(FileActions, "ask_save_changes", lambda *_: discard)
    window = MainWindow(default_model_path())
    qtbot.addWidget(window)
    panel = window.trainingPanel
    panel.set_config(replace(PRESETS["fast"], seed=2))  # a preset with another seed
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.unsaved, timeout=20000)
    gui = window.current.bundle.metadata
    assert gui["training"] == {"preset": "fast", **replace(PRESETS["fast"], seed=2).to_dict()}
    assert gui["command"] == "Cipher Lab window (Train)"

    out = tmp_path / "cli.safetensors"
    assert main(["train", "--seed", "2", "--steps", "5", "--out", str(out), "--no-progress"]) == 0
    cli = load_model(out).metadata
    assert cli.keys() == gui.keys()
    assert cli["metrics"].keys() == gui["metrics"].keys()
    assert cli["training"].keys() == gui["training"].keys()


def test_a_text_files_folders_stay_out_of_shared_model_files(tmp_path):
    book = tmp_path / "private" / "diary.txt"
    config = replace(PRESETS["fast"], data="file", data_path=str(book))
    training = model_metadata(config, steps=0)["training"]
    assert training["data"] == "file" and training["data_path"] == "diary.txt"
    assert "private" not in str(training)
    assert model_metadata(PRESETS["fast"], steps=0)["training"]["data_path"] == ""


def test_settings_differences_name_what_the_model_is_not_how_it_was_trained():
    """Issue 20: what the training form would make, against the model on screen."""
    from cipherlab.core.storage import settings_differences
    from cipherlab.resources import default_model_path

    shipped = load_model(default_model_path())  # Caesar +13 over A-Z and -, Fast's network
    assert settings_differences(PRESETS["fast"], shipped) == []
    assert settings_differences(replace(PRESETS["fast"], steps=5, seed=3), shipped) == []
    assert settings_differences(PRESETS["tutorial"], shipped) == ["embedding size", "hidden size"]
    vigenere = preset("fast", cipher="vigenere", key="LEMON")
    assert settings_differences(vigenere, shipped) == ["cipher", "hidden size"]
    assert settings_differences(replace(PRESETS["fast"], key="3"), shipped) == ["cipher"]
    assert settings_differences(preset("fast", task="lm"), shipped) == ["task"]
