"""Identify: the third task, ciphertext -> one cipher-family label per message."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from cipherlab.core.learning import Trainer, run_messages
from cipherlab.core.learning.data import identify_batch
from cipherlab.core.network import label_logits, label_probabilities
from cipherlab.core.settings import IDENTIFY, IDENTIFY_LABELS, TrainConfig, preset
from cipherlab.core.text import SEED_ALPHABET

N = len(SEED_ALPHABET)


def test_its_labels_vocabulary_unit_and_metric():
    assert IDENTIFY_LABELS == ("english", "shift", "substitution", "vigenere", "autokey")
    assert IDENTIFY.labels is IDENTIFY_LABELS and IDENTIFY.name == "identify"
    assert IDENTIFY.label == "Identify a cipher"
    assert (IDENTIFY.vocab_size(27), IDENTIFY.vocab_size(26), IDENTIFY.vocab_size(3)) == (27, 26, 5)
    assert TrainConfig(task="identify", data="english").model_config(27).vocab_size == 27
    assert (IDENTIFY.loss_unit, IDENTIFY.shown_loss(0.5)) == ("nats/message", 0.5)
    assert IDENTIFY.metric == "validation accuracy (messages identified right)"
    assert (IDENTIFY.has_cipher, IDENTIFY.needs_text, IDENTIFY.writes_text) == (False, True, False)


def test_a_config_of_it_has_no_cipher_and_needs_text():
    config = TrainConfig(task="identify", data="english", cipher="vigenere", key="LEMON")
    assert (config.cipher, config.key) == ("caesar", "")  # the cipher fields mean nothing
    with pytest.raises(ValueError) as refused:
        TrainConfig(task="identify", data="random")
    assert str(refused.value) == (
        "A cipher identifier needs text to learn from: random symbols look alike under every "
        "cipher. Choose English prose, English-like text or a text file."
    )


def _shift_of(p: np.ndarray, c: np.ndarray) -> bool:
    """True if c = a * p + b (mod N) for some a, b: a Caesar or affine cipher."""
    return any(np.array_equal((a * p + b) % N, c) for a in range(1, N) for b in range(N))


def _period_of(p: np.ndarray, c: np.ndarray) -> int | None:
    """The keyword length of a Vigenère encryption c of p (2 to 12), else None."""
    shifts = (c - p) % N
    for m in range(2, 13):
        if all(
            np.array_equal(shifts[i::m], np.full(len(shifts[i::m]), shifts[i])) for i in range(m)
        ):
            return m
    return None


def _primer_of(p: np.ndarray, c: np.ndarray) -> int | None:
    """The primer length m of an autokey encryption c of p: c[i] = p[i] + p[i - m] past it."""
    for m in range(2, 13):
        if np.array_equal((c[m:] - p[m:]) % N, p[:-m]):
            return m
    return None


def test_each_message_is_encrypted_by_the_family_of_its_label_with_a_key_of_its_own():
    config = TrainConfig(task="identify", data="english", seq_len=100, validation_size=200)
    ciphertext, labels = run_messages(config).validation
    assert ciphertext.shape == (200, 100) and labels.shape == (200,)
    assert ciphertext.dtype == labels.dtype == torch.int64
    plain = run_messages(replace(config, task="lm")).validation[1].numpy()  # same texts
    counts = np.bincount(labels.numpy(), minlength=5)
    assert counts.sum() == 200 and counts.min() >= 20  # uniform: 40 expected each
    keys = {label: set() for label in IDENTIFY_LABELS}
    for p, c, label in zip(plain, ciphertext.numpy(), labels.numpy(), strict=True):
        name = IDENTIFY_LABELS[label]
        if name == "english":
            assert np.array_equal(c, p)
        elif name == "shift":
            assert _shift_of(p, c)
            keys[name].add(tuple(((c - p) % N)[:3]))
        elif name == "substitution":
            pairs = set(zip(p.tolist(), c.tolist(), strict=True))
            assert len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs})
            keys[name].add(tuple(sorted(pairs)))
        elif name == "vigenere":
            assert _period_of(p, c) is not None
            keys[name].add(tuple(((c - p) % N)[:12]))
        else:
            assert _primer_of(p, c) is not None and _period_of(p, c) is None
            keys[name].add(tuple(((c - p) % N)[:2]))
    for name in ("shift", "substitution", "vigenere", "autokey"):
        assert len(keys[name]) >= 0.8 * counts[IDENTIFY_LABELS.index(name)]  # keys differ


def test_the_validation_set_is_fixed_and_training_draws_its_own_families():
    config = TrainConfig(
        task="identify", data="english", seq_len=40, validation_size=64, batch_size=32
    )
    first, again = run_messages(config), run_messages(replace(config, seed=7))
    assert torch.equal(first.validation[0], again.validation[0])  # same for every seed
    assert torch.equal(first.validation[1], again.validation[1])
    batch, other = first.batch(), again.batch()
    assert batch[0].shape == (32, 40) and batch[1].shape == (32,)
    assert not torch.equal(batch[0], other[0])  # each seed its own training stream
    held_out = {row.tobytes() for row in first.validation[0].numpy()}
    for _ in range(20):  # English under "english" is its own plaintext: never a held-out one
        assert not any(row.tobytes() in held_out for row in first.batch()[0].numpy())


def test_an_empty_batch_gives_empty_tensors():
    ciphertext, labels = identify_batch(
        np.zeros((0, 5), np.int64), SEED_ALPHABET, np.random.default_rng(0)
    )
    assert ciphertext.shape == (0, 5) and labels.shape == (0,)


def test_the_labels_logits_are_the_first_outputs_averaged_over_the_message():
    logits = torch.arange(24.0).reshape(2, 2, 6)
    assert label_logits(logits, 5).tolist() == [[3, 4, 5, 6, 7], [15, 16, 17, 18, 19]]


def test_a_short_run_identifies_well_above_chance_and_its_loss_is_per_message():
    config = replace(preset("fast", task="identify"), steps=100, eval_every=50, seq_len=100)
    trainer = Trainer(config)
    loss, accuracy = trainer.evaluate()
    # an untrained model spreads its probability nearly evenly over the five labels: its
    # loss per message is close to ln 5 (a per-symbol loss over 27 symbols would be ln 27)
    assert loss == pytest.approx(math.log(5), abs=0.1)
    progress = list(trainer.run())
    final = progress[-1].val_accuracy
    # chance is 20 %; over 256 validation messages its standard deviation is 2.5 points, so
    # 35 % is six of them above chance (measured: 52 % after 100 steps, 5 s under load)
    assert final is not None and final > 0.35
    assert progress[-1].val_loss is not None and progress[-1].val_loss < math.log(5) - 0.2


def test_the_label_probabilities_of_a_text_sum_to_one():
    trainer = Trainer(replace(preset("fast", task="identify"), steps=1))
    probs = label_probabilities(trainer.model, SEED_ALPHABET.encode("HELLO-WORLD").indices, 5)
    assert probs.shape == (5,) and probs.sum() == pytest.approx(1.0, abs=1e-12)
    assert trainer.model.training  # put back as it was
    assert label_probabilities(trainer.model, np.zeros(0, np.int64), 5).tolist() == [0.2] * 5


def test_cipherlab_train_task_identify_saves_a_model_that_info_and_open_name(capsys, tmp_path):
    from cipherlab.cli import main
    from cipherlab.core.storage import load_model

    out = tmp_path / "id.safetensors"
    flags = ["--task", "identify", "--steps", "3", "--seq-len", "40", "--no-progress"]
    assert main(["train", *flags, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "training: a cipher identifier over A–Z and -, english messages" in captured.err
    assert captured.out.startswith("validation accuracy (messages identified right): ")
    assert " after 3 steps (" in captured.out
    bundle = load_model(out)
    assert bundle.task_kind is IDENTIFY and bundle.cipher is None
    assert bundle.model.config.vocab_size == 27
    assert bundle.metadata["training"]["task"] == "identify"
    assert "val_bits_per_symbol" not in bundle.metadata["metrics"] or (
        bundle.metadata["metrics"]["val_bits_per_symbol"] is None
    )
    assert main(["info", str(out)]) == 0
    info = capsys.readouterr().out
    assert (
        "Cipher:              none: a cipher identifier (learns to tell which cipher family "
        "made a ciphertext, one label per message)" in info
    )
    assert "task identify" in info and "Validation bits per symbol" not in info
    assert main(["decode", "--model", str(out), "ABC"]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            "id.safetensors is a cipher identifier: it names the cipher family that made a "
            "ciphertext rather than decrypting it."
        )
    )
    for command in ("crack", "sample"):
        assert main([command, "--lm", str(out), *(["ABC"] if command == "crack" else [])]) == 1
        assert (
            capsys.readouterr()
            .err.strip()
            .endswith("id.safetensors is a cipher identifier; --lm needs a language model.")
        )
