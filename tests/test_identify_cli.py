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


def test_combine_multiplies_the_two_identifiers_and_renormalises():
    from cipherlab.core.cryptanalysis import combine

    floor = 1e-6  # identification.FLOOR: no family is ever certain

    both = combine({"shift": 0.8, "vigenere": 0.2}, {"shift": 0.25, "vigenere": 0.75})
    assert both == pytest.approx({"shift": 4 / 7, "vigenere": 3 / 7}, rel=1e-15)  # .2 : .15
    both = combine({"shift": 0.75, "vigenere": 0.25}, {"shift": 0.5, "vigenere": 0.5})
    assert both == {"shift": 0.75, "vigenere": 0.25}  # a network at chance changes nothing
    # a certain zero in one cannot veto the other: each is raised to the floor first
    both = combine({"shift": 1.0, "vigenere": 0.0}, {"shift": 0.0, "vigenere": 1.0})
    assert both == {"shift": 0.5, "vigenere": 0.5}
    both = combine({"shift": 1.0, "vigenere": 0.0}, {"shift": 1.0, "vigenere": 0.0})
    assert both["vigenere"] == floor * floor / (1 + floor * floor) and both["shift"] < 1
    with pytest.raises(ValueError, match="^the identifiers name different families: "):
        combine({"shift": 1.0}, {"vigenere": 1.0})


@pytest.fixture(scope="module")
def identifier(tmp_path_factory):
    """A cipher identifier trained for 3 steps (its answers are near chance, and exact)."""
    path = tmp_path_factory.mktemp("identifier") / "identifier.safetensors"
    flags = ["--task", "identify", "--steps", "3", "--seq-len", "40", "--no-progress"]
    assert main(["train", *flags, "--out", str(path)]) == 0
    return path


SEED_CAESAR = "WKH-FRPPLWWHH-ZLOO-PHHW-RQ-WXHVGDB-DW-WKH-ROG-PLOO"


def _expected(path, text):
    from cipherlab.core.cryptanalysis import english_baselines, identify
    from cipherlab.core.network import label_probabilities
    from cipherlab.core.settings import IDENTIFY_LABELS
    from cipherlab.core.storage import load_model

    bundle = load_model(path)
    seed = english_baselines("seed")
    classical = identify(text, seed.alphabet, seed.frequencies).probabilities
    p = label_probabilities(bundle.model, seed.alphabet.encode(text).indices, 5)
    network = dict(zip(IDENTIFY_LABELS, p.tolist(), strict=True))
    product = {k: classical[k] * network[k] for k in classical}
    total = sum(product.values())
    return classical, network, {k: v / total for k, v in product.items()}


def test_identify_with_a_model_prints_classical_network_and_combined(capsys, identifier):
    from cipherlab.core.cryptanalysis import LABEL_TITLES, percent_text

    classical, network, combined = _expected(identifier, SEED_CAESAR)
    code, out, err = run(capsys, "identify", "--model", str(identifier), SEED_CAESAR)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 8
    assert lines[0] == " " * 15 + "  classical    network   combined"
    order = sorted(combined, key=lambda k: -combined[k])
    for line, label in zip(lines[1:6], order, strict=True):
        cells = "  ".join(f"{percent_text(p[label]):>9}" for p in (classical, network, combined))
        period = "  period " if label == "vigenere" else ""
        assert line.startswith(f"{LABEL_TITLES[label]:<15}  {cells}{period}")
    assert lines[6].startswith("index of coincidence: 0.")
    assert lines[7] == "letters: 50"  # the hyphens are symbols of seed
    assert err == "alphabet: seed (the model's)\n"


def test_identify_with_a_model_as_json_gives_the_three_distributions(capsys, identifier):
    classical, network, combined = _expected(identifier, SEED_CAESAR)
    code, out, _ = run(capsys, "identify", "--json", "--model", str(identifier), SEED_CAESAR)
    result = json.loads(out)
    assert code == 0 and result["alphabet"] == "seed"
    for key, p in (("classical", classical), ("network", network), ("combined", combined)):
        assert result[key] == {k: round(v, 6) for k, v in sorted(p.items(), key=lambda kv: -kv[1])}
    assert result["family"] == max(combined, key=combined.get)
    assert max(result["combined"].values()) < 1
    # a text written for the other alphabet is read over the model's, and said so
    code, _out, err = run(capsys, "identify", "--model", str(identifier), "Wkh frpplwwhh")
    assert code == 0
    assert err == "alphabet: seed (the model's; the text reads as letters: lower case and spaces)\n"


def test_identify_refuses_a_model_of_another_task_or_alphabet(capsys, identifier):
    from cipherlab.resources import default_model_path

    path = default_model_path()
    code, out, err = run(capsys, "identify", "--model", str(path), SEED_CAESAR)
    assert (code, out) == (1, "")
    assert err == (
        f"cipherlab: error: {path.name} is a decryption model, not a cipher identifier: "
        "identify --model takes a model trained with --task identify.\n"
    )
    code, out, err = run(
        capsys, "identify", "--model", str(identifier), "--alphabet", "letters", "abc"
    )
    assert (code, out) == (1, "")
    assert err == (
        "cipherlab: error: identifier.safetensors reads the seed alphabet, not letters: "
        "leave out --alphabet to use the model's.\n"
    )
