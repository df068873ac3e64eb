"""Key unknown, substitution: the key as an editable table; fix a pair, preview, re-solve."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cipherlab.core.ciphers import alphabet_named, make_cipher

PLAINTEXT = "The quiet village woke to find the bridge washed away by the flood."
KEY = "UWDRNMZLAPIJSGBKCXQOEHFVTY"
CIPHERTEXT = "Oln ceano hajjuzn fbin ob magr oln wxarzn fuqlnr ufut wt oln mjbbr."
UNAIDED = "The quiet village done to fibr the pzirge dasher adam pm the floor."
"""The solver alone: one wrong pair (R→R, not D) and the letters it drags along."""
PREVIEW = "The quiet village rone to fibd the pzidge rashed aram pm the flood."
"""The solver's key with R→D typed in (F, which decrypted to D, now decrypts to R)."""


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
    assert table.plaintext_row() == "IOQUDBVNLHFETSRMAPZG"
    assert table.cell("R").text() == "R" and table.cell("A").text() == "I"
    assert not table.resolveButton.isEnabled() and table.fixed == {}

    qtbot.keyClicks(table.cell("R"), "d")  # typing fixes R→D and previews it at once
    assert table.fixed == {"R": "D"}
    assert table.cell("R").text() == "D" and table.cell("R").font().bold()
    assert table.cell("R").toolTip() == "fixed: the solver keeps R→D"
    assert not table.cell("A").font().bold()
    assert panel.plaintext() == PREVIEW
    assert panel.decodingView.statusLabel.text() == (
        "Fixed R→D; the decryption previews the edited key. Re-solve (Ctrl+R) searches the "
        "other letters around R→D."
    )

    qtbot.keyClicks(table.cell("A"), "d")  # D is R's: refused, the cell reverts
    assert table.fixed == {"R": "D"} and table.cell("A").text() == "I"
    assert panel.decodingView.statusLabel.text() == (
        "Refused A→D: R→D is fixed, and two ciphertext letters cannot decrypt to the same "
        "plaintext letter. Clear R first."
    )
    assert panel.plaintext() == PREVIEW

    view.keyCandidates.selectRow(2)  # another candidate (R→K) gets the fixed pair put in
    assert view.ranking.keys[2].cipher.decrypt("R") == "K"
    third = "The quiet zippane wore to sicd the mkidne waghed away my the spood."
    assert panel.plaintext() == third  # its decryption, R→D put in
    assert table.fixed == {"R": "D"} and table.cell("R").text() == "D"
    view.keyCandidates.selectRow(0)
    assert panel.plaintext() == PREVIEW

    assert table.resolveButton.isEnabled()
    assert table.resolveButton.shortcut().toString() == "Ctrl+R"
    said = lambda s: s.startswith("Re-solved")  # noqa: E731
    with qtbot.waitSignal(view.status, timeout=60000, check_params_cb=said) as signal:
        qtbot.mouseClick(table.resolveButton, Qt.MouseButton.LeftButton)
        assert view.busy and not table.isEnabled()  # no edits to a key being re-solved
    assert signal.args == ["Re-solved keeping R→D."]
    qtbot.waitUntil(lambda: not view.busy, timeout=60000)
    assert panel.plaintext() == PLAINTEXT
    assert view.keyCandidates.item(0, 1).text() == PLAINTEXT[:60]
    for candidate in view.ranking.keys:  # every re-solved key keeps the pair
        assert candidate.cipher.decrypt("R") == "D"
    assert table.fixed == {"R": "D"} and table.cell("R").font().bold()
    bars = panel.decodingView.probabilityBars.bar_labels()
    assert "".join(bars) == "".join(c for c in PLAINTEXT if c.isalpha())

    qtbot.mouseClick(table.clearFixedButton, Qt.MouseButton.LeftButton)
    assert table.fixed == {} and not table.cell("R").font().bold()
    assert table.cell("R").text() == "D"  # the key shown stays
    assert not table.resolveButton.isEnabled()
    assert table.cell("R").toolTip() == (
        "R decrypts to D (the solver's choice): type a letter to fix the pair"
    )


def test_the_key_table_is_hidden_for_caesar(qtbot, panel):
    view = crack_as(qtbot, panel, "caesar", make_cipher("caesar", "3").encrypt("MEET-ME-AT-DAWN"))
    assert view.keyCandidates.item(0, 0).text() == "+3"
    assert not view.keyTable.isVisible()
