"""Cracking Vigenère without the key: period estimates, chi-squared keys, scored search."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import (
    chi2_key,
    crack_vigenere,
    decrypt_shifts,
    friedman_period,
    index_of_coincidence,
    kasiski_counts,
)
from cipherlab.core.text import (
    LETTER_ALPHABET,
    SEED_ALPHABET,
    NGramScorer,
    chi_squared,
    english_messages,
    symbol_frequencies,
)

GETTYSBURG = (
    "FOUR SCORE AND SEVEN YEARS AGO OUR FATHERS BROUGHT FORTH ON THIS CONTINENT A NEW NATION "
    "CONCEIVED IN LIBERTY AND DEDICATED TO THE PROPOSITION THAT ALL MEN ARE CREATED EQUAL NOW "
    "WE ARE ENGAGED IN A GREAT CIVIL WAR TESTING WHETHER THAT NATION OR ANY NATION SO "
    "CONCEIVED AND SO DEDICATED CAN LONG ENDURE"
)


@pytest.fixture(scope="module")
def letters():
    text = english_messages(np.random.default_rng(0), 5000, 64, LETTER_ALPHABET)
    quadgrams = NGramScorer.fit(text, 4, 26)
    freq = symbol_frequencies(text, 26)
    scorers = {"ngram": quadgrams.score, "chi2": lambda x: -0.5 * chi_squared(x, freq)}
    return scorers, freq


def test_index_of_coincidence_by_hand():
    assert index_of_coincidence(np.array([0, 0, 1, 1]), 2) == pytest.approx(4 / 12)
    assert index_of_coincidence(np.array([0]), 2) == 0.0


def test_lemon_over_the_gettysburg_address_gives_up_its_period_and_key(letters):
    scorers, freq = letters
    cipher = make_cipher("vigenere", "LEMON", LETTER_ALPHABET)
    ciphertext = cipher.encrypt(GETTYSBURG)
    indices = LETTER_ALPHABET.encode(ciphertext).indices
    assert friedman_period(indices, 26) == 5
    assert np.argmax(kasiski_counts(indices)[2:]) + 2 in (5, 10, 15)  # 5 or a multiple
    assert "".join(LETTER_ALPHABET.symbols[s] for s in chi2_key(indices, 5, freq)) == "LEMON"
    ranking = crack_vigenere(ciphertext, LETTER_ALPHABET, scorers, "ngram", freq)
    assert ranking.best.cipher == cipher and ranking.best.plaintext == GETTYSBURG
    assert ranking.warning is None and ranking.best.posteriors["ngram"] > 0.99
    assert sum(k.posteriors["ngram"] for k in ranking.keys) == pytest.approx(1.0)


def test_decrypt_shifts_is_the_ciphers_decryption():
    cipher = make_cipher("vigenere", "KEY", SEED_ALPHABET)
    plain = np.arange(20) % 27
    shifts = np.array([10, 4, 24])
    assert np.array_equal(decrypt_shifts(cipher.encrypt_indices(plain), shifts, 27), plain)
    batch = decrypt_shifts(cipher.encrypt_indices(plain), np.stack([shifts, shifts]), 27)
    assert batch.shape == (2, 20) and np.array_equal(batch[1], plain)


@pytest.mark.parametrize("text", ["", "!!", "Q", "QEB NRFZH"])
def test_short_input_is_ranked_with_a_warning(letters, text):
    scorers, freq = letters
    ranking = crack_vigenere(text, LETTER_ALPHABET, scorers, "ngram", freq)
    assert ranking.warning is not None and len(ranking.keys) >= 1


def test_bad_requests_say_why(letters):
    scorers, freq = letters
    with pytest.raises(ValueError, match="1 to 32"):
        crack_vigenere("ABC", LETTER_ALPHABET, scorers, "ngram", freq, max_period=40)
    with pytest.raises(ValueError, match="Unknown method"):
        crack_vigenere("ABC", LETTER_ALPHABET, scorers, "lm", freq)


def test_a_repeated_key_is_its_shortest_period():
    from cipherlab.core.cryptanalysis import shortest_period

    assert shortest_period(np.array([10, 4, 24, 10, 4, 24])).tolist() == [10, 4, 24]
    assert shortest_period(np.array([1, 2, 1])).tolist() == [1, 2, 1]


@pytest.mark.parametrize(
    "key, plaintext",
    [  # real prose from fortunes' calibration part (tuned on; never the test part)
        ("LYK", "fading away, Looking at me, I got nothin' t"),  # 32 letters: was MNAFSMJOYHV
        ("LYK", "hour, minute until predestiny decrees"),  # 32: was LYKWJIJOK
        ("QUART", "for the rest, Yo-ho-ho and a bottle of rum! F"),  # 32: was COAUNTAQV
        ("LYK", "wise man time to thi"),  # 16 letters: was SNGTPK
        (
            "FTXBAWY",
            "in America. For instance they say elevator and we say lift. They say drapes and w",
        ),  # 64 letters, period 7: was BFY
    ],
)
def test_short_real_prose_gives_up_its_key_without_a_longer_period(key, plaintext):
    from cipherlab.core.cryptanalysis import crack, english_baselines

    ciphertext = make_cipher("vigenere", key, LETTER_ALPHABET).encrypt(plaintext)
    ranking = crack(ciphertext, "vigenere", english_baselines("letters"), None, "ngram")
    assert ranking.best.cipher.key_text == key and ranking.best.plaintext == plaintext


def test_the_periods_searched_are_capped_by_the_length():
    from cipherlab.core.cryptanalysis.vigenere import period_cap, searched

    assert [period_cap(letters) for letters in (1, 16, 32, 64)] == [1, 8, 16, 16]
    assert period_cap(20, max_period=5) == 5
    short = LETTER_ALPHABET.encode("qyntlq lukj, Jyzisye ke ko, T eye lyefsy' r").indices
    assert searched(np.asarray(short), 26, 16) == list(range(1, 17))  # every one up to 32 / 2
    cipher = make_cipher("vigenere", "LEMON", LETTER_ALPHABET)
    long = np.asarray(LETTER_ALPHABET.encode(cipher.encrypt(GETTYSBURG)).indices)
    assert searched(long, 26, 16)[0] == 5 and len(searched(long, 26, 16)) == 3


def test_a_long_text_is_searched_from_its_first_two_thousand_letters(letters):
    scorers, freq = letters
    seen = []

    def ngram(texts):
        seen.append(np.shape(texts)[-1])
        return scorers["ngram"](texts)

    plaintext = (GETTYSBURG + " ") * 81  # 20,007 letters
    cipher = make_cipher("vigenere", "LEMON", LETTER_ALPHABET)
    ranking = crack_vigenere(cipher.encrypt(plaintext), LETTER_ALPHABET, {"ngram": ngram},
                             "ngram", freq)  # fmt: skip
    assert ranking.best.cipher == cipher and ranking.symbols == 20_007
    assert max(seen) == 2_000


def test_a_costly_scorer_only_scores_keys_too_long_for_the_text_to_settle(letters):
    # "QEB": every n-gram key has a column of one letter; the costly scorer (standing in for
    # the language model) must not refine them, yet still rank every candidate
    scorers, freq = letters
    calls = []

    def costly(texts):
        calls.append(len(texts))
        return scorers["ngram"](texts)

    ranking = crack_vigenere("QEB", LETTER_ALPHABET, {**scorers, "lm": costly}, "lm", freq)
    assert calls == [len(ranking.keys)]  # one batch: the ranking's own scoring
    assert ranking.method == "lm" and ranking.warning is not None
