"""Model files: round trip, corrupt and mismatched files, pickles, atomic writes."""

import json
import os
import pickle

import pytest
import torch
from safetensors.torch import save_file

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.config import ModelConfig
from cipherlab.core.model import CipherRNN
from cipherlab.core.modelfile import ModelBundle, ModelFileError, load_model, save_model
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
    from cipherlab.core.decoding import decode

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
