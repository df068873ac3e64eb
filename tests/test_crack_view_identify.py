"""Key unknown, cipher Detect: the family is identified, then cracked; the letter statistics."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cipherlab.core.ciphers import alphabet_named, make_cipher
from cipherlab.core.text import prose_messages


@pytest.fixture
def panel(decode_panel):
    return decode_panel


def _shares(text: str) -> np.ndarray:
    letters = [c for c in text.upper() if "A" <= c <= "Z"]
    counts = np.bincount([ord(c) - 65 for c in letters], minlength=26)
    return 100 * counts / len(letters)


def test_detect_identifies_the_family_and_the_statistics_follow_the_text(qtbot, panel):
    view = panel.crackView
    selector = view.crackCipherSelector
    assert selector.currentData() == "detect" and selector.currentText() == "Detect"
    panel.keyModeSelector.setCurrentIndex(panel.keyModeSelector.findData("unknown"))
    box = panel.ciphertextBox.ciphertextInput
    caesar = "Wkh frpplwwhh zloo phhw rq Wxhvgdb dw wkh rog plo"
    qtbot.keyClicks(box, caesar)
    expected = "The committee will meet on Tuesday at the old mil"
    qtbot.waitUntil(lambda: not view.busy and panel.plaintext() == expected, timeout=60000)
    assert selector.currentText().startswith("Detect: Shift or affine (")
    assert selector.currentText().endswith(" %)")
    assert view.keyCandidates.item(0, 0).text() == "+3"
    stats = view.letterStatistics
    assert not stats.isVisible()  # folded away: the candidate keys keep their room
    qtbot.mouseClick(view.statisticsSection.toggleButton, Qt.MouseButton.LeftButton)
    assert stats.isVisible() and stats.frequencyPlot.isVisible()
    assert stats.bar_heights() == pytest.approx(_shares(caesar))
    assert stats.iocLabel.text().startswith("Index of coincidence 0.")
    assert stats.iocLabel.text().endswith(" over 40 letters (English 0.0642, random 0.0385)")
    assert stats.highlighted_period() == 0  # not periodic: no period is chosen

    letters = alphabet_named("letters")
    plain = prose_messages("fortunes", "calibration", 1, 200, letters, np.random.default_rng(3))[0]
    vigenere = make_cipher("vigenere", "LEMON", letters).encrypt(plain)
    box.clear()
    qtbot.keyClicks(box, vigenere)
    qtbot.waitUntil(lambda: not view.busy and panel.plaintext() == plain, timeout=120000)
    assert selector.currentText().startswith("Detect: Vigenère (period 5, ")
    assert view.keyCandidates.item(0, 0).text() == "LEMON"
    assert stats.bar_heights() == pytest.approx(_shares(vigenere))
    assert stats.highlighted_period() == 5
    assert " over 200 letters " in stats.iocLabel.text()
    selector.setCurrentIndex(selector.findData("caesar"))  # an explicit family wins
    qtbot.waitUntil(lambda: not view.busy and selector.itemText(0) == "Detect", timeout=60000)
