"""Cracking monoalphabetic substitution: cryptograms with and without word breaks."""

from __future__ import annotations

import json

import pytest

from cipherlab.cli import main
from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import (
    CRACKABLE,
    baselines_for,
    crack,
    crack_substitution,
    english_config,
    word_spans,
)
from cipherlab.core.text import normalise

GETTYSBURG = (
    "Four score and seven years ago our fathers brought forth on this continent, a new "
    "nation, conceived in Liberty, and dedicated to the proposition that all men are "
    "created equal. Now we are engaged in a great civil war, testing whether that nation, "
    "or any nation so conceived and so dedicated, can long endure."
)
KEY = "REMDSNUAXTKIHBYOPGQFZWCVJL"
"""A random permutation (``SubstitutionCipher.random_key(7)`` over ``letters``)."""


@pytest.fixture(scope="module")
def letters():
    return baselines_for(english_config("letters"), 200)


@pytest.fixture(scope="module")
def seed():
    return baselines_for(english_config("seed"), 200)


def test_a_cryptogram_with_its_word_breaks_is_decrypted_exactly(letters):
    ciphertext = make_cipher("substitution", KEY, letters.alphabet).encrypt(GETTYSBURG)
    assert ciphertext.startswith("Nyzg qmygs rbd qswsb jsrgq ruy yzg nrfasgq egyzuaf nygfa")
    ranking = crack(ciphertext, "substitution", letters, None, "ngram")
    assert ranking.best.plaintext == GETTYSBURG
    assert ranking.best.cipher.encrypt(GETTYSBURG) == ciphertext
    assert ranking.method == "ngram" and ranking.warning is None
    assert ranking.symbols == 247 and ranking.best.posteriors["ngram"] > 0.9
    assert "substitution" in CRACKABLE and "autokey" in CRACKABLE


def test_the_word_score_reads_the_breaks_of_natural_text_and_none_over_seed(letters, seed):
    assert word_spans("Ab, cde f.", letters.alphabet) == [(0, 2), (2, 5), (5, 6)]
    assert word_spans("AB-CDE-F", seed.alphabet) == []  # the - is enciphered: breaks unknown


def test_a_seed_cryptogram_with_the_separator_enciphered_is_decrypted_exactly(seed):
    plaintext = normalise(GETTYSBURG, seed.alphabet)
    assert plaintext.startswith("FOUR-SCORE-AND-SEVEN-YEARS-AGO-OUR-FATHERS")
    key = "REZNDOMSTCJWUKIHBPGQF-XAVYL"  # 27 symbols: the - is a letter of the key
    ciphertext = make_cipher("substitution", key, seed.alphabet).encrypt(plaintext)
    assert ciphertext.startswith("OIFPLGZIPDLRKNLGD-DKLVDRPGLRMILIFPLORQSDPGL")
    ranking = crack(ciphertext, "substitution", seed, None, "ngram")
    assert ranking.best.plaintext == plaintext
    assert ranking.best.cipher.encrypt(plaintext) == ciphertext


def test_a_fixed_pair_is_kept_by_every_candidate_and_can_make_the_answer(letters):
    plaintext = "The quiet village woke to find the bridge washed away by the flood."
    key = "UWDRNMZLAPIJSGBKCXQOEHFVTY"
    ciphertext = make_cipher("substitution", key, letters.alphabet).encrypt(plaintext)
    alone = crack(ciphertext, "substitution", letters, None, "ngram")
    assert alone.best.plaintext == (
        "The cruet duwwabe love to sump the ifupbe layhep alan in the swoop."
    )
    helped = crack(ciphertext, "substitution", letters, None, "ngram", fixed={"c": "q"})
    assert helped.best.plaintext == plaintext
    for candidate in helped.keys:  # ciphertext C decrypts to Q: plaintext Q encrypts to C
        assert candidate.cipher.key[ord("Q") - ord("A")] == "C"
    with pytest.raises(ValueError, match="Two ciphertext letters cannot both decrypt to 'Q'"):
        crack_substitution(
            ciphertext,
            letters.alphabet,
            {"ngram": letters.quadgrams.score},
            "ngram",
            letters.quadgrams,
            letters.frequencies,
            fixed={"C": "Q", "D": "Q"},
        )


def test_empty_and_tiny_texts_warn_instead_of_raising(letters):
    assert crack("", "substitution", letters, None, "ngram").warning == (
        "No alphabet symbols: there is nothing to decrypt, and every key fits."
    )
    assert crack("Xy", "substitution", letters, None, "ngram").warning.startswith(
        "Only 2 symbols: too short to be sure"
    )


def test_the_cli_cracks_substitution_and_its_json_stays_valid(capsys):
    ciphertext = make_cipher("substitution", KEY, "letters").encrypt(GETTYSBURG)
    code = main(["crack", "--cipher", "substitution", "--method", "ngram", "--json", ciphertext])
    out, _ = capsys.readouterr()
    result = json.loads(out)
    assert code == 0 and result["plaintext"] == GETTYSBURG
    assert result["alphabet"] == "letters"
