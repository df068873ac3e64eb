"""Accuracy against message length: the core probe (a generator) and ``cipherlab probe``."""

import importlib
import json

import numpy as np
import pytest
import torch

from cipherlab.cli import main
from cipherlab.core.ciphers import make_cipher
from cipherlab.core.inside import ProbePoint, ProbeProgress, probe, probe_steps
from cipherlab.core.network import CipherRNN
from cipherlab.core.settings import DEFAULT_LENGTHS, ModelConfig, StopRule, preset
from cipherlab.core.storage import ModelBundle, load_model
from cipherlab.resources import default_model_path

probe_module = importlib.import_module("cipherlab.core.inside.generalisation")


@pytest.fixture(scope="module")
def shipped():
    return load_model(default_model_path())


def test_the_shipped_model_is_perfect_from_8_to_1024_symbols_of_random_text(shipped):
    points = probe(shipped)
    assert (
        [p.length for p in points] == list(DEFAULT_LENGTHS) == [8, 16, 32, 64, 128, 256, 512, 1024]
    )
    for point in points:
        assert point == ProbePoint(point.length, 1.0, 1.0, 100)


def test_the_shipped_model_is_perfect_on_english_text_too(shipped):
    assert all(p.symbol_accuracy == 1.0 for p in probe(shipped, [16, 256], "english", 20))
    assert all(p.symbol_accuracy == 1.0 for p in probe(shipped, [16, 256], "prose", 20))


def test_prose_is_drawn_from_the_test_part_that_no_model_learns_from():
    from cipherlab.core.inside import plaintext_source
    from cipherlab.core.text import SEED_ALPHABET, prose_indices

    label, draw = plaintext_source("prose", SEED_ALPHABET, 64)
    messages = draw(np.random.default_rng(0), 5, 64)
    held_out = "".join(SEED_ALPHABET.symbols[i] for i in prose_indices("test", SEED_ALPHABET))
    assert label == "prose" and messages.shape == (5, 64)
    assert all("".join(SEED_ALPHABET.symbols[i] for i in row) in held_out for row in messages)
    with pytest.raises(ValueError, match="English prose is too short"):
        plaintext_source("prose", SEED_ALPHABET, 10**8)


def test_progress_is_plain_frozen_data_that_ends_at_one(shipped, monkeypatch):
    monkeypatch.setattr(probe_module, "FLOATS_PER_STEP", 2**14)  # many small steps
    steps = probe_steps(shipped, [8, 100, 300], n_messages=30)
    records = []
    while True:
        try:
            records.append(next(steps))
        except StopIteration as done:
            points = done.value
            break
    assert all(isinstance(r, ProbeProgress) for r in records) and len(records) > 10
    fractions = [r.fraction for r in records]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert records[-1].points == tuple(points) and [p.length for p in points] == [8, 100, 300]
    assert [len(r.points) for r in records] == sorted(len(r.points) for r in records)


def test_stopping_the_generator_stops_the_probe(shipped):
    steps = probe_steps(shipped, [1024] * 8, n_messages=100)
    next(steps)
    steps.close()  # what a worker's abort does at a yield
    with pytest.raises(StopIteration):
        next(steps)


def _random_bundle(family: str, key: str) -> ModelBundle:
    cipher = make_cipher(family, key, "letters")
    torch.manual_seed(0)
    model = CipherRNN(ModelConfig(vocab_size=26, embedding_dim=4, hidden_size=8))
    return ModelBundle(model, cipher, {"training": {"seq_len": 16}})


@pytest.mark.parametrize("family, key", [("caesar", "3"), ("vigenere", "LEMON")])
def test_small_steps_give_the_same_numbers_as_large_ones(monkeypatch, family, key):
    """Blocks of a message carry the state (Vigenère) or keep whole windows (Caesar)."""
    bundle = _random_bundle(family, key)
    whole = probe(bundle, [5, 16, 40, 333], n_messages=12, seed=4)
    monkeypatch.setattr(probe_module, "FLOATS_PER_STEP", 97)
    assert probe(bundle, [5, 16, 40, 333], n_messages=12, seed=4) == whole


def test_the_same_seed_gives_the_same_messages():
    bundle = _random_bundle("caesar", "3")
    assert probe(bundle, [64], n_messages=50, seed=1) == probe(bundle, [64], n_messages=50, seed=1)
    assert probe(bundle, [64], n_messages=50, seed=1) != probe(bundle, [64], n_messages=50, seed=2)


def test_a_source_may_be_a_callable_or_a_text_file(shipped, tmp_path):
    def all_a(rng, count, length):
        return np.zeros((count, length), dtype=np.int64)

    assert probe(shipped, [10], all_a, 3) == [ProbePoint(10, 1.0, 1.0, 3)]
    text = tmp_path / "text.txt"
    text.write_text("The quick brown fox jumps over the lazy dog. " * 30, encoding="utf-8")
    assert probe(shipped, [8, 1000], str(text), 5)[1] == ProbePoint(1000, 1.0, 1.0, 5)
    with pytest.raises(ValueError, match="text.txt is too short: 1,319 symbols"):
        probe(shipped, [2000], text, 5)


