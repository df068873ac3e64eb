"""The one bundle maker: the same settings and measurements give the same model file contents."""

from __future__ import annotations

import math

import torch

from cipherlab.core.settings import preset
from cipherlab.core.storage import make_bundle


def test_a_new_model_and_its_weights_copy_make_the_same_bundle():
    config = preset("fast", cipher="vigenere", key="LEMON", alphabet="letters", seed=3)
    new = make_bundle(config)
    weights = {k: v.numpy().copy() for k, v in new.model.state_dict().items()}
    copy = make_bundle(config, weights, steps=0)
    assert new.cipher == copy.cipher and new.cipher.key == "LEMON"
    assert new.alphabet.name == "letters" and not new.model.training
    for name, tensor in new.model.state_dict().items():
        assert torch.equal(tensor, copy.model.state_dict()[name])
    assert {k: v for k, v in new.metadata.items() if k != "created"} == {
        k: v for k, v in copy.metadata.items() if k != "created"
    }


def test_measurements_go_into_the_metrics_in_the_tasks_own_unit():
    decrypt = make_bundle(preset("fast"), steps=10, val_accuracy=1.0, val_loss=0.01)
    assert decrypt.metadata["metrics"] == {"steps": 10, "val_accuracy": 1.0}
    lm = make_bundle(preset("fast", task="lm"), steps=5, val_accuracy=0.5, val_loss=math.log(2) * 2)
    assert lm.cipher is None and lm.alphabet.name == "seed"
    assert lm.metadata["metrics"] == {"steps": 5, "val_accuracy": 0.5, "val_bits_per_symbol": 2.0}
