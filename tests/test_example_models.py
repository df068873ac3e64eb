"""The shipped example models: one per cipher family, each made by its recorded command."""

from __future__ import annotations

import pytest

from cipherlab.core.ciphers import FAMILIES, make_cipher
from cipherlab.core.network import decode
from cipherlab.core.storage import load_model
from cipherlab.resources import example_models

PLAINTEXT = {
    "seed": "ATTACK-AT-DAWN-THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG",
    "letters": "ATTACK AT DAWN THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
}


def test_there_is_one_example_per_family():
    assert list(example_models()) == list(FAMILIES)
    assert all(path.is_file() for path in example_models().values())


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_example_learned_its_familys_default_key_by_a_recorded_command(family):
    bundle = load_model(example_models()[family])
    assert bundle.cipher == make_cipher(family)
    command = bundle.metadata["command"]
    assert command.startswith("cipherlab train ")
    if family != "caesar":  # the seed model: caesar is the default cipher
        assert f"--cipher {family} " in command
    assert f"resources/models/{example_models()[family].name}" in command


@pytest.mark.parametrize("family", [f for f in FAMILIES if f != "autokey"])
def test_each_example_decrypts_a_textbook_sentence_exactly(family):
    bundle = load_model(example_models()[family])
    cipher = bundle.cipher
    plaintext = PLAINTEXT["letters" if len(cipher.alphabet) == 26 else "seed"]
    result = decode(
        bundle.model,
        cipher.alphabet,
        cipher.encrypt(plaintext),
        bundle.seq_len,
        continuous=cipher.position_dependent,
    )
    assert result.plaintext == plaintext


def test_the_autokey_example_is_honest_about_what_it_reaches():
    bundle = load_model(example_models()["autokey"])
    accuracy = bundle.metadata["metrics"]["val_accuracy"]
    assert 0.2 < accuracy < 1.0  # the stretch family: it learns the primer, then plateaus
