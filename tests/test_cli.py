"""The ``cipherlab`` command: encrypt, decode, train, errors."""

import json
import subprocess
import sys

import pytest

from cipherlab.cli import build_parser, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_encrypt(capsys):
    assert run(capsys, "encrypt", "THIS-IS-A-SECRET") == (0, "FUVEMVEMNMERPDRF\n", "")
    assert run(capsys, "encrypt", "--cipher", "rot13", "Hello")[1] == "Uryyb\n"


def test_encrypt_and_decrypt_every_family(capsys):
    assert run(capsys, "encrypt", "--cipher", "caesar27", "THIS-IS-A-SECRET")[1] == (
        "FUVEMVEMNMERPDRF\n"
    )
    assert run(capsys, "decrypt", "FUVEMVEMNMERPDRF") == (0, "THIS-IS-A-SECRET\n", "")
    assert run(capsys, "decrypt", "--cipher", "rot13", "Uryyb")[1] == "Hello\n"
    vigenere = ["--cipher", "vigenere", "--key", "lemon", "--alphabet", "letters"]
    assert run(capsys, "encrypt", *vigenere, "Attack at dawn!")[1] == "Lxfopv ef rnhr!\n"
    assert run(capsys, "decrypt", *vigenere, "Lxfopv ef rnhr!")[1] == "Attack at dawn!\n"
    caesar = ["--cipher", "caesar", "--key", "-3", "--alphabet", "letters"]
    assert run(capsys, "encrypt", *caesar, "THE QUICK")[1] == "QEB NRFZH\n"
    assert run(capsys, "encrypt", "--cipher", "caesar27", "--key", "1", "AZ-")[1] == "B-A\n"
    assert run(capsys, "encrypt", "--alphabet", "letters", "HELLO")[1] == "KHOOR\n"  # caesar 3
    from cipherlab.core.ciphers import FAMILIES

    text = "The quick brown fox, 👋 jumps over the lazy dog!"
    for family in FAMILIES:
        for alphabet in ("letters",) if family == "rot13" else ("seed", "letters"):
            flags = ["--cipher", family, "--alphabet", alphabet]
            code, secret, err = run(capsys, "encrypt", *flags, text)
            assert code == 0 and err == "" and secret != text + "\n"
            assert run(capsys, "decrypt", *flags, secret[:-1]) == (0, text + "\n", "")


def test_decrypt_reads_files_and_standard_input(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("QNXEPV YT WTWP\n", encoding="utf-8")
    flags = ["--cipher", "autokey", "--alphabet", "letters"]
    assert cli("decrypt", *flags, "--file", str(path)).stdout == b"ATTACK AT DAWN\n"
    affine = ["--cipher", "affine", "--key", "5,8", "--alphabet", "letters"]
    proc = cli("decrypt", *affine, "-", stdin=b"ihhwvcswfrcp\r\n")
    assert proc.returncode == 0 and proc.stdout == b"affinecipher\r\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--cipher", "affine", "--key", "13,8", "--alphabet", "letters"],
            "argument --key: a = 13 shares a factor with 26, the alphabet size, so it cannot be "
            "undone; a must be one of 1, 3, 5, 7, 9, 11, 15, 17, 19, 21, 23, 25.",
        ),
        (
            ["--cipher", "caesar", "--key", "three"],
            "argument --key: A Caesar key is a whole number of symbols, such as 3 or -3; "
            "got 'three'.",
        ),
        (
            ["--cipher", "vigenere", "--key", ""],
            "argument --key: A Vigenère key is a keyword of 1 to 32 symbols; it is empty.",
        ),
        (
            [
                "--cipher",
                "substitution",
                "--key",
                "ABCDEFGHIJKLMNOPQRSTUVWXYA",
                "--alphabet",
                "letters",
            ],
            "argument --key: A substitution permutation must use each of the 26 symbols A–Z "
            "once; it repeats A and lacks Z.",
        ),
        (["--cipher", "atbash", "--key", "K"], "argument --key: Atbash takes no key; got 'K'."),
        (
            ["--cipher", "rot13", "--alphabet", "seed"],
            "argument --alphabet: ROT13 works on the letters A–Z only, not A–Z and -; use caesar "
            "with key 13 for other alphabets.",
        ),
        (
            ["--cipher", "caesar27", "--alphabet", "letters"],
            "argument --alphabet: caesar27 is Caesar over the seed alphabet A–Z and -; use "
            "--cipher caesar --alphabet letters.",
        ),
    ],
)
def test_a_bad_key_is_a_one_line_usage_error(capsys, argv, message):
    for command in ("encrypt", "decrypt"):
        with pytest.raises(SystemExit) as exc:
            main([command, *argv, "ABC"])
        out, err = capsys.readouterr()
        assert exc.value.code == 2 and out == ""
        assert err == f"cipherlab {command}: error: {message} (see cipherlab {command} --help)\n"


