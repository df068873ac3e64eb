"""The letters language model reads word breaks: where a ciphertext's words end, run-on
training rows, and the crack's language-model score with the breaks put back."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import break_positions, is_grouped, lm_scorer, word_spans
from cipherlab.core.learning import run_on
from cipherlab.core.network import CipherRNN, log_likelihood
from cipherlab.core.settings import LANGUAGE_MODEL, ModelConfig, TrainConfig
from cipherlab.core.text import (
    LETTER_ALPHABET,
    LETTERS_AND_SPACE,
    SEED_ALPHABET,
    alphabet_of,
    with_word_break,
    without_word_break,
)


def test_the_letters_language_model_reads_a_27th_symbol_the_space():
    assert with_word_break(LETTER_ALPHABET) == LETTERS_AND_SPACE
    assert LETTERS_AND_SPACE.symbols == "ABCDEFGHIJKLMNOPQRSTUVWXYZ "
    assert with_word_break(SEED_ALPHABET) is SEED_ALPHABET  # its - already breaks words
    assert without_word_break(LETTERS_AND_SPACE) is LETTER_ALPHABET
    assert alphabet_of(LETTERS_AND_SPACE.symbols).name == "letters+space"  # as a file stores it
    config = TrainConfig(task="lm", data="english", alphabet="letters")
    assert config.text_alphabet() == LETTERS_AND_SPACE
    assert config.model_config(len(config.text_alphabet())).vocab_size == 28
    assert TrainConfig(alphabet="letters", cipher="rot13").text_alphabet() == LETTER_ALPHABET
    assert LANGUAGE_MODEL.text_alphabet(SEED_ALPHABET) is SEED_ALPHABET


@pytest.mark.parametrize(
    "text, spans",
    [
        ("Wkh fdw, vdw.", [(0, 3), (3, 6), (6, 9)]),
        ("It's", [(0, 2), (2, 3)]),  # as the training text is normalised: IT S
        ("QEBNR FZHYL XRSQB", []),  # five-letter groups: no word breaks
        ("QEBNR FZHYL XRS", []),  # the last group shorter
        ("THE CAT SAT", [(0, 3), (3, 6), (6, 9)]),  # three-letter words are words
        ("ABCDE FGHIJ", [(0, 5), (5, 10)]),  # two groups are not yet grouping
        ("HELLOWORLD", []),
    ],
)
def test_word_spans_are_the_words_and_equal_groups_are_not(text, spans):
    assert word_spans(text, LETTER_ALPHABET) == spans
    assert word_spans(text.replace(" ", "-"), SEED_ALPHABET) == []  # - is enciphered


def test_groups_and_breaks():
    assert is_grouped([(0, 4), (4, 8), (8, 12)]) and not is_grouped([(0, 4), (4, 8), (8, 13)])
    assert break_positions([(0, 3), (3, 6), (6, 9)]).tolist() == [3, 6]


def test_run_on_rows_lose_their_breaks_and_refill_from_the_next_row():
    plain = np.array([[0, 26, 1, 2], [3, 4, 26, 5], [6, 7, 8, 26]])
    out = run_on(plain, 26, np.array([True, False, True]))
    assert out.tolist() == [[0, 1, 2, 3], [3, 4, 26, 5], [6, 7, 8, 0]]


def test_the_space_reading_model_scores_a_caesar_candidate_with_its_word_breaks():
    torch.manual_seed(0)
    lm = CipherRNN(ModelConfig(vocab_size=28, embedding_dim=4, hidden_size=8))
    text = make_cipher("caesar", "3", "letters").encrypt("The cat sat")
    breaks = break_positions(word_spans(text, LETTER_ALPHABET))
    plain = np.array([[19, 7, 4, 2, 0, 19, 18, 0, 19]])  # THECATSAT
    with_breaks = lm_scorer(lm, 26, breaks)(plain)
    spaced = np.array([[19, 7, 4, 26, 2, 0, 19, 26, 18, 0, 19]])  # THE CAT SAT
    assert with_breaks == pytest.approx(log_likelihood(lm, spaced))
    run_on_score = lm_scorer(lm, 26, None)(plain)
    assert run_on_score == pytest.approx(log_likelihood(lm, plain, symbols=26))
    # run-on letters: each prediction over the 26 letters alone sums to 1
    every = np.array(np.meshgrid(*[range(26)] * 2)).reshape(2, -1).T
    assert np.exp(lm_scorer(lm, 26)(every)).sum() == pytest.approx(1.0, abs=1e-5)
    seed_sized = CipherRNN(ModelConfig(vocab_size=27, embedding_dim=4, hidden_size=8))
    assert lm_scorer(seed_sized, 26, breaks)(plain) == pytest.approx(
        log_likelihood(seed_sized, plain)
    )


def test_log_likelihood_over_fewer_symbols_is_the_conditional_probability():
    torch.manual_seed(1)
    lm = CipherRNN(ModelConfig(vocab_size=4, embedding_dim=4, hidden_size=8))  # a, b, break
    every = np.array([[a] for a in range(2)])
    assert np.exp(log_likelihood(lm, every, symbols=2)).sum() == pytest.approx(1.0, abs=1e-6)
    full = np.exp(log_likelihood(lm, np.array([[0], [1], [2]])))
    assert math.isclose(full.sum(), 1.0, abs_tol=1e-6)


def test_the_shipped_letters_model_writes_english_words_between_spaces():
    from cipherlab.core.network import sample
    from cipherlab.core.storage import load_model
    from cipherlab.core.text import word_break_index, word_tables
    from cipherlab.resources import language_model_path

    bundle = load_model(language_model_path("letters"))
    assert bundle.alphabet == LETTERS_AND_SPACE and word_break_index(bundle.alphabet) == 26
    drawn = sample(bundle.model, 400, 0.7, seed=1, prompt=(26,))
    words = "".join(bundle.alphabet.symbols[i] for i in drawn).split()
    common = set(word_tables().words[:20_000])
    assert len(words) > 50  # words, not one run of letters
    assert sum(w in common for w in words[:-1]) / len(words[:-1]) > 0.8
    with pytest.raises(ValueError, match="prompt's symbols"):
        sample(bundle.model, 5, prompt=(27,))  # the start symbol is no prompt
