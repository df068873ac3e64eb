"""cipherlab identify, and cipherlab crack without --cipher (identify, then crack)."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
import pytest

from cipherlab.cli import main
from cipherlab.core.ciphers import alphabet_named, make_cipher
from cipherlab.core.text import prose_messages


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _vigenere_lemon() -> tuple[str, str]:
    letters = alphabet_named("letters")
    rng = np.random.default_rng(3)
    plain = prose_messages("fortunes", "calibration", 1, 200, letters, rng)[0]
    return plain, make_cipher("vigenere", "LEMON", letters).encrypt(plain)


def test_identify_prints_each_family_most_likely_first(capsys):
    _plain, text = _vigenere_lemon()
    code, out, err = run(capsys, "identify", text)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 7
    assert lines[0].startswith("Vigenère ") and "  period 5 (" in lines[0]
    titles = [line[:18].strip() for line in lines[:5]]
    assert sorted(titles) == [
        "Autokey", "Plain English", "Shift or affine", "Substitution", "Vigenère"
    ]  # fmt: skip
    assert lines[5].startswith("index of coincidence: 0.0")
    assert lines[5].endswith("(English 0.0642, random 0.0385)")
    assert lines[6] == "letters: 200"
    assert err == "alphabet: letters (detected: lower case, spaces and punctuation)\n"


def test_identify_json_and_standard_input(capsys, monkeypatch, tmp_path):
    _plain, text = _vigenere_lemon()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "identify", "--json", "-")
    result = json.loads(out)
    assert code == 0 and result["family"] == "vigenere" and result["vigenere_period"] == 5
    assert list(result["probabilities"])[0] == "vigenere"
    assert sum(result["probabilities"].values()) == pytest.approx(1, abs=1e-5)
    assert max(result["probabilities"].values()) < 1
    assert result["symbols"] == 200 and result["alphabet"] == "letters"
    assert result["english_ioc"] == 0.064227 and result["random_ioc"] == 0.038462
    path = tmp_path / "message.txt"
    path.write_text("Wkh frpplwwhh zloo phhw rq Wxhvgdb dw wkh rog plo", encoding="utf-8")
    code, out, _ = run(capsys, "identify", "--json", "--file", str(path))
    assert code == 0 and json.loads(out)["family"] == "shift"


def test_crack_without_cipher_identifies_then_cracks_and_reports_both(capsys):
    plain, text = _vigenere_lemon()
    code, out, err = run(capsys, "crack", "--method", "ngram", text)
    assert code == 0 and out == plain + "\n"
    lines = err.splitlines()
    assert lines[0].startswith("cipher: vigenere (identified, ") and lines[0].endswith(
        " %, period 5)"
    )
    assert lines[1].startswith("key: LEMON (ngram key belief ")
    code, out, _ = run(capsys, "crack", "--json", "--method", "ngram", text)
    result = json.loads(out)
    assert result["cipher"] == "vigenere" and result["key"] == "LEMON"
    assert result["identification"]["family"] == "vigenere"
    assert result["identification"]["cracked_as"] == "vigenere"
    assert result["identification"]["vigenere_period"] == 5


def test_an_explicit_cipher_wins_over_identification(capsys):
    _plain, text = _vigenere_lemon()
    code, _out, err = run(capsys, "crack", "--cipher", "caesar", "--method", "ngram", text)
    assert code == 0 and not err.startswith("cipher:")
    assert "identification" not in json.loads(
        run(capsys, "crack", "--cipher", "caesar", "--json", "--method", "ngram", text)[1]
    )


def test_a_caesar_shift_is_identified_then_cracked_with_a_caesar_key(capsys):
    code, out, err = run(capsys, "crack", "Wkh frpplwwhh zloo phhw rq Wxhvgdb dw wkh rog plo")
    assert code == 0 and out == "The committee will meet on Tuesday at the old mil\n"
    assert err.startswith("cipher: shift (identified, ")
    assert "\nkey: +3 (ngram key belief " in err
