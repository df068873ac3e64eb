"""Identify trained in the window: chosen with a click, its curves live, five family bars."""

from __future__ import annotations

import numpy as np
import pytest
from user_input import click, pick

from cipherlab.core.settings import IDENTIFY, IDENTIFY_LABELS


def test_training_a_cipher_identifier_shows_each_familys_probability(qtbot, make_window):
    window = make_window()
    panel, decode = window.trainingPanel, window.decodePanel
    task = panel.trainingSettings.task
    pick(qtbot, task.taskSelector, "Identify a cipher")
    assert task.task_kind is IDENTIFY
    # every family with random keys: no cipher or key to choose, and never random symbols
    assert not task.cipherSelector.isVisible() and not task.keyInput.isVisible()
    assert task.data == "english"
    random_item = task.dataSourceSelector.model().item(task.dataSourceSelector.findData("random"))
    assert not random_item.isEnabled()
    assert random_item.toolTip() == (
        "A cipher identifier needs text: random symbols look alike under every cipher"
    )
    assert task.previewLabel.text() == (
        "Names the cipher family: ciphertext → english, shift, substitution, vigenere, autokey"
    )
    assert panel.trainingSettings.config().seq_len == 100  # the Fast preset of Identify
    panel.trainingSettings.form.editor("steps").setText("30")
    probabilities = []
    decode.familyView.identified.connect(probabilities.append)
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: panel.lossPlot.n_loss_points >= 5, timeout=60000)
    assert panel.lossPlot.getPlotItem().getAxis("left").labelText == "loss (nats/message)"
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    # the plot draws its last points on its next refresh (28 of 30 were drawn once under load)
    qtbot.waitUntil(lambda: len(panel.lossPlot.loss_curve.getData()[0]) == 30, timeout=5000)
    x, y = panel.lossPlot.loss_curve.getData()
    assert len(x) == 30 and np.all(np.isfinite(y))
    accuracy = panel.lossPlot.accuracy_curve.getData()[1]
    assert len(accuracy) >= 2 and np.all((accuracy >= 0) & (accuracy <= 1))
    # the decode area names families instead of decrypting: no key, plaintext or letter bars
    qtbot.waitUntil(decode.familyView.isVisible, timeout=5000)
    assert not decode.decodingView.isVisible() and not decode.keyModeSelector.isVisible()
    assert not decode.decodingView.probabilityBars.isVisible()
    qtbot.waitUntil(lambda: not decode.familyView.busy and bool(probabilities), timeout=20000)
    shown = decode.familyView.probabilities
    assert shown.shape == (5,) and shown.sum() == pytest.approx(1.0, abs=1e-9)
    bars = [decode.familyView.bars[label] for label in IDENTIFY_LABELS]
    assert [bar.objectName() for bar in bars] == [f"familyBar_{x}" for x in IDENTIFY_LABELS]
    assert [bar.format() for bar in bars] == [f"{p:.1%}" for p in shown]
    assert sum(bar.value() for bar in bars) == pytest.approx(1000, abs=3)  # rounding
    # typing another text reads it again
    probabilities.clear()
    decode.familyView.familyInput.clear()
    qtbot.keyClicks(decode.familyView.familyInput, "QEB-NRFZH-YOLTK")
    qtbot.waitUntil(lambda: bool(probabilities) and not decode.familyView.busy, timeout=20000)
    assert decode.text() == "QEB-NRFZH-YOLTK"
    assert probabilities[-1].sum() == pytest.approx(1.0, abs=1e-9)
    assert window.current.bundle.task_kind is IDENTIFY


def test_inside_a_cipher_identifier_shows_its_states_and_says_what_it_lacks(qtbot, make_window):
    from PySide6.QtGui import QAction

    window = make_window()
    panel, decode = window.trainingPanel, window.decodePanel
    pick(qtbot, panel.trainingSettings.task.taskSelector, "Identify a cipher")
    panel.trainingSettings.form.editor("steps").setText("3")
    click(qtbot, panel.trainButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=60000)
    qtbot.waitUntil(decode.familyView.isVisible, timeout=5000)
    action = next(a for a in window.findChildren(QAction) if a.text() == "Inside the network")
    action.trigger()
    inside = window.insideView
    settle = lambda: qtbot.waitUntil(lambda: inside.active and not inside.busy, timeout=30000)  # noqa: E731
    settle()
    assert "A cipher identifier reads ciphertexts of every family" in (
        inside.mappingView.emptyLabel.text()
    )
    inside.tabs.setCurrentIndex(1)
    settle()
    # the ciphertext it reads, with no start symbol: a language model's would come first
    assert inside.hiddenStateView.letters == decode.familyView.text().replace(" ", "")
    inside.tabs.setCurrentIndex(2)
    settle()
    assert inside.saliencyView.emptyLabel.text() == (
        "A cipher identifier answers once per message, from every letter at once: there is "
        "no output letter whose influences could be shown."
    )
