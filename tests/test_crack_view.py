"""Key unknown in the decode panel: ranked keys, the best decryption, choosing, using a key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cipherlab.core.ciphers import make_cipher

PLAINTEXT = "MEET-ME-AT-THE-OLD-BRIDGE-AFTER-DARK"


@pytest.fixture
def panel(decode_panel):
    return decode_panel


def wait_for_keys(qtbot, panel):
    view = panel.crackView
    qtbot.waitUntil(lambda: not view.busy and view.keyCandidates.rowCount() > 0, timeout=60000)


def test_unknown_key_ranks_the_keys_and_shows_the_best_decryption(qtbot, panel):
    ciphertext = make_cipher("caesar", "5").encrypt(PLAINTEXT)
    panel.set_ciphertext(ciphertext)
    panel.keyModeSelector.setCurrentIndex(panel.keyModeSelector.findData("unknown"))
    assert panel.crackView.isVisible() and not panel.knownKeyView.encryptButton.isEnabled()
    wait_for_keys(qtbot, panel)
    table = panel.crackView.keyCandidates
    assert table.item(0, 0).text() == "+5" and table.item(0, 1).text() == PLAINTEXT
    assert panel.crackView.winner_marks("ngram") == [0]
    # 35 letters of Caesar: the language model is no better there, so it is not computed
    assert panel.crackView.winner_marks("lm") == [] and panel.crackView.ranking.method == "ngram"
    lm_bar = table.cellWidget(0, 2)
    assert lm_bar.format() == "–" and lm_bar.toolTip().startswith("Not computed: for this")
    assert panel.plaintext() == PLAINTEXT
    bars = panel.decodingView.probabilityBars
    assert "".join(bars.bar_labels()) == PLAINTEXT
    assert bars.bar_heights().min() > 0.9
    assert "chosen key agrees on 100.0%" in panel.decodingView.agreementLabel.text()
    # choosing another row shows that key's decryption, its bars low
    table.selectRow(1)
    other = panel.crackView.ranking.keys[1]
    assert panel.plaintext() == other.plaintext
    assert panel.decodingView.probabilityBars.bar_heights().max() < 0.5


def test_a_short_caesar_is_ranked_by_the_language_model_where_it_pays(qtbot, panel):
    ciphertext = make_cipher("caesar", "3", "letters").encrypt("Send arms")
    panel.set_ciphertext(ciphertext)
    panel.set_key_mode("unknown")
    wait_for_keys(qtbot, panel)
    assert panel.crackView.ranking.method == "lm" and panel.plaintext() == "Send arms"
    assert panel.crackView.winner_marks("lm") == [0]
    assert panel.crackView.keyCandidates.cellWidget(0, 2).format().startswith("★ ")


def test_use_this_key_goes_back_to_known_mode_with_the_key(qtbot, panel):
    ciphertext = make_cipher("vigenere", "KEY").encrypt(PLAINTEXT + "-AND-BRING-THE-MAPS-WITH-YOU")
    panel.crackView.crackCipherSelector.setCurrentIndex(
        panel.crackView.crackCipherSelector.findData("vigenere")
    )
    panel.set_ciphertext(ciphertext)
    panel.set_key_mode("unknown")
    wait_for_keys(qtbot, panel)
    assert panel.crackView.keyCandidates.item(0, 0).text() == "KEY"
    with qtbot.waitSignal(panel.keyChosen) as chosen:
        qtbot.mouseClick(panel.crackView.useKeyButton, Qt.MouseButton.LeftButton)
    assert chosen.args[0] == make_cipher("vigenere", "KEY")
    assert not panel.key_unknown and not panel.crackView.isVisible()


def test_short_and_empty_text_get_a_warning_not_an_error(qtbot, panel):
    panel.set_key_mode("unknown")
    panel.set_ciphertext("QEB")
    panel.refresh()
    wait_for_keys(qtbot, panel)
    assert "too short to be sure" in panel.decodingView.statusLabel.text()
    panel.set_ciphertext("123 !!")
    panel.refresh()
    qtbot.waitUntil(
        lambda: "No alphabet symbols" in panel.decodingView.statusLabel.text(), timeout=20000
    )


def test_a_long_text_shows_progress_can_be_cancelled_and_keeps_the_last_ranking(qtbot, panel):
    view = panel.crackView
    panel.set_key_mode("unknown")
    panel.set_ciphertext(make_cipher("caesar", "3").encrypt(PLAINTEXT))
    panel.refresh()
    wait_for_keys(qtbot, panel)
    assert not view.crackProgress.isVisible() and not view.crackCancelButton.isVisible()
    first = view.keyCandidates.item(0, 1).text()
    view.crackCipherSelector.setCurrentIndex(view.crackCipherSelector.findData("vigenere"))
    panel.set_ciphertext(make_cipher("vigenere", "LONGERKEY").encrypt(PLAINTEXT * 40))
    panel.refresh()
    assert view.busy and view.crackProgress.isVisible() and view.crackCancelButton.isVisible()
    with qtbot.waitSignal(view.status) as said:
        qtbot.mouseClick(view.crackCancelButton, Qt.MouseButton.LeftButton)
    assert "cancelled" in said.args[0]
    assert not view.crackProgress.isVisible() and not view.crackCancelButton.isVisible()
    assert view.keyCandidates.item(0, 1).text() == first  # the last ranking stays
    qtbot.waitUntil(lambda: not view.busy, timeout=60000)  # the cancelled worker ended
    assert view.keyCandidates.item(0, 1).text() == first  # the cancelled result is dropped


def test_keys_of_a_long_text_are_ranked_on_its_beginning(qtbot, panel):
    from cipherlab.gui.decoding import RANKED_CHARS

    long_text = make_cipher("caesar", "7").encrypt(
        ("THE-QUICK-BROWN-FOX-" * 400)[: 2 * RANKED_CHARS]
    )
    view = panel.crackView  # a repeated phrase is periodic: Detect would read it as Vigenère
    view.crackCipherSelector.setCurrentIndex(view.crackCipherSelector.findData("caesar"))
    panel.set_key_mode("unknown")
    panel.set_ciphertext(long_text)
    said_first = lambda s: "first" in s  # noqa: E731
    with qtbot.waitSignal(panel.crackView.status, timeout=60000, check_params_cb=said_first):
        panel.refresh()
    assert panel.crackView.keyCandidates.item(0, 0).text() == "+7"
    assert len(panel.plaintext()) == RANKED_CHARS


def test_detect_reads_the_alphabet_of_the_typed_ciphertext_and_a_choice_wins(qtbot, panel):
    view = panel.crackView
    selector = view.crackAlphabetSelector
    assert selector.currentData() == "detect" and selector.currentText() == "Detect"
    panel.keyModeSelector.setCurrentIndex(panel.keyModeSelector.findData("unknown"))
    view.crackCipherSelector.setCurrentIndex(view.crackCipherSelector.findData("caesar"))
    box = panel.ciphertextBox.ciphertextInput
    qtbot.keyClicks(box, "Wkh frpplwwhh zloo phhw rq Wxhvgdb")
    expected = "The committee will meet on Tuesday"
    qtbot.waitUntil(lambda: not view.busy and panel.plaintext() == expected, timeout=60000)
    assert selector.currentText() == "Detect: A–Z, spaces pass"
    assert selector.toolTip().endswith("Detected: A–Z, spaces pass (lower case and spaces)")
    assert view.keyCandidates.item(0, 0).text() == "+3"
    selector.setCurrentIndex(selector.findData("seed"))  # an explicit alphabet wins
    wrong = "The committee will meet on Tuesdaz"
    qtbot.waitUntil(lambda: not view.busy and panel.plaintext() == wrong, timeout=60000)
    assert selector.itemText(0) == "Detect" and view.alphabet_guess.name == "seed"
    selector.setCurrentIndex(0)
    box.clear()
    qtbot.keyClicks(box, "FUVEMVEMNMERPDRF")  # only capitals: both tried, seed's reading kept
    qtbot.waitUntil(
        lambda: not view.busy and panel.plaintext() == "THIS-IS-A-SECRET", timeout=60000
    )
    assert selector.currentText() == "Detect: A–Z and -"
    assert selector.toolTip().endswith(
        "Detected: A–Z and - (only A–Z; the seed reading is likelier)"
    )
