"""Cracking small key spaces by enumeration: exact answers, posteriors, warnings."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import candidate_ciphers, rank_keys
from cipherlab.core.text import (
    LETTER_ALPHABET,
    SEED_ALPHABET,
    NGramScorer,
    chi_squared,
    english_messages,
    symbol_frequencies,
)


@pytest.fixture(scope="module", params=["seed", "letters"])
def scorers(request):
    alphabet = SEED_ALPHABET if request.param == "seed" else LETTER_ALPHABET
    text = english_messages(np.random.default_rng(0), 5000, 64, alphabet)
    trigrams = NGramScorer.fit(text, 3, len(alphabet))
    freq = symbol_frequencies(text, len(alphabet))
    return alphabet, {"ngram": trigrams.score, "chi2": lambda x: -0.5 * chi_squared(x, freq)}


def test_the_textbook_caesar_pangram_is_cracked_exactly(scorers):
    alphabet, methods = scorers
    plaintext = "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"
    if alphabet is SEED_ALPHABET:
        plaintext = plaintext.replace(" ", "-")
    ciphertext = make_cipher("caesar", "3", alphabet).encrypt(plaintext)
    if alphabet is LETTER_ALPHABET:
        assert ciphertext == "WKH TXLFN EURZQ IRA MXPSV RYHU WKH ODCB GRJ"  # Caesar's own key
    ranking = rank_keys(ciphertext, candidate_ciphers("caesar", alphabet), methods, "ngram")
    assert ranking.best.key_label == "+3" and ranking.best.plaintext == plaintext
    assert ranking.winners["ngram"] == 0 and ranking.warning is None
    assert ranking.symbols == len(alphabet.encode(plaintext).indices)
    for method in methods:
        total = sum(key.posteriors[method] for key in ranking.keys)
        assert total == pytest.approx(1.0)
    assert ranking.confidence.shape == (ranking.symbols,)
    assert np.all((ranking.confidence > 0.99) & (ranking.confidence <= 1 + 1e-9))


def test_affine_and_atbash_fall_out_of_the_same_enumeration(scorers):
    alphabet, methods = scorers
    plaintext = "ATTACK AT DAWN THE ENEMY IS NEAR THE RIVER"
    if alphabet is SEED_ALPHABET:
        plaintext = plaintext.replace(" ", "-")
    cipher = make_cipher("affine", "7,3", alphabet)
    candidates = candidate_ciphers("affine", alphabet)
    assert len(candidates) == (18 if len(alphabet) == 27 else 12) * len(alphabet)  # phi(n) * n
    ranking = rank_keys(cipher.encrypt(plaintext), candidates, methods, "ngram")
    assert ranking.best.cipher == cipher and ranking.best.plaintext == plaintext
    atbash = make_cipher("atbash", None, alphabet)
    ranking = rank_keys(atbash.encrypt(plaintext), candidate_ciphers("atbash", alphabet),
                        methods, "chi2")  # fmt: skip
    assert ranking.best.plaintext == plaintext and ranking.keys[0].posteriors["chi2"] == 1.0


@pytest.mark.parametrize("text, start", [
    ("", "No alphabet symbols"),
    ("123 !! 🙂", "No alphabet symbols"),
    ("QEB", "Only 3 symbols: too short to be sure"),
])  # fmt: skip
def test_short_or_hopeless_input_is_ranked_with_a_plain_warning(scorers, text, start):
    alphabet, methods = scorers
    ranking = rank_keys(text, candidate_ciphers("caesar", alphabet), methods, "ngram")
    assert ranking.warning.startswith(start)
    assert len(ranking.keys) == len(alphabet)
    if not ranking.symbols:
        assert ranking.best.plaintext == text  # pass-through only: every key gives the same


def test_a_long_paste_is_ranked_on_its_first_symbols(scorers):
    alphabet, methods = scorers
    cipher = make_cipher("caesar", "11", alphabet)
    indices = english_messages(np.random.default_rng(7), 1, 100_000, alphabet)[0]
    plaintext = "".join(alphabet.symbols[i] for i in indices)
    ranking = rank_keys(cipher.encrypt(plaintext), candidate_ciphers("caesar", alphabet),
                        methods, "ngram")  # fmt: skip
    assert ranking.best.cipher == cipher and ranking.symbols == 100_000


def test_bad_requests_say_why(scorers):
    alphabet, methods = scorers
    with pytest.raises(ValueError, match="Unknown method 'lm'"):
        rank_keys("ABC", candidate_ciphers("caesar", alphabet), methods, "lm")
    with pytest.raises(ValueError, match="cannot all be tried"):
        candidate_ciphers("vigenere", alphabet)