def test_cipher_help_lists_every_family_and_its_key_rule():
    from cipherlab.core.ciphers import FAMILIES

    parser = build_parser()._subparsers._group_actions[0].choices["decrypt"]
    help_text = parser.format_help()
    for name, cls in FAMILIES.items():
        assert f"  {name:<13} {cls.key_rule}" in help_text
    assert "caesar27" in help_text and "QUEENLY" in help_text


def test_decode_json_is_compact_by_default_and_streams_long_texts(capsys):
    from cipherlab.core.ciphers import SEED_CIPHER

    code, out, _ = run(capsys, "decode", "--json", "fu 👋!")
    data = json.loads(out)
    assert code == 0 and data["plaintext"] == "th 👋!" and data["ciphertext"] == "fu 👋!"
    first = data["symbols"][0]
    assert list(first) == ["position", "ciphertext", "plaintext", "probability", "top"]
    assert len(first["top"]) == 5 and next(iter(first["top"])) == "T"
    assert all(round(p, 4) == p for p in first["top"].values())
    plain = "THE-QUICK-BROWN-FOX " * 20_000  # 400,000 characters: several pieces
    code, out, _ = run(capsys, "decode", "--json", SEED_CIPHER.encrypt(plain))
    data = json.loads(out)
    assert data["plaintext"] == plain and len(data["symbols"]) == 380_000
    assert [s["position"] for s in data["symbols"][-2:]] == [399_997, 399_998]


def test_decode_with_shipped_model(capsys):
    assert run(capsys, "decode", "FUVEMVEMNMERPDRF")[1] == "THIS-IS-A-SECRET\n"


def test_decode_json_has_probabilities_that_sum_to_one(capsys):
    code, out, _ = run(capsys, "decode", "--json", "--full", "fu 👋!")
    data = json.loads(out)
    assert code == 0 and data["plaintext"] == "th 👋!"
    assert [s["position"] for s in data["symbols"]] == [0, 1]
    for symbol in data["symbols"]:
        assert sum(symbol["probabilities"].values()) == pytest.approx(1.0, abs=1e-4)
        assert symbol["probabilities"][symbol["plaintext"].upper()] == pytest.approx(
            symbol["probability"], abs=1e-6
        )


def test_train_writes_a_model_that_decodes(capsys, tmp_path):
    out_file = tmp_path / "m.safetensors"
    code, out, _ = run(
        capsys,
        "train",
        "--preset",
        "fast",
        "--steps",
        "120",
        "--seed",
        "4",
        "--out",
        str(out_file),
        "--no-progress",
    )
    assert code == 0
    assert "validation accuracy: 100.00% after 120 steps" in out
    assert run(capsys, "decode", "--model", str(out_file), "fuvem")[1] == "this-\n"
    from cipherlab.core.storage import load_model

    meta = load_model(out_file).metadata
    assert (
        meta["command"] == f"cipherlab train --preset fast --steps 120 --seed 4 --out "
        f"{out_file} --no-progress"
    )
    assert meta["training"]["batch_size"] == 32


def test_bad_model_file_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a model")
    code, out, err = run(capsys, "decode", "--model", str(bad), "ABC")
    assert code == 1 and out == ""
    assert err.startswith("cipherlab: error: bad.safetensors is truncated or not a safetensors")


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--batch-size", "0"], "Batch size must be at least 1, got 0."),
        (["--learning-rate", "-1"], "Learning rate must be greater than 0, got -1.0."),
        (["--learning-rate", "nan"], "Learning rate must be a finite number"),
        (["--cell", "transformer"], "Cell type must be one of lstm, gru, rnn"),
        (["--target-accuracy", "99"], "a percentage like 99%"),
    ],
)
def test_invalid_hyperparameter_is_a_usage_error(capsys, argv, reason):
    with pytest.raises(SystemExit) as exc:
        main(["train", *argv])
    assert exc.value.code == 2
    assert reason in capsys.readouterr().err


