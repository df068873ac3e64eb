"""``cipherlab train`` on any task: --cipher, --key, --alphabet and --data."""

import json

import pytest

from cipherlab.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "flags, rule",
    [
        (["--cipher", "vigenere", "--key", "LEM0N"], "A Vigenère key may only use the symbols"),
        (["--cipher", "affine", "--key", "3,1"], "a = 3 shares a factor with 27"),
        (["--cipher", "vigenere", "--key", ""], "A Vigenère key is a keyword of 1 to 32"),
        (["--cipher", "rot13", "--alphabet", "seed"], "ROT13 works on the letters A–Z only"),
    ],
)
def test_a_bad_key_exits_2_with_one_line_naming_the_rule(capsys, tmp_path, flags, rule):
    out = tmp_path / "m.safetensors"
    code, stdout, err = run(capsys, "train", *flags, "--out", str(out))
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and rule in err
    assert not out.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"abc", "three.txt is too short: 3 symbols of text after normalising, and 32-symbol "),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "three.txt is a binary file, not text"),
    ],
)
def test_a_bad_data_file_fails_in_one_line_before_training(capsys, tmp_path, content, message):
    path = tmp_path / "three.txt"
    path.write_bytes(content)
    code, stdout, err = run(capsys, "train", "--data", str(path), "--json")
    assert code == 1 and stdout == ""
    assert err.strip().splitlines() == [f"cipherlab: error: {err.split('error: ', 1)[1].strip()}"]
    assert message in err


def test_train_a_vigenere_model_on_english_text(capsys, tmp_path):
    flags = ["--cipher", "vigenere", "--key", "abc", "--data", "english", "--steps", "3"]
    code, stdout, _ = run(capsys, "train", *flags, "--json", "--seed", "2")
    assert code == 0
    config = json.loads(stdout)["config"]
    assert {k: config[k] for k in ("cipher", "key", "alphabet", "data")} == {
        "cipher": "vigenere",
        "key": "abc",
        "alphabet": "seed",
        "data": "english",
    }
    code, stdout, _ = run(capsys, "train", "--cipher", "rot13", "--steps", "2", "--json")
    assert json.loads(stdout)["config"]["alphabet"] == "letters"  # rot13's own alphabet


def test_train_on_a_text_file_records_the_task_in_the_model(capsys, tmp_path):
    book = tmp_path / "book.txt"
    book.write_text("The quick brown fox jumps over the lazy dog. " * 20, encoding="utf-8")
    out = tmp_path / "m.safetensors"
    flags = ["--cipher", "atbash", "--data", str(book), "--steps", "2", "--out", str(out)]
    code, stdout, err = run(capsys, "train", *flags, "--no-progress")
    if code == 1:  # model files of format 1 store Caesar only: refused before training
        assert (
            err.strip()
            .splitlines()[-1]
            .endswith(
                "cannot store Atbash ciphers yet, so --out "
                f"{out} would fail after training; nothing was trained (run without --out to train "
                "anyway)."
            )
        )
        assert "training:" not in err and not out.exists()
        return
    assert code == 0, err
    assert "training: Atbash, A–Z and -, " in err
    from cipherlab.core.storage import load_model

    training = load_model(out).metadata["training"]
    assert (training["cipher"], training["data"]) == ("atbash", "file")
    assert training["data_path"] == "book.txt"  # its name only: model files are shared
