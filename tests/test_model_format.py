"""Model file format 2 (issue 11): the cipher as family JSON, any family; format 1 still opens."""

import json
import shutil
from pathlib import Path

import pytest
import torch

from cipherlab.core.ciphers import (
    FAMILIES,
    SEED_CIPHER,
    CaesarCipher,
    Rot13Cipher,
    SubstitutionCipher,
    make_cipher,
)
from cipherlab.core.network import CipherRNN, decode
from cipherlab.core.settings import ModelConfig
from cipherlab.core.storage import FORMAT_VERSION, ModelBundle, load_model, model_card, save_model

V1_MODEL = Path(__file__).parent / "fixtures" / "model_v1_caesar.safetensors"
"""A format-1 model file, byte for byte the shipped model as it was before format 2
(``cipherlab train --preset fast --seed 0 --steps 1500``): it must open unchanged."""


def _stored_metadata(path: Path) -> dict:
    with open(path, "rb") as fh:  # safetensors: 8-byte length, then the JSON header
        header = json.loads(fh.read(int.from_bytes(fh.read(8), "little")))
    return json.loads(header["__metadata__"]["cipherlab"])


def _bundle(family: str, alphabet: str, key: str | None = None) -> ModelBundle:
    cipher = make_cipher(family, key, alphabet)
    torch.manual_seed(len(family))
    model = CipherRNN(ModelConfig(vocab_size=len(cipher.alphabet), hidden_size=12))
    return ModelBundle(model, cipher, {"metrics": {"steps": 3}})


CASES = [
    (family, alphabet)
    for family in FAMILIES
    for alphabet in ("seed", "letters")
    if not (family == "rot13" and alphabet == "seed")
]


@pytest.mark.parametrize("family, alphabet", CASES)
def test_every_family_round_trips_through_a_format_2_file(tmp_path, family, alphabet):
    bundle = _bundle(family, alphabet)
    path = tmp_path / f"{family}.safetensors"
    save_model(path, bundle)
    meta = _stored_metadata(path)
    assert meta["format_version"] == 2 and FORMAT_VERSION == 4  # format 4: language models
    assert meta["cipher"] == bundle.cipher.to_dict()
    loaded = load_model(path)
    assert loaded.cipher == bundle.cipher and type(loaded.cipher) is type(bundle.cipher)
    state = bundle.model.state_dict()
    assert all(torch.equal(loaded.model.state_dict()[k], v) for k, v in state.items())
    assert loaded.metadata["metrics"] == bundle.metadata["metrics"]


def test_a_random_key_and_a_custom_name_round_trip(tmp_path):
    for family, cls in FAMILIES.items():
        alphabet = cls.default_alphabet()
        cipher = cls.from_key(alphabet, cls.random_key(7, alphabet), name="Lesson 3")
        model = CipherRNN(ModelConfig(vocab_size=len(alphabet)))
        save_model(path := tmp_path / f"{family}.safetensors", ModelBundle(model, cipher, {}))
        assert load_model(path).cipher == cipher


def test_a_format_1_file_opens_unchanged_and_decodes():
    before = V1_MODEL.read_bytes()
    meta = _stored_metadata(V1_MODEL)
    assert meta["format_version"] == 1 and meta["cipher"]["kind"] == "caesar"
    bundle = load_model(V1_MODEL)
    assert bundle.cipher == SEED_CIPHER and type(bundle.cipher) is CaesarCipher
    assert bundle.cipher.name == "Caesar +13, A–Z and -"
    assert decode(bundle.model, bundle.cipher.alphabet, "FUVEMVEMNMERPDRF").plaintext == (
        "THIS-IS-A-SECRET"
    )
    assert V1_MODEL.read_bytes() == before  # opened read-only


def test_a_format_1_file_saved_again_becomes_format_2_with_the_same_cipher(tmp_path):
    copy = tmp_path / "old.safetensors"
    shutil.copyfile(V1_MODEL, copy)
    save_model(copy, load_model(copy))
    meta = _stored_metadata(copy)
    assert meta["format_version"] == 2
    assert meta["cipher"] == {
        "family": "caesar",
        "key": 13,
        "alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
        "name": "Caesar +13, A–Z and -",
    }
    assert load_model(copy).cipher == SEED_CIPHER


def test_a_file_may_name_its_alphabet():
    """``cipher_from_dict`` reads an alphabet's name; the header check does too."""
    from cipherlab.core.storage import check_metadata

    meta = _stored_metadata(V1_MODEL)
    meta.update(format_version=2, cipher={"family": "rot13", "key": None, "alphabet": "letters"})
    meta["config"]["vocab_size"] = 26
    meta.pop("alphabet")
    _, cipher, alphabet = check_metadata(meta, "m.safetensors")
    assert alphabet == cipher.alphabet
    assert isinstance(cipher, Rot13Cipher) and cipher.encrypt("HELLO") == "URYYB"


def test_the_card_names_the_family_and_key():
    vigenere = _bundle("vigenere", "letters", "LEMON")
    assert model_card(vigenere)["Cipher"] == "Vigenère LEMON, A–Z"
    substitution = _bundle("substitution", "letters", "ZEBRAS")
    assert isinstance(substitution.cipher, SubstitutionCipher)
    assert model_card(substitution)["Cipher"] == "Substitution ZEBRASCDFGHIJKLMNOPQTUVWXY, A–Z"
    named = ModelBundle(vigenere.model, make_cipher("vigenere", "LEMON", "letters", "Lesson 3"))
    assert model_card(named)["Cipher"] == "Lesson 3 (Vigenère LEMON, A–Z)"
