"""Look inside the network (issue 13): the four views in the window, through real clicks."""

from __future__ import annotations

import csv

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from cipherlab.resources import example_models, language_model_path

PLAINTEXT = "THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG"


def open_example(window, path):
    window.files.open_model(path)


def open_inside(qtbot, window, tab: int):
    inside = window.insideView
    action = next(a for a in window.findChildren(QAction) if a.text() == "Inside the network")
    action.trigger()  # View > Inside the network (Ctrl+L): its tab beside the plot
    assert window.trainingPanel.viewTabs.currentWidget() is inside
    inside.tabs.setCurrentIndex(tab)
    qtbot.waitUntil(lambda: inside.active, timeout=5000)
    return inside


def settle(qtbot, inside):
    qtbot.waitUntil(lambda: not inside.busy, timeout=30000)


def test_the_vigenere_example_shows_one_learned_map_per_key_position(qtbot, make_window):
    window = make_window()
    open_example(window, example_models()["vigenere"])
    inside = open_inside(qtbot, window, 0)
    settle(qtbot, inside)
    view = inside.mappingView
    assert not view.is_empty and len(view.images) == 5  # LEMON
    assert view.statusLabel.text() == "The mapping is learned at all 5 key positions."
    first = view.images[0].image
    assert first.shape == (27, 27)
    np.testing.assert_allclose(first.sum(axis=1), 1.0, atol=1e-6)
    assert [p.titleLabel.text for p in view.plots][:2] == ["key position 1 ✓", "key position 2 ✓"]


def test_hidden_states_follow_the_ciphertext_and_count_the_key_position(qtbot, make_window):
    window = make_window()
    open_example(window, example_models()["vigenere"])
    cipher = window.current.bundle.cipher
    decode = window.decodePanel
    decode.set_ciphertext(cipher.encrypt(PLAINTEXT * 5))
    inside = open_inside(qtbot, window, 1)
    settle(qtbot, inside)
    view = inside.hiddenStateView
    assert not view.is_empty
    hidden = window.current.bundle.model.config.hidden_size
    assert view.image.image.shape == (hidden, len(PLAINTEXT) * 5)
    view.hiddenSignalSelector.setCurrentText("forget gate")
    shown = view.image.image
    assert shown.min() >= 0 and shown.max() <= 1
    qtbot.mouseClick(view.sortUnitsCheck, Qt.MouseButton.LeftButton)
    assert view.sortUnitsCheck.isChecked()
    assert "position modulo 5" in view.statusLabel.text()
    scores = view.scores[view.order]
    assert (np.diff(scores) <= 1e-12).all() and scores[0] > 0.9  # the counting units first
    view.show_unit(0)
    assert view.trace.yData.shape == (len(PLAINTEXT) * 5,)


def test_clicking_a_bar_shows_where_the_model_looked(qtbot, make_window):
    window = make_window()
    open_example(window, example_models()["caesar"])
    decode = window.decodePanel
    decode.set_ciphertext(window.current.bundle.cipher.encrypt(PLAINTEXT))
    decode.refresh()
    inside = open_inside(qtbot, window, 2)
    settle(qtbot, inside)
    assert inside.saliencyView.is_empty and "Click a probability bar" in (
        inside.saliencyView.emptyLabel.text()
    )
    decode.decodingView.probabilityBars.select(10)  # as a click on the bar does
    settle(qtbot, inside)
    view = inside.saliencyView
    assert not view.is_empty and view.position == 10
    assert len(view.influence) == 11  # it reads left to right: nothing after 10
    assert view.influence.argmax() == 10  # a Caesar model looks at its own letter
    assert "Output letter 11 ('B')" in view.statusLabel.text()  # PLAINTEXT[10] is B


def test_embeddings_export_their_picture_and_data(qtbot, make_window, tmp_path):
    window = make_window()
    inside = open_inside(qtbot, window, 3)
    settle(qtbot, inside)
    view = inside.embeddingView
    assert not view.is_empty and len(view.labels) == 27
    assert [label.toPlainText() for label in view.labels][:3] == ["A", "B", "C"]
    messages = []
    view.message.connect(messages.append)
    view.exports.ask_path = lambda *a: str(tmp_path / "map.svg")
    qtbot.mouseClick(view.exports.pictureButton, Qt.MouseButton.LeftButton)
    assert (tmp_path / "map.svg").read_text().startswith("<?xml")
    view.exports.ask_path = lambda *a: str(tmp_path / "map.csv")
    qtbot.mouseClick(view.exports.dataButton, Qt.MouseButton.LeftButton)
    with open(tmp_path / "map.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["symbol", "component_1", "component_2"] and len(rows) == 28
    assert rows[1][0] == "A"
    view.exports.ask_path = lambda *a: str(tmp_path / "missing" / "map.png")
    qtbot.mouseClick(view.exports.pictureButton, Qt.MouseButton.LeftButton)
    assert "does not exist" in messages[-1]


def test_a_training_run_marks_the_step_its_mapping_was_learned(qtbot, make_window):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("fast")
    with qtbot.waitSignal(
        panel.message, timeout=60000, check_params_cb=lambda m: m.startswith("Mapping learned")
    ) as said:
        qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    run = panel.run
    step = run.mapping_learned_step
    assert said.args[0] == f"Mapping learned at step {step:,}."
    # an argmax mapping is learned no later than every letter is right
    assert 1 <= step <= run.first_full_accuracy_step
    panel.lossPlot._redraw()
    assert panel.lossPlot.mapping_marker.isVisible()
    assert panel.lossPlot.mapping_marker.value() == step


def test_a_language_model_has_no_mapping_but_shows_the_rest(qtbot, make_window):
    window = make_window()
    open_example(window, language_model_path("seed"))
    qtbot.waitUntil(
        lambda: bool(window.decodePanel.sampleView.sampleOutput.toPlainText()), timeout=20000
    )
    inside = open_inside(qtbot, window, 0)
    settle(qtbot, inside)
    assert "no cipher mapping" in inside.mappingView.emptyLabel.text()
    inside.tabs.setCurrentIndex(2)
    settle(qtbot, inside)
    view = inside.saliencyView
    assert not view.is_empty
    assert view.letters.startswith("^")  # the start symbol, then the text it wrote
    assert (view.influence[:-1] > 0).sum() > 3  # a language model reads the whole context


def test_a_matching_mapping_the_probe_does_not_confirm_is_not_learned_yet(qtbot):
    from test_inside_core import hand_set_caesar

    from cipherlab.core.ciphers import make_cipher
    from cipherlab.core.inside import learned_mapping
    from cipherlab.gui.inside.mapping_view import MappingView

    autokey = make_cipher("autokey", "D")  # a shift by the primer: right at position 0 only
    mapping = learned_mapping(hand_set_caesar(autokey), autokey, 32)
    view = MappingView()
    qtbot.addWidget(view)
    view.show_mapping(mapping, autokey.alphabet.symbols)
    assert view.statusLabel.text() == (
        "Not learned yet: the mapping matches the cipher, but only "
        f"{mapping.accuracy:.1%} of the probe's symbols are decrypted right."
    )
    assert mapping.accuracy < 0.2
