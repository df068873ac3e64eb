"""cipherlab crack and cipherlab sample, with the shipped language models."""

from __future__ import annotations

import json

from cipherlab.cli import main
from cipherlab.core.ciphers import make_cipher


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_crack_prints_the_plaintext_and_the_key_on_stderr(capsys):
    ciphertext = make_cipher("caesar", "9").encrypt("MEET-AT-THE-OLD-MILL-AT-NOON")
    code, out, err = run(capsys, "crack", "--cipher", "caesar", ciphertext)
    assert code == 0 and out == "MEET-AT-THE-OLD-MILL-AT-NOON\n"
    assert err.startswith("key: +9 (ngram key belief")  # the default method: no torch
    assert ciphertext == "VNNBIJBIBQNIXUMIVRUUIJBIWXXW"  # only capitals: both alphabets tried
    assert err.endswith("\nalphabet: seed (detected: only A–Z; the seed reading is likelier)\n")


def test_crack_reads_the_alphabet_of_natural_text_from_the_text(capsys):
    code, out, err = run(
        capsys, "crack", "--cipher", "caesar", "Wkh frpplwwhh zloo phhw rq Wxhvgdb"
    )
    assert code == 0 and out == "The committee will meet on Tuesday\n"
    assert err == (
        "key: +3 (ngram key belief 100.0%)\n"
        "verdict: solved, chance right 99.5% "
        "(It reads as English, well ahead of every other reading.)\n"
        "alphabet: letters (detected: lower case and spaces)\n"
    )


def test_capitals_alone_are_cracked_under_both_alphabets_and_the_likelier_kept(capsys):
    code, out, err = run(
        capsys, "crack", "--cipher", "caesar", "FUVEMVEMNMERPDRF"
    )  # the seed's own ciphertext
    assert code == 0 and out == "THIS-IS-A-SECRET\n"
    assert err == (
        "key: +13 (ngram key belief 100.0%)\n"
        "verdict: solved, chance right 99.5% "
        "(It reads as English, well ahead of every other reading.)\n"
        "alphabet: seed (detected: only A–Z; the seed reading is likelier)\n"
    )


def test_an_explicit_alphabet_wins_over_the_text(capsys):
    code, out, err = run(
        capsys,
        "crack",
        "--cipher",
        "caesar",
        "--alphabet",
        "seed",
        "Wkh frpplwwhh zloo phhw rq Wxhvgdb",
    )
    assert code == 0 and out == "The committee will meet on Tuesdaz\n"  # the old, wrong reading
    assert err.endswith("\nalphabet: seed (--alphabet)\n")
    code, out, err = run(capsys, "crack", "--cipher", "caesar", "--lm",
                         "resources/models/lm-letters.safetensors",
                         "--method", "ngram", "THIS-IS-A-SECRET")  # fmt: skip
    assert code == 0 and err.endswith("\nalphabet: letters (the language model's)\n")


def test_crack_json_says_which_alphabet_and_why(capsys):
    code, out, _ = run(capsys, "crack", "--json", "Wkh frpplwwhh zloo phhw rq Wxhvgdb")
    result = json.loads(out)
    assert code == 0 and result["plaintext"] == "The committee will meet on Tuesday"
    assert (result["alphabet"], result["alphabet_reason"]) == (
        "letters", "detected: lower case and spaces"
    )  # fmt: skip
    code, out, _ = run(capsys, "crack", "--json", "--alphabet", "letters", "FUVEMVEMNMERPDRF")
    result = json.loads(out)
    assert (result["alphabet"], result["alphabet_reason"]) == ("letters", "--alphabet")
    ciphertext = make_cipher("caesar", "13").encrypt("MEET-AT-NOON")
    assert ciphertext == "ZRRFMNFM-AA-"
    code, out, _ = run(capsys, "crack", "--json", ciphertext)
    result = json.loads(out)
    assert result["plaintext"] == "MEET-AT-NOON"
    assert (result["alphabet"], result["alphabet_reason"]) == ("seed", "detected: only A–Z and -")


def test_crack_json_ranks_keys_with_the_one_method_asked_for(capsys):
    plaintext = "ATTACK AT DAWN THE ENEMY WILL CROSS THE RIVER AT FIRST LIGHT SO BE READY"
    text = make_cipher("vigenere", "LEMON", "letters").encrypt(plaintext)
    assert text.startswith("LXFOPV EF RNHR")  # the textbook vector
    code, out, _ = run(capsys, "crack", "--cipher", "vigenere", "--alphabet", "letters",
                       "--json", "--top", "3", "--method", "ngram", text)  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["key"] == "LEMON" and result["plaintext"] == plaintext
    assert result["method"] == "ngram" and result["winners"] == {"ngram": "LEMON"}
    assert len(result["keys"]) == 3 and set(result["keys"][0]["posteriors"]) == {"ngram"}
    assert len(result["confidence"]) == result["symbols"] == len(text.replace(" ", ""))
    for method in ("lm", "auto"):  # auto: 58 letters of Vigenère, where the model pays
        code, out, _ = run(capsys, "crack", "--cipher", "vigenere", "--alphabet", "letters",
                           "--json", "--method", method, text)  # fmt: skip
        result = json.loads(out)  # the language model refines the n-gram search's keys
        assert result["method"] == "lm" and result["winners"] == {"lm": "LEMON", "ngram": "LEMON"}
        assert set(result["keys"][0]["scores"]) == {"lm", "ngram"}
    text = "Wkh frpplwwhh zloo phhw rq Wxhvgdb dw qrrq"
    code, out, _ = run(capsys, "crack", "--json", "--method", "chi2", text)
    result = json.loads(out)
    assert result["plaintext"] == "The committee will meet on Tuesday at noon"
    assert result["winners"] == {"chi2": "3"}


