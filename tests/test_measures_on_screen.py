"""Issue 20, item 6: one vocabulary for confidence, and the note on red letters at high accuracy."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from cipherlab.core.settings import (
    AGREEMENT,
    KEY_BELIEF,
    MEASURES,
    PRESETS,
    PROBABILITY,
    VALIDATION_ACCURACY,
)
from cipherlab.core.storage import load_model
from cipherlab.gui.decoding import DecodePanel
from cipherlab.resources import default_model_path


@pytest.fixture(scope="module")
def bundle():
    return load_model(default_model_path())


@pytest.fixture
def panel(qtbot, bundle):
    p = DecodePanel()
    qtbot.addWidget(p)
    p.resize(700, 900)
    p.show()
    yield p
    qtbot.waitUntil(lambda: not p.busy, timeout=10000)


class Unsure:
    """A "model" that always answers T, barely ahead of the other letters."""

    training = False

    def __call__(self, x):
        import torch

        logits = torch.zeros((*x.shape, 27))
        logits[..., 19] = 0.5
        return logits

    def eval(self):
        return self

    def train(self, mode=True):
        return self


def type_ciphertext(qtbot, panel, text):
    box = panel.ciphertextBox.ciphertextInput
    box.setFocus()
    with qtbot.waitSignal(panel.decoded, timeout=5000):
        qtbot.keyClicks(box, text)


def test_the_five_measures_have_distinct_labels_and_explanations():
    assert [m.label for m in MEASURES] == [
        "validation accuracy",
        "probability",
        "agreement with the exact decryption",
        "key belief",
        "chance right",
    ]
    assert len({m.explanation for m in MEASURES}) == 5
    assert "relative to the candidate keys found" in KEY_BELIEF.explanation


def test_every_number_of_a_decoding_names_its_measure(qtbot, panel, bundle):
    panel.set_model(bundle.model, bundle.cipher, bundle.seq_len, "shipped", validation_accuracy=1)
    type_ciphertext(qtbot, panel, "FUVEM")
    view = panel.decodingView
    assert view.statusLabel.text() == (
        "5 symbols decoded, mean probability 100.0%, 0 below 50%; 0 passed through."
    )
    assert view.statusLabel.toolTip() == PROBABILITY.explanation
    assert view.agreementLabel.text() == (
        "— Caesar +13, A–Z and -: agreement with the exact decryption: 100.0% of decoded "
        "letters (0 differ, in red)"
    )
    assert view.agreementLabel.toolTip() == AGREEMENT.explanation
    assert panel.modelLabel.toolTip() == VALIDATION_ACCURACY.explanation


def test_crack_columns_name_the_key_belief(qtbot, panel):
    table = panel.crackView.keyCandidates
    for column in range(2, table.columnCount()):
        tip = table.horizontalHeaderItem(column).toolTip()
        assert tip.startswith("Key belief under ") and tip.endswith(KEY_BELIEF.explanation)
    assert "one key belief per method" in table.toolTip()


def test_red_letters_at_full_validation_accuracy_are_explained_in_place(qtbot, panel, bundle):
    panel.set_model(Unsure(), bundle.cipher, 32, "unsure", validation_accuracy=1.0)
    type_ciphertext(qtbot, panel, "FU!")
    note = panel.decodingView.unsureNote
    assert note.isVisible()
    assert note.text() == (
        "Why 2 red letters at 100.0% validation accuracy? Validation accuracy counts top "
        "choices that are right on held-out messages; probability is how sure the model is of "
        "each letter. A letter can be right and unsure, e.g. on text unlike the messages it "
        "trained on."
    )
    # key unknown: the letters are the crack's, not this model's
    panel.set_key_mode("unknown")
    assert not note.isVisible()
    qtbot.waitUntil(lambda: not panel.crackView.busy, timeout=20000)
    assert not note.isVisible()
    panel.set_key_mode("known")
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert note.isVisible()


def test_no_note_when_letters_are_sure_or_accuracy_is_low(qtbot, panel, bundle):
    panel.set_model(bundle.model, bundle.cipher, bundle.seq_len, "sure", validation_accuracy=1.0)
    type_ciphertext(qtbot, panel, "FUVEM")
    assert not panel.decodingView.unsureNote.isVisible()  # every letter sure
    panel.set_model(Unsure(), bundle.cipher, 32, "unsure", validation_accuracy=0.4)
    qtbot.waitUntil(lambda: panel.decodingView.statusLabel.text().find("5 below") > 0)
    assert not panel.decodingView.unsureNote.isVisible()  # a low accuracy explains itself
    panel.set_model(Unsure(), bundle.cipher, 32, "unsure", validation_accuracy=None)
    assert not panel.decodingView.unsureNote.isVisible()
    box = panel.ciphertextBox.ciphertextInput
    with qtbot.waitSignal(panel.decoded, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert not panel.decodingView.unsureNote.isVisible()


def test_header_and_training_status_never_show_two_validation_accuracies(qtbot, make_window):
    """Issue 20, 6: the header kept the accuracy of the last weights while the status moved on."""
    window = make_window()
    panel, decode = window.trainingPanel, window.decodePanel
    panel.trainingSettings.autoStopCheck.setChecked(False)
    panel.set_config(replace(PRESETS["fast"], steps=300))
    accuracy = re.compile(r"validation accuracy (\d+\.\d)%")
    moments = []

    def look(*_args):
        moments.append(decode.modelLabel.text())

    decode.decoded.connect(look)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    qtbot.waitUntil(lambda: "trained (unsaved)" in decode.modelLabel.text(), timeout=5000)
    live = [header for header in moments if "training, step" in header]
    assert live, "the decode panel followed the run"
    for header in live:  # one value on screen: the status's
        assert not accuracy.search(header), header
        assert "validation accuracy in the training status" in header
    header, status = decode.modelLabel.text(), panel.statusLabel.text()
    assert status.startswith("Training finished.")
    shown = accuracy.search(header).group(1)
    assert f"validation accuracy {shown}% (step 300)" in status, (header, status)


def test_the_model_card_explains_its_validation_accuracy(qtbot):
    from cipherlab.gui.model_card import ModelCardPanel

    card = ModelCardPanel()
    qtbot.addWidget(card)
    assert card.browser.toolTip().endswith(VALIDATION_ACCURACY.explanation)


def test_the_training_status_and_the_runs_name_their_measure(qtbot, make_window):
    """Their percentages are validation accuracy: the tooltips say what that counts."""
    window = make_window()
    panel = window.trainingPanel
    status, runs = panel.statusLabel, panel.historyPanel.runList
    assert status.toolTip().endswith(VALIDATION_ACCURACY.explanation[1:])
    assert "validation accuracy: the share of letters in held-out messages" in status.toolTip()
    assert runs.toolTip().endswith(VALIDATION_ACCURACY.explanation)
