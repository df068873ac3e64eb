"""What cipher is this? The classical identifier on textbook cases from real prose."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import alphabet_named, make_cipher
from cipherlab.core.cryptanalysis import (
    FAMILY_LABELS,
    baselines_for,
    english_config,
    identify,
)
from cipherlab.core.text import prose_messages


@pytest.fixture(scope="module")
def english() -> np.ndarray:
    return baselines_for(english_config("letters")).frequencies


LETTERS = alphabet_named("letters")


def _prose(length: int, seed: int = 1) -> str:
    rng = np.random.default_rng(seed)
    return prose_messages("fortunes", "calibration", 1, length, LETTERS, rng)[0]


def test_probabilities_sum_to_one_and_never_claim_certainty(english: np.ndarray) -> None:
    for text in ("", "A", _prose(400), "QQQQQQQQQQQQQQQQQQQQ"):
        found = identify(text, LETTERS, english)
        assert tuple(found.probabilities) == FAMILY_LABELS
        assert sum(found.probabilities.values()) == pytest.approx(1.0, abs=1e-12)
        assert all(0.0 < p < 1.0 for p in found.probabilities.values())
        assert 1 <= found.period <= 16
        assert 0.0 < found.period_probability <= 1.0


def test_plain_english_is_english(english: np.ndarray) -> None:
    found = identify(_prose(120), LETTERS, english)
    assert found.best == "english"
    assert found.probabilities["english"] > 0.9


def test_caesar_text_from_real_prose_is_a_shift(english: np.ndarray) -> None:
    text = make_cipher("caesar", "3", LETTERS).encrypt(_prose(120, seed=2))
    found = identify(text, LETTERS, english)
    assert found.best == "shift"
    assert found.describe().startswith("Shift or affine (")


def test_vigenere_lemon_at_200_letters_is_vigenere_with_period_5(english: np.ndarray) -> None:
    text = make_cipher("vigenere", "LEMON", LETTERS).encrypt(_prose(200, seed=3))
    found = identify(text, LETTERS, english)
    assert found.best == "vigenere"
    assert found.period == 5
    assert found.describe().startswith("Vigenère (period 5, ")
    assert found.statistics.length == 200
    assert np.nanargmax(found.statistics.period_iocs[:9]) + 1 == 5


def test_letter_shares_are_of_the_ciphertext(english: np.ndarray) -> None:
    found = identify("AAB b!", LETTERS, english)
    stats = found.statistics
    assert stats.length == 4
    assert stats.frequencies[:3].tolist() == [0.5, 0.5, 0.0]
    assert stats.random_ioc == pytest.approx(1 / 26)
    assert stats.english_ioc == pytest.approx(float((english**2).sum()))
    assert stats.ioc == pytest.approx((2 * 1 + 2 * 1) / (4 * 3))