def test_crack_lines_gives_one_answer_per_message(capsys, tmp_path):
    messages = ["ATTACK-AT-DAWN", "THE-RIVER-IS-HIGH-TODAY", "BRING-THE-MAPS"]
    keys = ["3", "11", "20"]
    lines = [make_cipher("caesar", k).encrypt(m) for k, m in zip(keys, messages, strict=True)]
    path = tmp_path / "cryptograms.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "crack", "--cipher", "caesar", "--lines", "--file", str(path))
    assert code == 0 and out.splitlines() == messages
    code, out, _ = run(capsys, "crack", "--cipher", "caesar", "--lines", "--json",
                       "--method", "ngram", "--file", str(path))  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["key"] for r in rows] == keys and {r["method"] for r in rows} == {"ngram"}
    path.write_text("Wkh ulyhu\nFUVEMVEMNMERPDRF\n", encoding="utf-8")  # each line its own
    code, out, _ = run(capsys, "crack", "--cipher", "caesar", "--lines", "--json",
                       "--file", str(path))  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["plaintext"], r["alphabet"]) for r in rows] == [
        ("The river", "letters"), ("THIS-IS-A-SECRET", "seed")
    ]  # fmt: skip


def test_hopeless_input_warns_and_bad_requests_exit_with_one_line(capsys):
    code, out, err = run(capsys, "crack", "123!")
    assert code == 0 and out == "123!\n" and "No alphabet symbols" in err
    code, _, err = run(capsys, "crack", "--max-period", "40", "--cipher", "vigenere", "ABC")
    assert code == 1 and err.strip() == "cipherlab: error: --max-period must be 1 to 32, got 40."
    code, _, err = run(capsys, "crack", "--alphabet", "letters", "--lm",
                       "resources/models/lm-seed.safetensors", "ABC")  # fmt: skip
    assert code == 1 and "reads the seed alphabet, not letters" in err
    code, _, err = run(capsys, "crack", "--lm", "resources/models/default.safetensors", "ABC")
    assert code == 1 and "decrypts one cipher; --lm needs a language model" in err


def test_sample_is_repeatable_text_of_the_alphabet(capsys):
    code, out, _ = run(capsys, "sample", "--length", "80", "--temperature", "0.7", "--seed", "4")
    again = run(capsys, "sample", "--length", "80", "--temperature", "0.7", "--seed", "4")[1]
    assert code == 0 and out == again and len(out.strip()) == 80
    assert set(out.strip()) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
    code, _, err = run(capsys, "sample", "--temperature", "0")
    assert code == 1 and "temperature" in err


class Terminal:
    """A standard error that says it is a terminal, keeping what is written."""

    def __init__(self):
        self.written = []

    def isatty(self):
        return True

    def write(self, text):
        self.written.append(text)

    def flush(self):
        pass


def test_sample_counts_its_symbols_on_a_terminal_and_not_in_a_pipe(capsys, monkeypatch):
    import sys

    from cipherlab import crack_command

    monkeypatch.setattr(crack_command, "PROGRESS_DELAY_S", 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["sample", "--length", "3000", "--seed", "1"]) == 0
    assert terminal.written[0].startswith("\r  0%|") and "/3000 [" in terminal.written[0]
    out = capsys.readouterr().out
    # a listed word the model spells is masked letter for letter (this sample spells one)
    assert len(out) == 3001 and set(out.strip()) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ-•")
    assert "-•••-" in out
    monkeypatch.undo()
    assert main(["sample", "--length", "3000", "--seed", "1"]) == 0
    assert capsys.readouterr() == (out, "")  # the same text; no bar when not a terminal


def test_the_default_method_answers_without_torch_or_counting():
    import subprocess
    import sys

    script = (
        "import sys; from cipherlab.cli import main; "
        "code = main(['crack', 'Wkh frpplwwhh zloo phhw rq Wxhvgdb']); "
        "print('torch' in sys.modules, 'cipherlab.core.learning' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "The committee will meet on Tuesday\nFalse False\n"
    assert "\nkey: +3 (ngram key belief 100.0%)\nverdict: solved, " in done.stderr


def test_json_states_the_chance_right_and_no_letter_claims_more(capsys):
    code, out, _ = run(capsys, "crack", "--json", "--cipher", "vigenere", "Qhvvh qh vhfuhw")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "too short to trust"
    assert data["verdict_reason"] == "Only 13 letters: several readings fit."
    chance = data["chance_right"]
    assert 0 < chance < 0.6
    assert max(data["confidence"]) <= round(chance + (1 - chance) / 26, 4)


def test_the_default_method_asks_the_language_model_only_where_it_pays(capsys):
    code, out, err = run(capsys, "crack", "--cipher", "affine", "Vhqg dupv")
    assert (code, out) == (0, "Send arms\n") and "(lm key belief" in err  # 8 letters: lm
    long = make_cipher("affine", "5,8", "letters").encrypt(
        "Send arms and food to the northern camp before the snow closes the pass"
    )
    code, out, err = run(capsys, "crack", "--cipher", "affine", long)
    assert out.startswith("Send arms and food") and "(ngram key belief" in err  # 59: ngram
