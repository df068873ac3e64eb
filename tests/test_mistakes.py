"""Classic beginner mistakes, made on purpose (issue 13): what each one does to a run."""

from __future__ import annotations

import pytest
import torch

from cipherlab.core.learning import Trainer, cross_entropy, train_step
from cipherlab.core.network import CipherRNN
from cipherlab.core.session import RunHistory
from cipherlab.core.settings import MISTAKES, TrainConfig, matching_preset, preset


def test_mistakes_are_named_checked_and_kept_in_one_order():
    config = preset("fast", mistakes=["rot13_inverse", "batch_of_one"])
    assert config.mistakes == ("batch_of_one", "rot13_inverse")  # MISTAKES order
    assert TrainConfig.from_dict(config.to_dict()) == config  # JSON lists come back
    assert matching_preset(config) == "fast"  # still the Fast preset, with mistakes
    with pytest.raises(ValueError, match="Unknown mistake 'typo'"):
        preset("fast", mistakes=("typo",))
    with pytest.raises(ValueError, match="choose the Caesar cipher"):
        preset("fast", cipher="vigenere", mistakes=("rot13_inverse",))
    assert all(len(m.explanation) > 60 and m.id == name for name, m in MISTAKES.items())


def test_forgetting_zero_grad_adds_each_steps_gradient_to_the_last():
    torch.manual_seed(0)
    model = CipherRNN(preset("fast").model_config(27))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)  # weights stay: same gradient
    x = torch.randint(0, 27, (4, 8))
    y = torch.randint(0, 27, (4, 8))
    train_step(model, optimizer, x, y, zero_grad=False)
    once = model.linear.bias.grad.clone()
    train_step(model, optimizer, x, y, zero_grad=False)
    torch.testing.assert_close(model.linear.bias.grad, 2 * once)
    train_step(model, optimizer, x, y)  # zero_grad: this step's gradient only
    torch.testing.assert_close(model.linear.bias.grad, once)
    model.zero_grad()
    cross_entropy(model(x), y).backward()
    torch.testing.assert_close(model.linear.bias.grad, once)


def test_one_message_per_step_consumes_one_message_a_step():
    trainer = Trainer(preset("fast", steps=5, mistakes=("batch_of_one",)))
    for _ in trainer.run():
        pass
    assert trainer.examples_seen == 5 and trainer.data.batch()[0].shape[0] == 1


def test_the_rot13_misconception_learns_the_shift_again_and_scores_zero():
    trainer = Trainer(preset("fast", mistakes=("rot13_inverse",)))
    last = None
    for progress in trainer.run():
        last = progress
    _, accuracy = trainer.evaluate()
    assert accuracy == 0.0  # every letter wrong against the true plaintext
    with torch.inference_mode():
        guess = trainer.model(torch.tensor([[13]])).argmax(-1).item()  # reads 'N'
    assert guess == 26  # N + 13 over 27 symbols = '-', where the plaintext is 'A'
    assert last.loss < 0.05  # the wrong mapping, learned perfectly


def test_a_run_with_a_mistake_is_marked_in_its_label():
    history = RunHistory()
    run = history.start(preset("fast", mistakes=("no_zero_grad", "batch_of_one")))
    assert run.label == "Run 1 · Caesar +13 · Fast · seed 0 · mistakes: batch 1, no zero_grad"


def test_a_model_file_records_its_mistakes_and_refuses_unknown_ones(tmp_path):
    from cipherlab.core.storage import (
        ModelBundle,
        ModelFileError,
        load_model,
        model_metadata,
        save_model,
    )

    config = preset("fast", mistakes=("no_zero_grad",))
    cipher = config.make_cipher()
    model = CipherRNN(config.model_config(len(cipher.alphabet)))
    bundle = ModelBundle(model, cipher, model_metadata(config, steps=0))
    save_model(tmp_path / "m.safetensors", bundle)
    training = load_model(tmp_path / "m.safetensors").metadata["training"]
    assert training["mistakes"] == ["no_zero_grad"]
    bundle.metadata["training"]["mistakes"] = ["rm -rf"]
    with pytest.raises(ModelFileError, match="training mistakes must be names"):
        save_model(tmp_path / "bad.safetensors", bundle)


def test_the_trainer_notes_when_the_mapping_is_learned_and_a_wrong_one_never_is():
    right = Trainer(preset("fast"))
    learned = [p.step for p in right.run() if p.mapping_learned]
    assert learned == [right.mapping_learned_step] and learned[0] <= right.step_count
    wrong = Trainer(preset("fast", steps=100, mistakes=("rot13_inverse",)))
    assert not any(p.mapping_learned for p in wrong.run())
    assert wrong.mapping_learned_step is None
