"""The ``cipherlab`` command: encrypt, decode, train, errors."""

import json
import subprocess
import sys

import pytest

from cipherlab.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_encrypt(capsys):
    assert run(capsys, "encrypt", "THIS-IS-A-SECRET") == (0, "FUVEMVEMNMERPDRF\n", "")
    assert run(capsys, "encrypt", "--cipher", "rot13", "Hello")[1] == "Uryyb\n"


def test_decode_with_shipped_model(capsys):
    assert run(capsys, "decode", "FUVEMVEMNMERPDRF")[1] == "THIS-IS-A-SECRET\n"


def test_decode_json_has_probabilities_that_sum_to_one(capsys):
    code, out, _ = run(capsys, "decode", "--json", "fu 👋!")
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
    from core.modelfile import load_model

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


def test_invalid_hyperparameter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["train", "--batch-size", "0"])
    assert exc.value.code == 2
    assert "must be >= 1" in capsys.readouterr().err
    code, _, err = run(capsys, "train", "--learning-rate", "-1", "--no-progress")
    assert code == 1 and "learning_rate must be a positive number" in err


def test_console_script_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "encrypt", "abc"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (0, "nop\n")
