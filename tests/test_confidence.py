"""A crack's stated probability: measured readings, a fitted logistic model, plain verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import (
    FEATURES,
    GROUPS,
    Calibration,
    assess,
    crack,
    english_baselines,
    fit_calibration,
    load_calibration,
    shipped_calibration,
)

PLAINTEXT = (
    "It is a truth universally acknowledged, that a single man in possession of a good "
    "fortune, must be in want of a wife."
)


@pytest.fixture(scope="module")
def letters():
    return english_baselines("letters")


def test_a_long_caesar_crack_is_solved_but_never_certain(letters):
    ciphertext = make_cipher("caesar", "7", "letters").encrypt(PLAINTEXT)
    ranking = crack(ciphertext, "caesar", letters, None, "ngram")
    assert ranking.best.plaintext == PLAINTEXT
    found = assess(ranking, ciphertext, "caesar", letters)
    assert found.verdict == "solved"
    assert 0.95 <= found.probability < 1.0
    assert found.features["agreement"] == 1.0
    assert found.features["log_symbols"] == pytest.approx(math.log(92))


def test_three_letters_are_never_called_solved(letters):
    ciphertext = make_cipher("caesar", "3", "letters").encrypt("Ant")
    ranking = crack(ciphertext, "caesar", letters, None, "ngram")
    assert ranking.best.plaintext == "Ant"
    found = assess(ranking, ciphertext, "caesar", letters)
    assert found.verdict == "probably"
    assert 0.6 <= found.probability < 0.95
    assert found.features["few_symbols"] == pytest.approx(8 / 3)


def test_random_letters_do_not_read_as_english(letters):
    noise = "".join(np.random.default_rng(5).choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 200))
    ranking = crack(noise, "vigenere", letters, None, "ngram")
    found = assess(ranking, noise, "vigenere", letters)
    assert found.verdict == "not English"
    assert found.features["fit"] < -3
    assert found.probability < 0.05


def test_no_letters_is_too_short_and_unlikely(letters):
    ranking = crack("12 + 7 = 19", "caesar", letters, None, "ngram")
    found = assess(ranking, "12 + 7 = 19", "caesar", letters)
    assert (found.verdict, found.probability) == ("too short to trust", 0.001)


def test_the_fit_recovers_a_known_logistic_model_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    rows = [dict(zip(FEATURES, rng.normal(size=len(FEATURES)), strict=True)) for _ in range(4000)]
    families = ["caesar", "vigenere", "substitution", "autokey"] * 1000
    truth = {"fit": 2.0, "unlike_english": -0.5, "margin": -1.0, "agreement": 0.5,
             "log_symbols": 0.0, "few_symbols": 1.0}  # fmt: skip
    logits = [sum(truth[f] * r[f] for f in FEATURES) for r in rows]
    right = rng.random(4000) < 1 / (1 + np.exp(-np.array(logits)))
    english = {"letters": (-2.2, 2.4)}
    fitted = fit_calibration(rows, families, right, english, "synthetic", l2=1e-6)
    assert fitted.weights == pytest.approx(truth, abs=0.15)
    path = tmp_path / "calibration.json"
    path.write_text(fitted.to_json())
    again = load_calibration(path)
    assert again == fitted
    assert set(again.intercepts) == set(GROUPS.values())
    # readings unlike English (fit below -3, 40 letters or more): the share right, per family
    unlike = [r["fit"] < -3 and r["log_symbols"] >= math.log(40) for r in rows]
    assert not any(unlike) and fitted.not_english == dict.fromkeys(sorted(set(families)), 0.5)


def test_a_reading_unlike_english_is_never_stated_above_its_familys_measured_share():
    calibration = Calibration(
        dict.fromkeys(FEATURES, 0.0), dict.fromkeys(GROUPS.values(), 5.0), {}, "",
        {"vigenere": 0.02, "rot13": 0.97},
    )  # fmt: skip
    gibberish = {**dict.fromkeys(FEATURES, 0.0), "fit": -8.0, "log_symbols": math.log(82)}
    assert calibration.probability(gibberish, "vigenere") == 0.02
    assert calibration.probability(gibberish, "rot13") == 0.97  # one key: right even so
    short = {**gibberish, "log_symbols": math.log(20)}  # too short to blame the reading
    assert calibration.probability(short, "vigenere") > 0.99


def test_the_stated_probability_stays_inside_its_bounds():
    calibration = Calibration(
        dict.fromkeys(FEATURES, 100.0), dict.fromkeys(GROUPS.values(), 0.0), {}, ""
    )
    high = dict.fromkeys(FEATURES, 10.0)
    low = dict.fromkeys(FEATURES, -10.0)
    assert calibration.probability(high, "caesar") == 0.995
    assert calibration.probability(low, "caesar") == 0.001


def test_a_file_that_is_not_a_calibration_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"weights": {"fit": 1}}')
    with pytest.raises(ValueError, match="is not a crack calibration"):
        load_calibration(path)


def test_the_shipped_calibration_was_fitted_on_real_prose():
    shipped = shipped_calibration()
    assert "real prose" in shipped.fitted_on
    assert set(shipped.english) == {"letters", "seed"}