def test_diverging_run_is_an_error_and_saves_nothing(capsys, tmp_path):
    out_file = tmp_path / "m.safetensors"
    code, out, err = run(
        capsys, "train", "--learning-rate", "1000", "--no-progress", "--out", str(out_file)
    )
    assert code == 1 and out == ""
    assert "non-finite or exploded" in err and "Nothing was saved." in err
    assert not out_file.exists()


def test_train_json_with_target_accuracy(capsys):
    code, out, _ = run(
        capsys,
        "train",
        "--preset",
        "fast",
        "--target-accuracy",
        "100%",
        "--target-patience",
        "2",
        "--json",
        "--seed",
        "1",
    )
    result = json.loads(out)
    assert code == 0 and result["target_reached"] is True
    assert result["final_val_accuracy"] == 1.0
    assert result["steps"] < 400 and result["steps"] % 10 == 0
    assert result["examples_seen"] == result["steps"] * 32
    assert 0 < result["training_seconds"] < 60
    assert result["config"]["cell"] == "lstm"


def test_every_hyperparameter_has_a_flag():
    from cipherlab.core.settings import FIELDS

    help_text = build_parser()._subparsers._group_actions[0].choices["train"].format_help()
    for name in FIELDS:
        assert f"--{name.replace('_', '-')}" in help_text


def test_console_script_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "encrypt", "abc"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (0, "nop\n")


def test_info_prints_the_model_card(capsys):
    from cipherlab.resources import default_model_path

    code, out, err = run(capsys, "info", str(default_model_path()))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["Name:", "default"]
    assert "Cipher:              Caesar +13, A–Z and -" in lines
    assert "Validation accuracy: 100.0%" in lines
    assert any(line.startswith("Versions:") and "torch" in line for line in lines)
    code, out, _ = run(capsys, "info", "--json", str(default_model_path()))
    assert json.loads(out)["Steps trained"] == "1,500"


def test_info_on_a_bad_file_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"\x80\x02}q\x00.")
    code, out, err = run(capsys, "info", str(bad))
    assert code == 1 and out == ""
    assert err.startswith("cipherlab: error: model.pt looks like a PyTorch pickle")


def cli(*argv, stdin: bytes = b""):
    return subprocess.run(
        [sys.executable, "-m", "cipherlab", *argv], input=stdin, capture_output=True, timeout=120
    )


def test_standard_input_follows_the_same_utf8_rule_as_files(tmp_path):
    proc = cli("decode", "-", stdin="café\n".encode("latin-1"))
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "cipherlab: error: standard input is not UTF-8 text (byte 0xe9 at offset 3); save it as "
        "UTF-8 and try again.\n"
    )


def test_piped_text_comes_back_byte_for_byte_apart_from_the_cipher():
    text = "HELLO\r\nWORLD\n\nvoilà 👋\n"
    proc = cli("encrypt", "--cipher", "rot13", "-", stdin=text.encode())
    assert proc.returncode == 0 and proc.stdout.decode() == "URYYB\r\nJBEYQ\n\nibvyà 👋\n"
    assert cli("decode", "-", stdin=b"FUVEM\n").stdout == b"THIS-\n"


def test_a_missing_file_is_one_plain_line(capsys):
    assert main(["decode", "--file", "nope.txt"]) == 1
    assert capsys.readouterr().err == "cipherlab: error: nope.txt: no such file.\n"


def test_a_usage_error_is_one_line_that_says_where_help_is(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--batch-size", "0"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cipherlab train: error: argument --batch")
    assert err.endswith("(see cipherlab train --help)\n")


def test_training_without_out_says_at_once_that_nothing_will_be_saved(capsys):
    assert main(["train", "--steps", "2", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: no --out given, so the trained model will not be saved")


def test_train_uses_the_windows_thread_rule_by_default(capsys, qtbot):
    import torch

    from cipherlab.core.settings import default_threads
    from cipherlab.gui.training import TrainingSettings

    train = build_parser()._subparsers._group_actions[0].choices["train"]
    form = TrainingSettings()
    qtbot.addWidget(form)
    assert train.parse_args([]).threads == default_threads() == form.threads.value()
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(max(2, before))
        assert main(["train", "--steps", "1", "--no-progress"]) == 0
        assert torch.get_num_threads() == default_threads()
        torch.set_num_threads(max(2, before))  # the commands that run a model take it too
        assert main(["decode", "FUVEMVEMNMERPDRF"]) == 0
        assert torch.get_num_threads() == default_threads()
    finally:
        torch.set_num_threads(before)
