"""Defects found by QA passes, pinned so they stay fixed."""

from __future__ import annotations

import json
import struct
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cipherlab.core.config import PRESETS, preset
from cipherlab.core.modelfile import MAX_FILE_BYTES, ModelFileError, load_model, save_model
from cipherlab.core.run_history import RunStatus
from cipherlab.gui.training_panel import TrainingPanel


def test_a_safetensors_header_length_ending_in_0x80_is_not_a_pickle(tmp_path, tiny_bundle):
    """The pickle check used to look at the first byte only: 1 save in 32 was refused."""
    for pad in range(300):
        bundle = replace(tiny_bundle, metadata={**tiny_bundle.metadata, "pad": "x" * pad})
        path = tmp_path / "m.safetensors"
        save_model(path, bundle)
        head = path.read_bytes()[:8]
        if head[0] == 0x80:
            break
    else:
        pytest.fail("no padding gave a header length ending in 0x80")
    assert struct.unpack("<Q", head)[0] % 256 == 0x80
    assert load_model(path).metadata["pad"] == "x" * pad


def test_a_model_too_big_to_open_is_not_saved(tmp_path, tiny_bundle, monkeypatch):
    import cipherlab.core.modelfile as modelfile

    monkeypatch.setattr(modelfile, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ModelFileError, match="not saved"):
        save_model(tmp_path / "m.safetensors", tiny_bundle)
    assert not (tmp_path / "m.safetensors").exists()
    assert MAX_FILE_BYTES >= 2**27


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


@pytest.fixture
def panel(qtbot):
    p = TrainingPanel()
    qtbot.addWidget(p)
    p.show()
    yield p
    p.shutdown()


def test_form_shows_a_combination_error_and_disables_train(qtbot, panel):
    for name, text in (
        ("hidden_size", "1024"),
        ("num_layers", "2"),
        ("batch_size", "256"),
        ("seq_len", "128"),
    ):
        field = panel.trainingSettings.form.editor(name)
        field.selectAll()
        qtbot.keyClicks(field, text)
    assert not panel.trainButton.isEnabled()
    assert "too much work for one step" in panel.trainingSettings.form.errorLabel.text()
    assert panel.config() is None


def test_reset_mid_run_keeps_its_message_and_run_states(qtbot, panel):
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.step_count > 5, timeout=5000)
    old = panel.session
    qtbot.mouseClick(panel.resetButton, Qt.MouseButton.LeftButton)
    assert panel.statusLabel.text().startswith("Reset:")
    qtbot.waitUntil(lambda: old._worker is None, timeout=2000)  # its `finished` delivered
    assert panel.statusLabel.text().startswith("Reset:")
    assert panel.history.runs[0].status is RunStatus.STOPPED
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.step_count > 5, timeout=5000)
    assert panel.history.runs[1].status is RunStatus.RUNNING
    qtbot.mouseClick(panel.stopButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=2000)


def test_plot_export_to_a_missing_folder_is_an_error(qtbot, panel, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "missing" / "p.png"), "")
    )
    qtbot.mouseClick(panel.historyPanel.exportPlotButton, Qt.MouseButton.LeftButton)
    assert warnings and "does not exist" in warnings[0]
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "plot"), "")
    )
    qtbot.mouseClick(panel.historyPanel.exportPlotButton, Qt.MouseButton.LeftButton)
    assert (tmp_path / "plot.png").stat().st_size > 100


def test_text_from_files_is_shown_as_plain_text(qtbot):
    from cipherlab.core.alphabet import SEED_ALPHABET
    from cipherlab.core.ciphers import CaesarCipher
    from cipherlab.core.modelfile import load_model as load
    from cipherlab.gui.decode_panel import DecodePanel
    from cipherlab.resources import default_model_path

    bundle = load(default_model_path())
    panel = DecodePanel()
    qtbot.addWidget(panel)
    evil = CaesarCipher(SEED_ALPHABET, 13, "<h1 style='color:red'>PWNED</h1>")
    panel.set_model(bundle.model, evil, 32, "m")
    assert panel.agreementLabel.textFormat() == Qt.TextFormat.PlainText
    assert "<h1" in panel.agreementLabel.text()
    assert json.dumps(panel.statusLabel.textFormat().name) == '"PlainText"'
    assert PRESETS["fast"].hidden_size == 32


def test_saved_splitter_sizes_that_hide_a_panel_fall_back_to_defaults():
    from cipherlab.gui.main_window import usable_splitter_sizes
    from cipherlab.gui.settings import DEFAULTS

    assert usable_splitter_sizes([700, 600]) == [700, 600]
    for bad in ([-100, 99_999_999], [0, 0], [500], [1.5, 600]):
        assert usable_splitter_sizes(bad) == DEFAULTS["window/splitter"]


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("shift", 13.9, "shift must be a whole number"),
        ("val_accuracy", float("nan"), "val_accuracy must be a number in"),
    ],
)
def test_model_file_metadata_with_odd_numbers_is_refused(
    tmp_path, tiny_bundle, field, value, words
):
    from safetensors.torch import load_file, save_file

    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    from safetensors import safe_open

    with safe_open(str(path), "pt") as fh:
        meta = json.loads(fh.metadata()["cipherlab"])
    if field == "shift":
        meta["cipher"]["shift"] = value
    else:
        meta["metrics"]["val_accuracy"] = value
    save_file(load_file(str(path)), str(path), metadata={"cipherlab": json.dumps(meta)})
    with pytest.raises(ModelFileError, match=words):
        load_model(path)


def test_labels_for_invisible_characters():
    from cipherlab.gui.probability_bars import visible_char

    assert visible_char("\u200d") == "·" and visible_char("\x07") == "□"
    assert visible_char(" ") == "␣" and visible_char("\u0301") == "◌\u0301"


def test_a_runtime_error_in_a_worker_is_reported_and_the_worker_finishes(qtbot):
    from cipherlab.gui.workers import WorkerFailed, start_generator_worker

    def broken():
        yield 1
        raise RuntimeError("out of memory")

    errors = []
    with qtbot.waitSignal(start_generator_worker(
            broken, errored=errors.append).finished, timeout=2000):
        pass
    assert isinstance(errors[0], WorkerFailed) and str(errors[0]) == "out of memory"
