"""A language model trained in the window: the decode panel writes text instead of decoding."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from cipherlab.gui.decoding import SampleView


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_training_a_language_model_samples_its_text_live_and_never_decodes_with_it(
    qtbot, make_window
):
    window = make_window()
    panel, decode = window.trainingPanel, window.decodePanel
    decode.set_ciphertext("FUVEMVEMNMERPDRF")
    choose(panel.trainingSettings.task.taskSelector, "lm")
    panel.trainingSettings.form.editor("steps").setText("60")
    samples = []
    decode.sampleView.sampled.connect(samples.append)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: decode.sampleView.isVisible() and bool(samples), timeout=60000)
    # the decoding widgets make way for the text the model writes
    assert (
        not decode.ciphertextBox.ciphertextInput.isVisible()
        and not decode.decodingView.probabilityBars.isVisible()
    )
    assert not decode.keyModeSelector.isVisible()
    assert decode.decoding is None or decode.writes_text
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    qtbot.waitUntil(lambda: not decode.sampleView.busy, timeout=20000)
    text = decode.sampleView.sampleOutput.toPlainText()
    assert len(text) == decode.sampleView.sampleLengthSpin.value()
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ-•")  # a listed word it spells: ••••
    assert window.current.bundle.cipher is None  # a language model: it reads plaintext
    bits = window.current.bundle.metadata["metrics"]["val_bits_per_symbol"]
    assert bits == pytest.approx(panel.training_run.last_val_loss / math.log(2), abs=1e-4)
    assert 2.0 < bits < 4.8
    assert f"{bits:.3f} bits per symbol" in decode.modelLabel.text()
    assert "Language model, A–Z and -" in window.windowTitle()
    assert "language model" in window.generalisationView.probeStatus.text()
    assert not window.generalisationView.probeButton.isEnabled()
    # the same seed writes the same text again; New sample draws another
    with qtbot.waitSignal(decode.sampleView.sampled, timeout=20000) as again:
        decode.sampleView.resample()
    assert again.args[0] == text
    with qtbot.waitSignal(decode.sampleView.sampled, timeout=20000) as other:
        qtbot.mouseClick(decode.sampleView.sampleButton, Qt.MouseButton.LeftButton)
    assert other.args[0] != text
    # a decryption model again: the decoding widgets come back and decode
    choose(panel.trainingSettings.task.taskSelector, "decrypt")
    window.files.confirm_discard = lambda: True
    panel.may_start = lambda: True
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    qtbot.waitUntil(lambda: decode.ciphertextBox.ciphertextInput.isVisible(), timeout=5000)
    assert not decode.sampleView.isVisible() and decode.decodingView.probabilityBars.isVisible()
    qtbot.waitUntil(lambda: decode.plaintext() == "THIS-IS-A-SECRET", timeout=20000)


def test_temperature_changes_the_text_and_a_sample_is_as_long_as_asked(qtbot):
    from cipherlab.core.storage import load_model
    from cipherlab.resources import language_model_path

    bundle = load_model(language_model_path("letters"))
    view = SampleView()
    qtbot.addWidget(view)
    view.seed = 7
    with qtbot.waitSignal(view.sampled, timeout=20000) as cool:
        view.show_model(bundle.model, bundle.alphabet)
    view.temperatureSpin.setValue(2.5)
    qtbot.waitUntil(lambda: view.sampleOutput.toPlainText() != cool.args[0], timeout=20000)
    with qtbot.waitSignal(view.sampled, timeout=20000) as short:
        view.sampleLengthSpin.setValue(30)
    qtbot.waitUntil(lambda: not view.busy, timeout=20000)
    assert len(view.sampleOutput.toPlainText()) == 30 and len(short.args[0]) in (30, 240)
    assert set(view.sampleOutput.toPlainText()) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ •")  # words
