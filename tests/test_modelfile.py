"""Model files: round trip, corrupt and mismatched files, pickles, atomic writes, size, metadata."""

import json
import os
import pickle
import struct
import time
from dataclasses import replace

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

import cipherlab.core.storage.model_file as modelfile
from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.network import CipherRNN
from cipherlab.core.settings import ModelConfig
from cipherlab.core.storage import (
    MAX_FILE_BYTES,
    ModelBundle,
    ModelFileError,
    load_model,
    save_model,
)
from cipherlab.resources import default_model_path


def test_round_trip(tmp_path, tiny_bundle):
    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    loaded = load_model(path)
    for key, value in tiny_bundle.model.state_dict().items():
        assert torch.equal(loaded.model.state_dict()[key], value)
    assert loaded.cipher == SEED_CIPHER
    assert loaded.metadata["metrics"] == tiny_bundle.metadata["metrics"]
    assert loaded.model.config == tiny_bundle.model.config


def test_shipped_model_decodes_the_seed_example():
    from cipherlab.core.network import decode

    bundle = load_model(default_model_path())
    assert (
        decode(bundle.model, bundle.cipher.alphabet, "FUVEMVEMNMERPDRF").plaintext
        == "THIS-IS-A-SECRET"
    )
    assert bundle.metadata["command"].startswith("cipherlab train ")


def test_truncated_file(tmp_path, tiny_bundle):
    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ModelFileError, match="truncated"):
        load_model(path)


def _write_raw(path, tensors, meta):
    save_file(tensors, str(path), metadata={"cipherlab": json.dumps(meta)})


def _meta(config, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-"):
    return {
        "format": "cipherlab-model",
        "format_version": 1,
        "config": config.to_dict(),
        "cipher": {"kind": "caesar", "shift": 13, "alphabet": alphabet},
    }


def test_wrong_tensor_shape(tmp_path):
    tensors = CipherRNN(ModelConfig(hidden_size=12)).state_dict()
    _write_raw(tmp_path / "m.safetensors", tensors, _meta(ModelConfig(hidden_size=10)))
    with pytest.raises(ModelFileError, match=r"tensor .* has shape"):
        load_model(tmp_path / "m.safetensors")


def test_alphabet_disagrees_with_vocab(tmp_path):
    config = ModelConfig()
    _write_raw(
        tmp_path / "m.safetensors",
        CipherRNN(config).state_dict(),
        _meta(config, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    )
    with pytest.raises(ModelFileError, match="alphabet has 26 symbols but .* size is 27"):
        load_model(tmp_path / "m.safetensors")


def test_nan_weights(tmp_path):
    config = ModelConfig()
    tensors = CipherRNN(config).state_dict()
    tensors["linear.bias"][3] = float("nan")
    _write_raw(tmp_path / "m.safetensors", tensors, _meta(config))
    with pytest.raises(ModelFileError, match="NaN or infinite weights in linear.bias"):
        load_model(tmp_path / "m.safetensors")


class _Marker:
    def __reduce__(self):
        return (open, (os.environ["CIPHERLAB_MARKER"], "w"))


@pytest.mark.parametrize("suffix", [".pt", ".safetensors"])
def test_pickle_is_refused_and_never_run(tmp_path, monkeypatch, suffix):
    marker = tmp_path / "marker"
    monkeypatch.setenv("CIPHERLAB_MARKER", str(marker))
    path = tmp_path / f"evil{suffix}"
    path.write_bytes(pickle.dumps(_Marker(), protocol=2))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(path)
    assert not marker.exists()


def test_interrupted_save_keeps_the_previous_file(tmp_path, tiny_bundle, monkeypatch):
    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    before = path.read_bytes()

    def failing_replace(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    other = ModelBundle(CipherRNN(ModelConfig()), SEED_CIPHER, {})
    with pytest.raises(ModelFileError, match="No space left"):
        save_model(path, other)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.safetensors"]
    load_model(path)


def test_not_our_file(tmp_path):
    save_file({"x": torch.zeros(2)}, str(tmp_path / "other.safetensors"))
    with pytest.raises(ModelFileError, match="not a Cipher Lab model"):
        load_model(tmp_path / "other.safetensors")
    with pytest.raises(ModelFileError, match="Cannot open"):
        load_model(tmp_path / "missing.safetensors")


def test_round_trip_keeps_weights_and_all_metadata(tmp_path, tiny_bundle):
    meta = {
        "training": {"preset": "fast", "seq_len": 32, "learning_rate": 0.03},
        "metrics": {"val_accuracy": 0.75, "steps": 150, "examples_seen": 4800},
        "versions": {"python": "3.x", "torch": "2.x"},
        "created": "2026-01-01T00:00:00+00:00",
        "command": "cipherlab train --steps 150",
    }
    path = tmp_path / "m.safetensors"
    save_model(path, ModelBundle(tiny_bundle.model, tiny_bundle.cipher, meta))
    loaded = load_model(path)
    assert loaded.metadata == meta
    state = tiny_bundle.model.state_dict()
    assert all(torch.equal(loaded.model.state_dict()[k], v) for k, v in state.items())


def test_a_safetensors_header_length_ending_in_0x80_is_not_a_pickle(tmp_path, tiny_bundle):
    """The pickle check used to look at the first byte only: 1 save in 32 was refused."""
    for pad in range(300):
        bundle = replace(tiny_bundle, metadata={**tiny_bundle.metadata, "pad": "x" * pad})
        path = tmp_path / "m.safetensors"
        save_model(path, bundle)
        head = path.read_bytes()[:8]
        if head[0] == 0x80:
            break
    else:
        pytest.fail("no padding gave a header length ending in 0x80")
    assert struct.unpack("<Q", head)[0] % 256 == 0x80
    assert load_model(path).metadata["pad"] == "x" * pad


def test_a_model_too_big_to_open_is_not_saved(tmp_path, tiny_bundle, monkeypatch):
    monkeypatch.setattr(modelfile, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ModelFileError, match="not saved"):
        save_model(tmp_path / "m.safetensors", tiny_bundle)
    assert not (tmp_path / "m.safetensors").exists()
    assert MAX_FILE_BYTES >= 2**27


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("key", 13.9, "Caesar key must be a whole number"),
        ("val_accuracy", float("nan"), "val_accuracy must be a number in"),
    ],
)
def test_model_file_metadata_with_odd_numbers_is_refused(
    tmp_path, tiny_bundle, field, value, words
):
    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    with safe_open(str(path), "pt") as fh:
        meta = json.loads(fh.metadata()["cipherlab"])
    if field == "key":
        meta["cipher"]["key"] = value
    else:
        meta["metrics"]["val_accuracy"] = value
    save_file(load_file(str(path)), str(path), metadata={"cipherlab": json.dumps(meta)})
    with pytest.raises(ModelFileError, match=words):
        load_model(path)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 3])
