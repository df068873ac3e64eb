"""Key unknown, substitution: the key as an editable table; fix a pair, preview, re-solve."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cipherlab.core.ciphers import alphabet_named, make_cipher

PLAINTEXT = "The quiet village woke to find the bridge washed away by the flood."
KEY = "UWDRNMZLAPIJSGBKCXQOEHFVTY"
CIPHERTEXT = "Oln ceano hajjuzn fbin ob magr oln wxarzn fuqlnr ufut wt oln mjbbr."
UNAIDED = "The ywiet village more to find the upidge mached amas us the flood."
"""The solver alone: one wrong pair (C→Y, not Q) and the letters it drags along."""
PREVIEW = "The qwiet village more to find the upidge mached amas us the flood."
"""The solver's key with C→Q typed in (V, which decrypted to Q, now decrypts to Y)."""


@pytest.fixture
def panel(decode_panel):
    return decode_panel


def crack_as(qtbot, panel, family, ciphertext):
    view = panel.crackView
    view.crackCipherSelector.setCurrentIndex(view.crackCipherSelector.findData(family))
    panel.set_key_mode("unknown")
    panel.set_ciphertext(ciphertext)
    panel.refresh()
    qtbot.waitUntil(lambda: not view.busy and view.keyCandidates.rowCount() > 0, timeout=60000)
    return view


def test_fixing_a_pair_previews_it_and_re_solving_keeps_it(qtbot, panel):
    letters = alphabet_named("letters")
    assert make_cipher("substitution", KEY, letters).encrypt(PLAINTEXT) == CIPHERTEXT
    view = crack_as(qtbot, panel, "substitution", CIPHERTEXT)
    table = view.keyTable
    assert panel.plaintext() == UNAIDED
    assert table.isVisible() and table.objectName() == "substitutionKeyTable"
    # one column per ciphertext letter of the text, the solver's plaintext letter below
    assert table.letters == list("ABCEFGHIJLMNOQRTUWXZ")
    assert table.plaintext_row() == "IOYWMNVRLHFETCDSAUPG"
    assert table.cell("C").text() == "Y" and table.cell("A").text() == "I"
    assert not table.resolveButton.isEnabled() and table.fixed == {}

    qtbot.keyClicks(table.cell("C"), "q")  # typing fixes C→Q and previews it at once
    assert table.fixed == {"C": "Q"}
    assert table.cell("C").text() == "Q" and table.cell("C").font().bold()
    assert table.cell("C").toolTip() == "fixed: the solver keeps C→Q"
    assert not table.cell("A").font().bold()
    assert (
        panel.plaintext() == "The qwiet village more to find the upidge mached amas us the flood."
    )
    assert panel.decodingView.statusLabel.text() == (
        "Fixed C→Q; the decryption previews the edited key. Re-solve (Ctrl+R) searches the "
        "other letters around C→Q."
    )

    qtbot.keyClicks(table.cell("A"), "q")  # Q is C's: refused, the cell reverts
    assert table.fixed == {"C": "Q"} and table.cell("A").text() == "I"
    assert panel.decodingView.statusLabel.text() == (
        "Refused A→Q: C→Q is fixed, and two ciphertext letters cannot decrypt to the same "
        "plaintext letter. Clear C first."
    )
    assert (
        panel.plaintext() == "The qwiet village more to find the upidge mached amas us the flood."
    )

    view.keyCandidates.selectRow(2)  # another candidate (C→F) gets the fixed pair put in
    assert view.ranking.keys[2].cipher.decrypt("C") == "F"
    third = "The qliet zippace woke to sign the brince waxhen away by the spoon."
    assert panel.plaintext() == third  # its decryption, C→Q put in
    assert table.fixed == {"C": "Q"} and table.cell("C").text() == "Q"
    view.keyCandidates.selectRow(0)
    assert panel.plaintext() == PREVIEW

    assert table.resolveButton.isEnabled()
    assert table.resolveButton.shortcut().toString() == "Ctrl+R"
    said = lambda s: s.startswith("Re-solved")  # noqa: E731
    with qtbot.waitSignal(view.status, timeout=60000, check_params_cb=said) as signal:
        qtbot.mouseClick(table.resolveButton, Qt.MouseButton.LeftButton)
        assert view.busy and not table.isEnabled()  # no edits to a key being re-solved
    assert signal.args == ["Re-solved keeping C→Q."]
    qtbot.waitUntil(lambda: not view.busy, timeout=60000)
    assert panel.plaintext() == PLAINTEXT
    assert view.keyCandidates.item(0, 1).text() == PLAINTEXT[:60]
    for candidate in view.ranking.keys:  # every re-solved key keeps the pair
        assert candidate.cipher.decrypt("C") == "Q"
    assert table.fixed == {"C": "Q"} and table.cell("C").font().bold()
    bars = panel.decodingView.probabilityBars.bar_labels()
    assert "".join(bars) == "".join(c for c in PLAINTEXT if c.isalpha())

    qtbot.mouseClick(table.clearFixedButton, Qt.MouseButton.LeftButton)
    assert table.fixed == {} and not table.cell("C").font().bold()
    assert table.cell("C").text() == "Q"  # the key shown stays
    assert not table.resolveButton.isEnabled()
    assert table.cell("C").toolTip() == (
        "C decrypts to Q (the solver's choice): type a letter to fix the pair"
    )


def test_the_key_table_is_hidden_for_caesar(qtbot, panel):
    view = crack_as(qtbot, panel, "caesar", make_cipher("caesar", "3").encrypt("MEET-ME-AT-DAWN"))
    assert view.keyCandidates.item(0, 0).text() == "+3"
    assert not view.keyTable.isVisible()
