"""Reference entropies of a training text: the lines a language model's loss must beat."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cipherlab.core.learning import reference_entropies
from cipherlab.core.settings import preset
from cipherlab.core.text import text_entropies


def test_an_alternating_text_has_one_bit_of_letter_counts_and_no_bigram_surprise():
    texts = np.tile([0, 1], (10, 500))  # ABAB...: each letter half the time, fully predictable
    found = text_entropies(texts, 2)
    assert found.unigram_bits == pytest.approx(1.0, abs=1e-6)
    assert found.bigram_bits == pytest.approx(0.0, abs=0.01)
    assert found.symbols == 10_000


def test_uniform_random_symbols_are_log2_n_bits_either_way():
    rng = np.random.default_rng(0)
    texts = rng.integers(0, 27, size=(2_000, 64))
    found = text_entropies(texts, 27)
    assert found.unigram_bits == pytest.approx(math.log2(27), abs=0.01)
    assert found.bigram_bits == pytest.approx(math.log2(27), abs=0.05)


def test_english_like_training_text_sits_where_shannon_measured_english():
    found = reference_entropies(preset("fast", task="lm", alphabet="seed"), batches=20)
    assert 3.9 < found.unigram_bits < 4.3  # letter counts alone
    assert 3.1 < found.bigram_bits < found.unigram_bits - 0.5  # pairs know more


def test_random_symbols_and_empty_text_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="Random symbols"):
        reference_entropies(preset("fast", task="decrypt", data="random"))
    with pytest.raises(ValueError, match="No text"):
        text_entropies(np.zeros((0, 5), dtype=np.int64), 27)
