"""Feedback in the CLI (train --feedback, decode, probe) and the window (feedbackCheck)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from user_input import click

PLAIN = "ATTACK-AT-DAWN-THE-FEEDBACK-DECODER-READS-ITS-OWN-LETTERS-BACK"


@pytest.fixture(scope="module")
def autokey_file(tmp_path_factory):
    """An autokey model (primer KEY) trained with ``cipherlab train --feedback``."""
    from cipherlab.cli import main

    path = tmp_path_factory.mktemp("models") / "autokey.safetensors"
    code = main(
        ["train", "--cipher", "autokey", "--key", "KEY", "--feedback", "--steps", "1500",
         "--target-accuracy", "1.0", "--out", str(path), "--json"]
    )  # fmt: skip
    assert code == 0
    return path


def test_train_feedback_saves_a_model_that_decodes_autokey(autokey_file, capsys):
    from cipherlab.cli import main
    from cipherlab.core.ciphers import make_cipher
    from cipherlab.core.storage import load_model

    bundle = load_model(autokey_file)
    assert bundle.model.config.feedback is True
    ciphertext = make_cipher("autokey", "KEY", "seed").encrypt(PLAIN)
    capsys.readouterr()
    assert main(["decode", "--model", str(autokey_file), ciphertext]) == 0
    assert capsys.readouterr().out == PLAIN + "\n"


def test_probe_decodes_long_messages_from_its_own_outputs(autokey_file, capsys):
    from cipherlab.cli import main

    capsys.readouterr()
    args = ["probe", "--model", str(autokey_file), "--lengths", "32,1024", "--messages", "20"]
    assert main([*args, "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["length"] for r in results] == [32, 1024]
    assert results[0]["symbol_accuracy"] == 1.0


def test_no_feedback_flag_turns_it_off(capsys):
    from cipherlab.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["train", "--feedback"]).feedback is True
    assert parser.parse_args(["train", "--no-feedback"]).feedback is False
    assert parser.parse_args(["train"]).feedback is None  # the preset's


def test_feedback_check_box_explains_itself_and_sets_the_run(qtbot):
    from cipherlab.gui.training import TrainingPanel

    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 900)
    panel.show()
    try:
        settings = panel.trainingSettings
        check = settings.findChild(type(settings.form.editor("feedback")), "feedbackCheck")
        assert check is settings.form.editor("feedback") and not check.isChecked()
        assert "autokey" in check.toolTip().lower()
        assert "never sees" in check.toolTip()
        click(qtbot, settings.advancedSection.toggleButton)
        qtbot.waitUntil(check.isVisible)
        box = QPoint(8, check.height() // 2)  # on the box itself
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box)
        assert check.isChecked() and panel.config().feedback is True
        assert settings.presetSelector.currentText() == "Custom"
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box)
        assert panel.config().feedback is False
        task = settings.task.taskSelector
        task.setCurrentIndex(task.findData("lm"))  # a language model reads text: no feedback
        assert not check.isEnabled()
        task.setCurrentIndex(task.findData("decrypt"))
        assert check.isEnabled()
    finally:
        panel.shutdown()


def test_the_decode_panel_shows_a_feedback_models_letters_and_bars(qtbot, autokey_file):
    from cipherlab.core.storage import load_model
    from cipherlab.gui.decoding import DecodePanel

    bundle = load_model(autokey_file)
    cipher = bundle.cipher
    panel = DecodePanel()
    qtbot.addWidget(panel)
    panel.set_model(bundle.model, cipher, 32, "autokey")
    with qtbot.waitSignal(panel.decoded, timeout=20000) as shown:
        panel.set_ciphertext(cipher.encrypt(PLAIN))
    assert panel.plaintext() == PLAIN
    decoding = shown.args[0]  # what the bars show: the step-by-step probabilities
    assert decoding.probabilities.shape == (len(PLAIN), 27)
    assert decoding.confidence.min() > 0.5
    np.testing.assert_allclose(decoding.probabilities.sum(axis=1), 1.0, rtol=1e-5)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)


def test_the_model_card_says_the_model_reads_back_its_letters(autokey_file, capsys):
    from cipherlab.cli import main

    capsys.readouterr()
    assert main(["info", str(autokey_file)]) == 0
    model = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Model:"))
    assert model.endswith(
        "LSTM, embedding 16, hidden 128, 1 layer(s), vocabulary 27, feedback (reads back its "
        "own earlier letters)"
    )


def test_where_it_looks_shows_the_letter_read_back_a_primer_length_before(
    qtbot, make_window, autokey_file
):
    from PySide6.QtGui import QAction

    window = make_window()
    window.files.open_model(autokey_file)
    decode = window.decodePanel
    decode.set_ciphertext(window.current.bundle.cipher.encrypt(PLAIN))
    decode.refresh()
    inside = window.insideView
    action = next(a for a in window.findChildren(QAction) if a.text() == "Inside the network")
    action.trigger()
    inside.tabs.setCurrentIndex(2)  # Where it looks
    qtbot.waitUntil(lambda: inside.active, timeout=5000)
    decode.decodingView.probabilityBars.select(20)  # as a click on the bar does
    qtbot.waitUntil(lambda: not inside.busy and inside.saliencyView.position == 20, timeout=30000)
    view = inside.saliencyView
    assert view.influence.argmax() == 20  # the ciphertext letter at its own position
    assert len(view.fedBack.opts["height"]) == 21
    assert int(np.argmax(view.fedBack.opts["height"])) == 17  # autokey KEY: 3 places back
    assert "it leans most on the one 3 places before" in view.statusLabel.text()