def test_expected_shapes_are_the_modules_own(cell, layers):
    """Worked out without building a module (files are checked before anything is built)."""
    from cipherlab.core.network import expected_shapes

    config = ModelConfig(cell=cell, num_layers=layers, embedding_dim=7, hidden_size=11)
    real = {k: tuple(v.shape) for k, v in CipherRNN(config).state_dict().items()}
    assert list(expected_shapes(config).items()) == list(real.items())


def test_weights_too_large_to_compute_with_are_not_saved(tmp_path, tiny_bundle):
    model = CipherRNN(tiny_bundle.model.config)
    model.load_state_dict(tiny_bundle.model.state_dict())
    with torch.no_grad():
        model.linear.weight.mul_(1e38)
    with pytest.raises(ModelFileError, match="too large to compute with in linear.weight"):
        save_model(tmp_path / "m.safetensors", ModelBundle(model, SEED_CIPHER, {}))
    assert list(tmp_path.iterdir()) == []


def test_metadata_that_would_be_refused_on_load_is_not_saved(tmp_path, tiny_bundle):
    bundle = replace(tiny_bundle, metadata={"metrics": {"steps": -1}})
    with pytest.raises(ModelFileError, match="not saved: .*metrics steps must be a whole"):
        save_model(tmp_path / "m.safetensors", bundle)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit, RuntimeError])
def test_a_save_interrupted_mid_write_leaves_no_temporary_file(
    tmp_path, tiny_bundle, monkeypatch, interrupt
):
    """Ctrl+C during `cipherlab train --out X` left a hidden .X.XXXX.tmp (issue 10, section 4)."""
    path = tmp_path / "m.safetensors"
    save_model(path, tiny_bundle)
    before = path.read_bytes()
    written = []

    def interrupted_fsync(fd):
        written.append(os.fstat(fd).st_size)  # the data is in the temporary file by now
        raise interrupt()

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    other = ModelBundle(CipherRNN(ModelConfig()), SEED_CIPHER, {})
    with pytest.raises(interrupt):
        save_model(path, other)
    assert written and written[0] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["m.safetensors"]
    assert path.read_bytes() == before
    load_model(path)


def test_the_next_save_removes_stale_temporary_files_of_ours_only(tmp_path, tiny_bundle):
    """What kill -9 or SIGTERM left behind goes with the next save into that folder."""
    from cipherlab.core.storage import STALE_TEMP_SECONDS

    ours_old = [".m.safetensors.ab12_x9z.tmp", ".other model.safetensors.k3j4h5g6.tmp"]
    ours_fresh = ".m.safetensors.fresh123.tmp"  # maybe another save, still being written
    foreign = [
        ".m.safetensors.tmp",  # no random part
        "m.safetensors.ab12cd34.tmp",  # no leading dot
        ".notes.txt.ab12cd34.tmp",  # not a model file's
        ".m.safetensors.ABCDEFGH.tmp",  # tempfile never uses capitals
        ".m.safetensors.ab12cd34.tmp.swp",
    ]
    old = time.time() - STALE_TEMP_SECONDS - 60
    for name in [*ours_old, ours_fresh, *foreign]:
        (tmp_path / name).write_bytes(b"partial")
        if name != ours_fresh:
            os.utime(tmp_path / name, (old, old))
    (tmp_path / ".kept.safetensors.ab12cd34.tmp").mkdir()  # a folder is never removed either
    save_model(tmp_path / "new.safetensors", tiny_bundle)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        [*foreign, ours_fresh, ".kept.safetensors.ab12cd34.tmp", "new.safetensors"]
    )


@pytest.mark.parametrize(
    ("overrides", "stem"),
    [
        ({"cipher": "vigenere", "key": "LEMON"}, "vigenere-LEMON"),
        ({}, "caesar-13"),
        ({"cipher": "affine", "key": "5,8"}, "affine-5,8"),
        ({"cipher": "atbash", "key": ""}, "atbash"),
        ({"task": "lm", "data": "english"}, "language-model-english"),
        ({"task": "lm", "data": "file", "data_path": "/home/a/Dickens Tale.txt"},
         "language-model-Dickens_Tale"),
    ],
)  # fmt: skip
def test_a_model_is_named_from_its_cipher_and_key_or_its_task_and_text(overrides, stem):
    """Issue 20: Save as proposes ``vigenere-LEMON``, not ``model``."""
    from cipherlab.core.settings import preset
    from cipherlab.core.storage import make_bundle

    bundle = make_bundle(preset("fast", **overrides))
    assert bundle.file_stem == stem
