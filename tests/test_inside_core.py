"""Looking inside the network (core): learned mapping, hidden states, saliency, embeddings.

Known answers come from hand-set models whose function is known exactly, and from the
shipped examples, which decrypt their ciphers at 100 %.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cipherlab.core.ciphers import key_period, make_cipher, true_mapping
from cipherlab.core.inside import (
    SIGNALS,
    embedding_map,
    hidden_states,
    learned_mapping,
    period_tracking,
    saliency,
)
from cipherlab.core.network import CipherRNN
from cipherlab.core.settings import ModelConfig
from cipherlab.core.storage import load_model
from cipherlab.resources import example_models

N = 27


def hand_set_caesar(cipher, cell: str = "lstm", gain: float = 5.0, out: float = 30.0) -> CipherRNN:
    """A one-symbol-at-a-time model that decrypts ``cipher`` (no recurrence at all).

    One-hot embedding; the input symbol's unit switches on, the recurrent weights are zero,
    and the output layer sends unit ``a`` to the plaintext of ``a``. Small ``gain`` and
    ``out`` keep its probabilities away from 1, where gradients vanish.
    """
    model = CipherRNN(ModelConfig(vocab_size=N, embedding_dim=N, hidden_size=N, cell=cell))
    truth = true_mapping(cipher)[0]
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        model.embedding.weight.copy_(torch.eye(N))
        if cell == "lstm":  # gates: input open, forget shut, candidate = input, output open
            model.rnn.bias_ih_l0[:N] = 20  # input gate
            model.rnn.bias_ih_l0[N : 2 * N] = -20  # forget gate
            model.rnn.weight_ih_l0[2 * N : 3 * N] = gain * torch.eye(N)  # candidate
            model.rnn.bias_ih_l0[3 * N :] = 20  # output gate
        else:
            model.rnn.weight_ih_l0.copy_(gain * torch.eye(N))
        model.linear.weight[torch.from_numpy(truth), torch.arange(N)] = out
    return model


def test_true_mapping_is_the_decryption_table_per_key_position():
    caesar = make_cipher("caesar", "13")
    assert true_mapping(caesar).shape == (1, N)
    assert true_mapping(caesar)[0, 13] == 0  # N decrypts to A
    vigenere = make_cipher("vigenere", "LEMON", "letters")
    table = true_mapping(vigenere)
    assert table.shape == (5, 26) and key_period(vigenere) == 5
    assert [table[k, 0] for k in range(5)] == [(0 - s) % 26 for s in (11, 4, 12, 14, 13)]


def test_a_hand_set_caesar_models_mapping_is_the_ciphers_permutation():
    cipher = make_cipher("caesar", "13")
    mapping = learned_mapping(hand_set_caesar(cipher), cipher, seq_len=16, messages=64)
    assert mapping.probabilities.shape == (1, N, N)
    np.testing.assert_allclose(mapping.probabilities.sum(axis=-1), 1.0, atol=1e-9)
    permutation = np.zeros((N, N))
    permutation[np.arange(N), true_mapping(cipher)[0]] = 1.0
    np.testing.assert_allclose(mapping.probabilities[0], permutation, atol=1e-3)
    assert mapping.all_learned


def test_a_wrong_mapping_is_not_learned_and_a_language_model_has_none():
    model = hand_set_caesar(make_cipher("caesar", "13"))
    mapping = learned_mapping(model, make_cipher("caesar", "3"), seq_len=8, messages=16)
    assert not mapping.all_learned and not mapping.learned.any()
    lm = CipherRNN(ModelConfig(vocab_size=N + 1))
    with pytest.raises(ValueError, match="language model has no mapping"):
        learned_mapping(lm, make_cipher("caesar", "0"), seq_len=8)


def test_the_shipped_vigenere_model_has_one_learned_map_per_key_position():
    bundle = load_model(example_models()["vigenere"])
    mapping = learned_mapping(bundle.model, bundle.cipher, bundle.seq_len)
    assert mapping.probabilities.shape == (5, N, N)  # LEMON
    assert mapping.learned.tolist() == [True] * 5


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("layers", [1, 2])
def test_replayed_hidden_states_equal_torchs_and_gates_are_probabilities(cell, layers):
    torch.manual_seed(0)
    model = CipherRNN(ModelConfig(hidden_size=7, embedding_dim=5, num_layers=layers, cell=cell))
    text = np.random.default_rng(0).integers(0, N, 50)
    states = hidden_states(model, text)
    assert list(states) == list(SIGNALS[cell])
    with torch.no_grad():
        expected, last = model.rnn(model.embedding(torch.from_numpy(text))[None])
    np.testing.assert_allclose(states["hidden"], expected[0].numpy(), atol=1e-5)
    if cell == "lstm":  # the cell state, by its recurrence, ends where torch's does
        np.testing.assert_allclose(states["cell"][-1], last[1][-1, 0].numpy(), atol=1e-5)
    for name, values in states.items():
        assert values.shape == (50, 7) and values.dtype == np.float32
        if name.endswith("gate"):
            assert values.min() >= 0 and values.max() <= 1


def test_hidden_states_refuse_bad_input_with_a_reason():
    model = CipherRNN(ModelConfig())
    with pytest.raises(ValueError, match="1-D"):
        hidden_states(model, np.zeros((2, 3), dtype=np.int64))
    with pytest.raises(ValueError, match=r"\[0, 27\)"):
        hidden_states(model, np.array([3, 27]))


def test_period_tracking_finds_a_counter_and_ignores_noise():
    position = np.arange(200)
    counter = (position % 5).astype(float)
    noise = np.random.default_rng(3).normal(size=200)
    scores = period_tracking(np.stack([counter, noise], axis=1), 5)
    assert scores[0] == pytest.approx(1.0) and scores[1] < 0.1
    assert period_tracking(np.stack([counter], axis=1), 1).tolist() == [0.0]


def test_the_vigenere_models_top_units_count_the_key_position():
    bundle = load_model(example_models()["vigenere"])
    text = bundle.cipher.encrypt("THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG-" * 10)
    states = hidden_states(bundle.model, np.asarray(bundle.cipher.alphabet.encode(text).indices))
    scores = period_tracking(states["hidden"], 5)
    shuffled = period_tracking(states["hidden"], 7)  # a period the model never counted
    assert scores.max() > 0.9 and np.sort(scores)[-5:].mean() > 2 * np.sort(shuffled)[-5:].mean()


def test_a_per_symbol_models_saliency_is_zero_off_its_own_position():
    cipher = make_cipher("caesar", "13")
    # no recurrence: each output reads one input; unsaturated, so the gradient is not ~0
    model = hand_set_caesar(cipher, cell="rnn", gain=1.0, out=5.0)
    text = np.random.default_rng(1).integers(0, N, 30)
    influence = saliency(model, text, position=12)
    assert influence.shape == (30,) and influence[12] > 0
    assert np.count_nonzero(influence) == 1
    explained = saliency(model, text, position=12, target=int(true_mapping(cipher)[0, text[12]]))
    np.testing.assert_allclose(explained, influence)


def test_saliency_never_reaches_ahead_and_leaves_the_model_untouched():
    torch.manual_seed(0)
    model = CipherRNN(ModelConfig())
    before = {k: v.clone() for k, v in model.state_dict().items()}
    text = np.random.default_rng(2).integers(0, N, 20)
    influence = saliency(model, text, position=9)
    assert (influence[10:] == 0).all() and (influence[:10] > 0).all()
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert all(p.grad is None for p in model.parameters())
    with pytest.raises(ValueError, match="position"):
        saliency(model, text, position=20)


def test_embedding_map_of_symbols_on_a_line_has_one_component():
    model = CipherRNN(ModelConfig(embedding_dim=3))
    with torch.no_grad():
        line = torch.linspace(-1, 1, N)[:, None] * torch.tensor([[1.0, 2.0, 2.0]])
        model.embedding.weight.copy_(line)
    found = embedding_map(model)
    assert found.points.shape == (N, 2)
    assert found.explained[0] == pytest.approx(1.0) and found.explained[1] == pytest.approx(0.0)
    np.testing.assert_allclose(found.points[:, 0], 3 * np.linspace(-1, 1, N), atol=1e-5)
    assert found.points[:, 1] == pytest.approx(0, abs=1e-6)


def test_a_mapping_that_matches_is_learned_only_when_the_probe_accuracy_confirms_it():
    # autokey with a one-symbol primer: a shift by the primer is its mapping at position 0
    # (all that is read), yet beyond it the key is the plaintext and the shift is wrong
    autokey = make_cipher("autokey", "D")
    mapping = learned_mapping(hand_set_caesar(autokey), autokey, 32)
    assert mapping.all_match and mapping.accuracy < 0.2
    assert not mapping.all_learned
    caesar = make_cipher("caesar", "13")
    mapping = learned_mapping(hand_set_caesar(caesar), caesar, 32)
    assert mapping.accuracy == 1.0 and mapping.all_learned
