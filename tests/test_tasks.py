"""Tasks are types: each one's vocabulary, loss unit, metric and needs, and the registry."""

from __future__ import annotations

import math

import pytest

from cipherlab.core.settings import (
    DECRYPT,
    FIELDS,
    IDENTIFY,
    LANGUAGE_MODEL,
    TASKS,
    Task,
    TrainConfig,
    preset,
    task_named,
)


def test_the_registry_holds_each_task_by_its_stored_name_in_menu_order():
    assert list(TASKS) == ["decrypt", "lm", "identify"]
    assert TASKS == {"decrypt": DECRYPT, "lm": LANGUAGE_MODEL, "identify": IDENTIFY}
    assert all(isinstance(task, Task) for task in TASKS.values())
    assert FIELDS["task"].choices == ("decrypt", "lm", "identify")  # form and CLI offer the same


def test_a_name_gives_its_task_and_anything_else_the_seed_task():
    assert task_named("lm") is LANGUAGE_MODEL and task_named("decrypt") is DECRYPT
    assert task_named(None) is DECRYPT  # files made before tasks: decryption models
    assert task_named("identify") is IDENTIFY
    assert task_named("classify") is DECRYPT and task_named(3) is DECRYPT


def test_a_language_model_has_a_start_symbol_more_than_its_alphabet():
    assert (DECRYPT.vocab_size(27), DECRYPT.vocab_size(26)) == (27, 26)
    assert (LANGUAGE_MODEL.vocab_size(27), LANGUAGE_MODEL.vocab_size(26)) == (28, 27)
    assert TrainConfig().model_config(27).vocab_size == 27
    lm = TrainConfig(task="lm", data="english")
    assert lm.model_config(26).vocab_size == 27


def test_each_task_names_its_loss_unit_and_converts_nats_to_it():
    assert (DECRYPT.loss_unit, LANGUAGE_MODEL.loss_unit) == ("nats/symbol", "bits/symbol")
    assert DECRYPT.shown_loss(0.25) == 0.25
    assert LANGUAGE_MODEL.shown_loss(math.log(2)) == pytest.approx(1.0, abs=1e-15)
    assert LANGUAGE_MODEL.shown_loss(2 * math.log(2)) == pytest.approx(2.0, abs=1e-15)


def test_each_task_says_what_it_needs_and_how_it_is_named():
    assert (DECRYPT.has_cipher, DECRYPT.needs_text) == (True, False)
    assert (LANGUAGE_MODEL.has_cipher, LANGUAGE_MODEL.needs_text) == (False, True)
    assert (DECRYPT.label, LANGUAGE_MODEL.label) == ("Decrypt a cipher", "Language model")
    assert DECRYPT.metric == "validation accuracy (symbols decrypted right)"
    assert LANGUAGE_MODEL.metric == "next-symbol accuracy (the top guess right)"
    assert repr(LANGUAGE_MODEL) == "<task lm>"


def test_a_config_gives_its_task_and_keeps_the_name_for_files():
    lm = TrainConfig(task="lm", data="english")
    assert TrainConfig().task_kind is DECRYPT and lm.task_kind is LANGUAGE_MODEL
    assert lm.to_dict()["task"] == "lm" and TrainConfig.from_dict(lm.to_dict()) == lm


def test_a_language_model_on_random_symbols_is_refused_with_one_sentence():
    with pytest.raises(ValueError) as caught:
        TrainConfig(task="lm", data="random")
    assert str(caught.value) == (
        "A language model needs text to learn from: random symbols have nothing to predict. "
        "Choose English prose, English-like text or a text file."
    )
    with pytest.raises(ValueError, match="needs text to learn from"):
        preset("fast", task="lm", data="random")


def test_a_language_model_has_no_cipher_and_its_cipher_fields_are_the_defaults():
    old = {"task": "lm", "data": "english", "cipher": "caesar", "key": "0"}  # files before
    for config in (
        TrainConfig(task="lm", data="english", cipher="vigenere", key="LEMON"),
        TrainConfig.from_dict(old),
    ):
        assert (config.cipher, config.key) == ("caesar", "")
        assert config.make_alphabet().symbols == "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
        with pytest.raises(ValueError, match="^A language model has no cipher.$"):
            config.make_cipher()
    assert TrainConfig.from_dict(old) == TrainConfig(task="lm", data="english")


def test_the_rot13_mistake_needs_a_caesar_decryption():
    with pytest.raises(ValueError, match="The ROT13 mistake is about a Caesar shift"):
        TrainConfig(task="lm", data="english", mistakes=("rot13_inverse",))
    assert TrainConfig(mistakes=("rot13_inverse",)).mistakes == ("rot13_inverse",)
