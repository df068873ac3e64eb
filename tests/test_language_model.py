"""The recurrent language model: probabilities that sum to 1, training, sampling, files."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch

from cipherlab.core.learning import Trainer
from cipherlab.core.network import (
    CipherRNN,
    RecurrentStepper,
    bits_per_symbol,
    log_likelihood,
    next_symbol_inputs,
    sample,
)
from cipherlab.core.settings import ModelConfig, TrainConfig


def tiny_lm(n=3, seed=0):
    torch.manual_seed(seed)
    return CipherRNN(ModelConfig(vocab_size=n + 1, embedding_dim=4, hidden_size=8))


def test_inputs_are_the_start_symbol_then_the_text_less_its_last():
    text = torch.tensor([[5, 6, 7]])
    assert next_symbol_inputs(text, 27).tolist() == [[27, 5, 6]]


def test_the_probabilities_of_every_text_of_a_length_sum_to_one():
    model = tiny_lm(n=3)
    texts = np.array(list(itertools.product(range(3), repeat=3)))  # all 27 texts of 3 symbols
    total = np.exp(log_likelihood(model, texts)).sum()
    assert total == pytest.approx(1.0, abs=1e-5)  # the start symbol is never predicted
    one = log_likelihood(model, texts[4])
    assert np.ndim(one) == 0 and one == pytest.approx(log_likelihood(model, texts)[4])
    assert log_likelihood(model, np.zeros((2, 0), dtype=np.int64)).tolist() == [0.0, 0.0]


def test_chunked_scoring_equals_one_pass(monkeypatch):
    from cipherlab.core.network import language_model

    model = tiny_lm()
    texts = np.random.default_rng(0).integers(0, 3, (50, 20))
    whole = log_likelihood(model, texts)
    monkeypatch.setattr(language_model, "FLOATS_PER_CHUNK", 20 * 4 * 7)  # 7 texts a chunk
    assert log_likelihood(model, texts) == pytest.approx(whole)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2])
def test_the_numpy_step_gives_the_logits_of_the_torch_model(cell, layers):
    torch.manual_seed(1)
    config = ModelConfig(vocab_size=6, embedding_dim=4, hidden_size=8, num_layers=layers, cell=cell)
    model = CipherRNN(config)
    symbols = [5, 0, 3, 3, 1, 4, 2, 0, 5, 1] * 3
    with torch.no_grad():
        expected = model.stream(torch.tensor([symbols]))[0][0].numpy()
    stepper = RecurrentStepper(model)
    got = np.stack([stepper.step(s) for s in symbols])
    assert got.shape == (30, 6) and got.dtype == np.float32
    np.testing.assert_allclose(got, expected, atol=2e-6)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_the_stepper_keeps_its_own_copy_and_reports_torchs_state(cell):
    torch.manual_seed(3)
    model = CipherRNN(ModelConfig(vocab_size=6, embedding_dim=4, hidden_size=8, cell=cell))
    symbols = [5, 2, 0, 4]
    with torch.no_grad():
        expected, state = model.stream(torch.tensor([symbols]))
    stepper = RecurrentStepper(model)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(1.0)  # training after the copy was made
    got = np.stack([stepper.step(s) for s in symbols])
    np.testing.assert_allclose(got, expected[0].numpy(), atol=2e-6)
    h = state[0] if cell == "lstm" else state
    np.testing.assert_allclose(stepper.hidden[0], h[0, 0].numpy(), atol=2e-6)


def test_a_cold_sample_follows_the_models_most_likely_symbol_each_step():
    model = tiny_lm(n=5, seed=2)
    greedy, state, symbol = [], None, torch.tensor([[5]])
    with torch.no_grad():
        for _ in range(60):
            logits, state = model.stream(symbol, state)
            symbol = logits[0, -1, :5].argmax().view(1, 1)
            greedy.append(int(symbol))
    assert sample(model, 60, temperature=1e-4, seed=0).tolist() == greedy


def test_sampling_is_repeatable_and_checks_its_settings():
    model = tiny_lm()
    a, b = sample(model, 40, 0.8, seed=3), sample(model, 40, 0.8, seed=3)
    assert a.shape == (40,) and np.array_equal(a, b) and a.max() < 3
    with pytest.raises(ValueError, match="temperature"):
        sample(model, 10, 0.0)
    with pytest.raises(ValueError, match="length"):
        sample(model, -1)


def test_a_language_model_learns_english_like_text_below_its_letter_entropy():
    torch.set_num_threads(1)
    config = TrainConfig(
        task="lm", data="english", alphabet="letters", hidden_size=64, embedding_dim=16,
        learning_rate=0.01, batch_size=32, seq_len=48, steps=150, eval_every=50, grad_clip=1.0,
    )  # fmt: skip
    trainer = Trainer(config)
    # 26 letters, the word break it reads over letters (the space), the start symbol
    assert trainer.model.config.vocab_size == 28
    for _ in trainer.run():
        pass
    inputs, plain = trainer.data.validation
    assert torch.equal(inputs[:, 1:], plain[:, :-1]) and torch.all(inputs[:, 0] == 27)
    has_breaks = (plain == 26).any(dim=1)
    # every third validation text runs on, as ciphertexts in five-letter groups do
    assert has_breaks.tolist() == [i % 3 != 2 for i in range(len(plain))]
    bits = bits_per_symbol(trainer.model, plain.numpy())
    val_loss, _ = trainer.evaluate()
    assert bits == pytest.approx(val_loss / math.log(2), rel=1e-4)
    assert bits < 3.9  # letter frequencies alone give about 4.1 bits; uniform is 4.7


def test_a_language_model_needs_text():
    with pytest.raises(ValueError, match="needs text to learn from"):
        TrainConfig(task="lm")


def _stored(path):
    import json

    data = path.read_bytes()
    header = json.loads(data[8 : 8 + int.from_bytes(data[:8], "little")])
    return json.loads(header["__metadata__"]["cipherlab"])


def test_a_language_model_file_is_format_4_with_no_cipher_and_opens_as_one(tmp_path):
    from cipherlab.core.ciphers import alphabet_named
    from cipherlab.core.settings import LANGUAGE_MODEL
    from cipherlab.core.storage import ModelBundle, load_model, model_metadata, save_model

    config = TrainConfig(task="lm", data="english", hidden_size=16, steps=2, eval_every=1)
    trainer = Trainer(config)
    for _ in trainer.run():
        pass
    SEED_ALPHABET = alphabet_named("seed")
    assert trainer.cipher is None and trainer.alphabet == SEED_ALPHABET
    metadata = model_metadata(config, steps=2)
    bundle = ModelBundle(trainer.model, None, metadata, trainer.alphabet)
    path = tmp_path / "lm.safetensors"
    save_model(path, bundle)
    stored = _stored(path)
    assert stored["format_version"] == 4 and "cipher" not in stored
    assert stored["alphabet"] == SEED_ALPHABET.symbols
    loaded = load_model(path)
    assert loaded.task_kind is LANGUAGE_MODEL and loaded.model.config.vocab_size == 28
    assert loaded.cipher is None and loaded.alphabet == SEED_ALPHABET  # it reads plaintext
    texts = np.random.default_rng(0).integers(0, 27, (3, 10))
    assert log_likelihood(loaded.model, texts) == pytest.approx(log_likelihood(bundle.model, texts))


def test_an_old_language_model_file_with_an_identity_caesar_opens_with_no_cipher(tmp_path):
    """Format 3 stored the identity (Caesar +0) as a language model's cipher: read as none.

    The file is written as the letters model shipped before 2026-12-07 was (its metadata as
    it was, small weights): 26 letters and the start symbol, no word break.
    """
    from hostile_models import shapes, write_model

    from cipherlab.core.ciphers import alphabet_named
    from cipherlab.core.storage import load_model, model_card, task_label

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    config = {"cell": "lstm", "embedding_dim": 4, "hidden_size": 8, "num_layers": 1}
    config["vocab_size"] = 27  # 26 letters and the start symbol: no word break then
    training = dict(TrainConfig(task="lm", data="english", alphabet="letters").to_dict())
    training.update(preset="fast", cipher="caesar", key="0", embedding_dim=4, hidden_size=8)
    training.pop("mistakes")  # made before runs recorded mistakes
    training.pop("feedback")
    meta = {
        "training": training,
        "metrics": {"steps": 8000, "val_accuracy": 0.52, "examples_seen": 256000},
        "versions": {"python": "3.11.7", "torch": "2.13.0+cpu"},
        "created": "2026-12-01T15:37:02+00:00",
        "command": "cipherlab train --task lm --alphabet letters --seed 0 --no-progress",
        "format": "cipherlab-model",
        "format_version": 3,
        "config": config,
        "cipher": {"family": "caesar", "key": 0, "alphabet": letters, "name": "Caesar +0, A–Z"},
        "alphabet": letters,
    }
    rng = np.random.default_rng(0)
    tensors = {k: rng.normal(0, 0.3, s).astype(np.float32) for k, s in shapes(config).items()}
    path = write_model(tmp_path / "old-lm.safetensors", meta, tensors)
    stored = _stored(path)
    assert stored["format_version"] == 3
    assert (stored["cipher"]["family"], stored["cipher"]["key"]) == ("caesar", 0)
    bundle = load_model(path)
    assert bundle.cipher is None and bundle.alphabet == alphabet_named("letters")
    assert task_label(bundle) == "Language model, A–Z"
    card = model_card(bundle)
    assert card["Cipher"] == (
        "none: a language model (predicts each next symbol of a text from the symbols before it)"
    )
    assert "cipher" not in card["Training"] and "key" not in card["Training"]


def test_a_bundle_knows_whether_its_task_has_a_cipher():
    from cipherlab.core.ciphers import SEED_CIPHER, alphabet_named
    from cipherlab.core.storage import ModelBundle, check_decrypts

    SEED_ALPHABET = alphabet_named("seed")

    lm = {"training": {"task": "lm"}}
    with pytest.raises(ValueError, match="^Language model: the model has no cipher.$"):
        ModelBundle(None, SEED_CIPHER, lm)
    with pytest.raises(ValueError, match="A model without a cipher needs its alphabet."):
        ModelBundle(None, None, lm)
    with pytest.raises(ValueError, match="^Decrypt a cipher: the model needs its cipher.$"):
        ModelBundle(None, None, {}, SEED_ALPHABET)
    assert ModelBundle(None, SEED_CIPHER).alphabet == SEED_ALPHABET
    assert check_decrypts(ModelBundle(None, SEED_CIPHER), "m") is SEED_CIPHER


def test_decoding_commands_refuse_a_language_model_with_one_sentence(tmp_path, capsys):
    from cipherlab.cli import main

    path = tmp_path / "lm.safetensors"
    assert main(["train", "--task", "lm", "--hidden-size", "8", "--steps", "2",
                 "--no-progress", "--out", str(path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "bits per symbol" in out
    for command in (["decode", "--model", str(path), "ABC"], ["probe", "--model", str(path)]):
        assert main(command) == 1
        err = capsys.readouterr().err.strip()
        assert err.endswith("lm.safetensors is a language model: it predicts text rather than "
                            "decrypting it. Use it to crack a cipher without the key (cipherlab "
                            "crack --lm) or to write text (cipherlab sample --lm).")  # fmt: skip


def test_the_fast_preset_of_a_language_model_reads_english_prose():
    from cipherlab.core.settings import LM_FAST, matching_preset, preset

    config = preset("fast", task="lm", alphabet="letters")
    assert (config.task, config.data, config.alphabet) == ("lm", "prose", "letters")
    assert (config.cipher, config.key) == ("caesar", "")  # the defaults: it reads no cipher
    assert config.hidden_size == LM_FAST["hidden_size"] and matching_preset(config) == "fast"
