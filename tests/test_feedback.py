"""A decoder that feeds back its own outputs (issue 22, item 2): model, training, files."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import torch

from cipherlab.core.network import CipherRNN, decode, decode_greedily, expected_shapes
from cipherlab.core.settings import ModelConfig, TrainConfig, parse_field, preset

FEEDBACK = ModelConfig(vocab_size=27, embedding_dim=4, hidden_size=8, feedback=True)


def _model(config: ModelConfig = FEEDBACK, seed: int = 0) -> CipherRNN:
    torch.manual_seed(seed)
    return CipherRNN(config).eval()


def test_the_recurrent_layer_reads_both_embeddings():
    model = _model()
    assert model.rnn.input_size == 4 * 17  # the ciphertext and 16 fed-back symbols, 4 each
    assert model.feedback_embedding.num_embeddings == 28  # the alphabet and a start symbol
    shapes = {name: tuple(value.shape) for name, value in model.state_dict().items()}
    assert shapes == expected_shapes(FEEDBACK)
    assert list(shapes) == list(expected_shapes(FEEDBACK))
    assert "feedback_embedding.weight" not in expected_shapes(replace(FEEDBACK, feedback=False))


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_numpy_steps_equal_torch_steps(cell):
    model = _model(replace(FEEDBACK, cell=cell, num_layers=2))
    ciphertext = torch.from_numpy(np.random.default_rng(1).integers(0, 27, (3, 40)))
    with torch.no_grad():
        fast, fast_state = decode_greedily(model, ciphertext)
    slow, slow_state = decode_greedily(model, ciphertext)  # gradients on: through torch
    np.testing.assert_allclose(fast.numpy(), slow.detach().numpy(), atol=1e-5)
    np.testing.assert_array_equal(fast_state.previous, slow_state.previous)


def test_each_step_reads_back_the_previous_choice():
    model = _model()
    ciphertext = torch.from_numpy(np.random.default_rng(2).integers(0, 27, (2, 30)))
    with torch.no_grad():
        logits = model(ciphertext)  # no plaintext: decoding from its own choices
        chosen = logits.argmax(dim=-1)
        forced = model(ciphertext, chosen)  # teacher forcing with those same choices
    np.testing.assert_allclose(logits.numpy(), forced.numpy(), atol=1e-5)


def test_pieces_carry_the_state_and_the_last_choice():
    model = _model()
    ciphertext = torch.from_numpy(np.random.default_rng(3).integers(0, 27, (1, 50)))
    with torch.no_grad():
        whole, _ = model.stream(ciphertext)
        first, state = model.stream(ciphertext[:, :17])
        second, _ = model.stream(ciphertext[:, 17:], state)
    np.testing.assert_allclose(torch.cat([first, second], 1).numpy(), whole.numpy(), atol=1e-6)


def test_a_forced_letter_is_read_back_instead_of_the_choice():
    model = _model()
    ciphertext = torch.from_numpy(np.random.default_rng(4).integers(0, 27, (1, 20)))
    with torch.no_grad():
        free, _ = decode_greedily(model, ciphertext)
        wrong = (int(free[0, 5].argmax()) + 1) % 27
        flipped, _ = decode_greedily(model, ciphertext, forced={5: wrong})
    np.testing.assert_array_equal(free[0, :6].numpy(), flipped[0, :6].numpy())
    assert not np.allclose(free[0, 6].numpy(), flipped[0, 6].numpy())


def test_the_switch_is_a_field_of_its_own():
    assert TrainConfig().feedback is False
    assert preset("fast", feedback=True).model_config(27).feedback is True
    assert [parse_field("feedback", w) for w in ("on", "OFF", "true", "0")] == [
        True,
        False,
        True,
        False,
    ]
    with pytest.raises(ValueError, match="^Feedback must be on or off, got 'maybe'"):
        parse_field("feedback", "maybe")
    with pytest.raises(ValueError, match="^Feedback must be true or false, got 1"):
        TrainConfig(feedback=1)  # type: ignore[arg-type]
    # a language model already reads the previous symbol; Identify answers per message
    assert preset("fast", task="lm", feedback=True).feedback is False
    assert preset("fast", task="identify", feedback=True).feedback is False
    assert TrainConfig.from_dict({"hidden_size": 12}).feedback is False  # an older run file


def _autokey_config() -> TrainConfig:
    return replace(preset("fast", cipher="autokey", key="KEY"), feedback=True, steps=1500)


@pytest.fixture(scope="module")
def autokey_trainer():
    """An autokey model (primer KEY) with feedback, trained to 100 % (about 7 s)."""
    from cipherlab.core.learning import Trainer
    from cipherlab.core.settings import StopRule

    trainer = Trainer(_autokey_config())
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the window's rule on 2 cores
    try:
        for _ in trainer.run(stop_rule=StopRule(1.0, 1)):
            pass
    finally:
        torch.set_num_threads(threads)
    return trainer


def test_training_with_teacher_forcing_decrypts_autokey_exactly(autokey_trainer):
    trainer = autokey_trainer
    assert trainer.target_reached_step is not None
    assert trainer.evaluate()[1] == 1.0  # decoding from its own choices
    cipher = trainer.cipher
    assert cipher is not None
    plaintext = "ATTACK-AT-DAWN-THE-FEEDBACK-DECODER-READS-ITS-OWN-LETTERS-BACK"
    ciphertext = cipher.encrypt(plaintext)
    decoding = decode(trainer.model, trainer.alphabet, ciphertext, continuous=True)
    assert decoding.plaintext == plaintext
    assert decoding.probabilities.shape == (len(plaintext), 27)
    np.testing.assert_allclose(decoding.probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_without_feedback_the_same_training_does_not_decrypt_autokey():
    from cipherlab.core.learning import Trainer

    trainer = Trainer(replace(_autokey_config(), feedback=False, steps=100))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for _ in trainer.run():
            pass
    finally:
        torch.set_num_threads(threads)
    assert trainer.evaluate()[1] < 0.5


def test_a_feedback_model_file_round_trips(tmp_path):
    from cipherlab.core.storage import load_model, make_bundle, save_model

    config = replace(_autokey_config(), hidden_size=16)
    bundle = make_bundle(config, None)
    path = tmp_path / "feedback.safetensors"
    save_model(path, bundle)
    loaded = load_model(path)
    assert loaded.model.config.feedback is True
    for name, value in bundle.model.state_dict().items():
        torch.testing.assert_close(loaded.model.state_dict()[name], value)


def test_older_model_files_open_without_feedback(tmp_path):
    from safetensors import safe_open

    from cipherlab.core.storage import load_model
    from cipherlab.resources import default_model_path

    with safe_open(str(default_model_path()), "pt") as f:
        stored = json.loads(f.metadata()["cipherlab"])["config"]
    assert "feedback" not in stored  # written before the field existed
    bundle = load_model(default_model_path())
    assert bundle.model.config.feedback is False
    assert not hasattr(bundle.model, "feedback_embedding")


def test_looking_inside_reads_the_fed_back_choices_too():
    from cipherlab.core.inside import hidden_states, saliency

    model = _model()
    indices = np.random.default_rng(5).integers(0, 27, 12)
    states = hidden_states(model, indices)
    with torch.no_grad():
        _, state = model.stream(torch.from_numpy(indices)[None])
    np.testing.assert_allclose(states["hidden"][-1], state.hidden[0, 0], atol=1e-5)
    assert saliency(model, indices, 11).shape == (12,)


def test_looking_inside_shows_the_letter_read_back_one_primer_length_before(autokey_trainer):
    from cipherlab.core.inside import read_back

    trainer = autokey_trainer
    cipher = trainer.cipher
    indices = cipher.alphabet.encode(cipher.encrypt("ATTACK-AT-DAWN-ON-THE-BRIDGE")).indices
    found = read_back(trainer.model, indices, 20)
    assert found.fed_back[20:].tolist() == [0.0] * 8 and found.ciphertext[21:].sum() == 0.0
    # autokey KEY: the letter at 20 is the ciphertext at 20 minus the plaintext at 17
    assert int(np.argmax(found.fed_back)) == 17
    assert int(np.argmax(found.ciphertext)) == 20
    with pytest.raises(ValueError, match="reads only ciphertext"):
        read_back(_model(replace(FEEDBACK, feedback=False)), indices, 3)
