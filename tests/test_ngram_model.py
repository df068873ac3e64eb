"""Classical plaintext scores: n-gram log-likelihood and chi-squared, on hand-counted texts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cipherlab.core.text import (
    SEED_ALPHABET,
    NGramScorer,
    chi_squared,
    english_messages,
    symbol_frequencies,
)

A, B = 0, 1


def test_bigram_probabilities_are_the_smoothed_counts():
    scorer = NGramScorer.fit(np.array([A, B, A, B]), order=2, n_symbols=2, smoothing=0.5)
    # pairs AB, BA, AB: row A = [0.5, 2.5], row B = [1.5, 0.5]
    assert np.exp(scorer.log_probs) == pytest.approx([0.5 / 3, 2.5 / 3, 0.75, 0.25])
    # a text's first symbol is scored by how often each symbol opens a pair (A: 3 of 5)
    assert scorer.score(np.array([A, B])) == pytest.approx(math.log(3 / 5) + math.log(2.5 / 3))
    assert scorer.score(np.array([[A, B], [B, B]])) == pytest.approx(
        [math.log(3 / 5 * 2.5 / 3), math.log(2 / 5 * 0.25)]
    )
    assert scorer.score(np.zeros(0, dtype=np.int64)) == 0.0


def test_each_row_is_a_probability_distribution():
    text = english_messages(np.random.default_rng(0), 200, 50, SEED_ALPHABET)
    scorer = NGramScorer.fit(text, order=3, n_symbols=27)
    rows = np.exp(scorer.log_probs.astype(np.float64)).reshape(-1, 27)
    assert rows.sum(axis=1) == pytest.approx(np.ones(27 * 27), abs=1e-5)


def test_english_scores_above_its_caesar_shifts_and_higher_orders_predict_better():
    train = english_messages(np.random.default_rng(0), 5000, 64, SEED_ALPHABET)
    held_out = english_messages(np.random.default_rng(1), 100, 64, SEED_ALPHABET)
    bits = [NGramScorer.fit(train, n, 27).bits_per_symbol(held_out) for n in (1, 2, 3, 4)]
    assert bits == sorted(bits, reverse=True) and bits[0] < math.log2(27)
    quadgrams = NGramScorer.fit(train, 4, 27)
    shifted = (held_out + 3) % 27
    assert np.all(quadgrams.score(held_out) > quadgrams.score(shifted))


def test_chi_squared_is_pearsons_statistic():
    expected = np.array([0.5, 0.5])
    assert chi_squared(np.array([A] * 10), expected) == pytest.approx(10.0)  # 25/5 + 25/5
    assert chi_squared(np.array([[A, B] * 5, [A] * 10]), expected) == pytest.approx([0, 10])
    assert chi_squared(np.zeros(0, dtype=np.int64), expected) == 0.0


def test_frequencies_sum_to_one_and_never_are_zero():
    freq = symbol_frequencies(np.array([A, A, A]), 3)
    assert freq.sum() == pytest.approx(1.0) and np.all(freq > 0)
    assert freq == pytest.approx([3 / 4, 0.5 / 4, 0.5 / 4])


@pytest.mark.parametrize("order, smoothing", [(0, 0.5), (6, 0.5), (2, 0.0)])
def test_bad_settings_say_why(order, smoothing):
    with pytest.raises(ValueError):
        NGramScorer.fit(np.array([A, B]), order, 2, smoothing)
