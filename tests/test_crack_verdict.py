"""The crack view says how likely its answer is to be right, and its bars never claim more."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.settings import CHANCE_RIGHT

PLAINTEXT = "It is a truth universally acknowledged, that a single man must be in want of a wife."


@pytest.fixture
def panel(decode_panel):
    return decode_panel


def crack_in_window(qtbot, panel, family, ciphertext):
    view = panel.crackView
    view.crackCipherSelector.setCurrentIndex(view.crackCipherSelector.findData(family))
    panel.set_ciphertext(ciphertext)
    panel.set_key_mode("unknown")
    qtbot.waitUntil(lambda: not view.busy and view.keyCandidates.rowCount() > 0, timeout=60000)
    return view


def test_a_solved_crack_says_so_and_its_bars_stay_below_its_chance_right(qtbot, panel):
    view = crack_in_window(
        qtbot, panel, "caesar", make_cipher("caesar", "7", "letters").encrypt(PLAINTEXT)
    )
    assert panel.plaintext() == PLAINTEXT
    assert view.crackVerdict.isVisible()
    assert view.crackVerdict.text() == ("<b style='color:#1b7f3b'>Solved</b>: chance right 99.5%")
    assert view.crackVerdict.toolTip().endswith(CHANCE_RIGHT.explanation)
    heights = panel.decodingView.probabilityBars.bar_heights()
    assert heights.max() <= 0.995 + 0.005 / 26 + 1e-6 and heights.min() > 0.9
    # the numbers over the bars say .99: a rounded-up "1" would claim the certainty it lacks
    shown = {text for _, text in panel.decodingView.probabilityBars.probability_labels}
    assert shown == {".99"}


def test_random_letters_are_not_english_and_no_bar_is_sure(qtbot, panel):
    noise = "".join(np.random.default_rng(5).choice(list("abcdefghijklmnopqrstuvwxyz"), 82))
    view = crack_in_window(qtbot, panel, "vigenere", noise)
    assert view.crackVerdict.text().startswith("<b style='color:#b3261e'>Not English</b>: ")
    assert view.ranking.assessment.probability < 0.05
    assert panel.decodingView.probabilityBars.bar_heights().max() < 0.1