@pytest.mark.parametrize(
    "lengths, n_messages, words",
    [
        ([], 5, "Give 1 to 64 message lengths, got 0"),
        ([8, 0], 5, "must be from 1 to 100,000, got 0"),
        ([10**6], 5, "got 1,000,000"),
        ([8.5], 5, "A message length is a whole number, got 8.5"),
        ([8], 0, "Messages per length must be from 1"),
    ],
)
def test_bad_arguments_are_refused_in_one_sentence_before_any_work(
    shipped, lengths, n_messages, words
):
    with pytest.raises(ValueError, match=words):
        probe(shipped, lengths, n_messages=n_messages)


def test_a_vigenere_model_trained_on_32_symbols_holds_at_1024():
    """The lesson the probe exists for; measured with this seed and key (issue 11)."""
    from cipherlab.core.learning import Trainer

    config = preset("fast", cipher="vigenere", key="ABC", alphabet="letters", seed=1, steps=1500)
    trainer = Trainer(config)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the window's rule on 2 cores: 2 s here, 28 s with 2 threads
    try:
        for _ in trainer.run(stop_rule=StopRule(1.0, 1)):
            pass
    finally:
        torch.set_num_threads(threads)
    bundle = ModelBundle(trainer.model, trainer.cipher, {"training": {"seq_len": 32}})
    points = probe(bundle, [8, 32, 1024], n_messages=50)
    assert points[0].message_accuracy == points[1].message_accuracy == 1.0
    assert points[2].symbol_accuracy > 0.99


# ------------------------------------------------------------------------------------ CLI
def test_cli_json_has_one_result_per_length(capsys):
    argv = ["probe", "--json", "--lengths", "8,64,1024", "--messages", "10", "--seed", "3"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert set(data) == {
        "model",
        "cipher",
        "trained_length",
        "decoding",
        "data",
        "data_note",
        "messages",
        "seed",
        "results",
    }
    assert data["cipher"] == {
        "family": "caesar",
        "key": 13,
        "alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
        "name": "Caesar +13, A–Z and -",
    }
    assert (data["trained_length"], data["decoding"], data["data"]) == (32, "windows", "random")
    assert data["data_note"] == "the model file does not name its training data"
    assert (data["messages"], data["seed"]) == (10, 3)
    assert data["results"] == [
        {"length": n, "symbol_accuracy": 1.0, "message_accuracy": 1.0, "messages": 10}
        for n in (8, 64, 1024)
    ]
    assert err == ""  # no progress bar with --json


def test_cli_prints_a_table(capsys):
    assert main(["probe", "--lengths", "8,1024", "--messages", "5", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Caesar +13, A–Z and -: trained on 32-symbol messages, decoded in 32-symbol windows",
        "random text (the model file does not name its training data), 5 messages per length "
        "(seed 0)",
        "",
        "  length  per symbol  whole message",
        "       8      100.0%         100.0%",
        "   1,024      100.0%         100.0%",
    ]
    assert err == ""


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--lengths", "8,x"], "argument --lengths: give whole numbers separated by commas"),
        (["--lengths", "0"], "argument --lengths: A message length must be from 1 to 100,000"),
        (["--messages", "0"], "argument --messages: must be from 1 to 100,000, got 0"),
    ],
)
def test_cli_usage_errors_are_one_line(capsys, argv, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["probe", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_cli_refuses_a_missing_or_short_file_in_one_line(capsys, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("only a few words", encoding="utf-8")
    for data, words in [(tmp_path / "missing.txt", "missing.txt"), (short, "too short")]:
        assert main(["probe", "--data", str(data)]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("cipherlab: error: ") and words in err
        assert err.count("\n") == 1


def _saved(tmp_path, **settings) -> str:
    from cipherlab.core.storage import make_bundle, save_model

    path = tmp_path / "model.safetensors"
    save_model(path, make_bundle(preset("fast", alphabet="letters", seq_len=16, **settings)))
    return str(path)


def _header(capsys, argv) -> list[str]:
    assert main(["probe", "--lengths", "8", "--messages", "2", "--no-progress", *argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines()[:2]


def test_cli_probes_a_model_trained_on_english_with_english_by_default(capsys, tmp_path):
    model = _saved(tmp_path, data="english")
    assert _header(capsys, ["--model", model]) == [
        "Caesar +3, A–Z: trained on 16-symbol messages, decoded in 16-symbol windows",
        "english text (the model's training data), 2 messages per length (seed 0)",
    ]
    assert _header(capsys, ["--model", model, "--data", "random"])[1] == (
        "random text (given with --data), 2 messages per length (seed 0)"
    )
    argv = ["probe", "--model", model, "--lengths", "8", "--messages", "2", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["data"], data["data_note"]) == ("english", "the model's training data")


def test_cli_falls_back_to_random_for_a_model_trained_on_a_file_and_says_why(capsys, tmp_path):
    text = tmp_path / "diary.txt"
    text.write_text("Dear diary, today I learnt a cipher. " * 20, encoding="utf-8")
    model = _saved(tmp_path, data="file", data_path=str(text))
    assert _header(capsys, ["--model", model])[1] == (
        "random text (its training text, diary.txt, is not stored with the model), "
        "2 messages per length (seed 0)"
    )
