"""Cracking monoalphabetic substitution: cryptograms with and without word breaks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cipherlab.cli import main
from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import (
    CRACKABLE,
    baselines_for,
    crack,
    crack_substitution,
    english_baselines,
    english_config,
    word_spans,
)
from cipherlab.core.cryptanalysis.substitution import SwapScores, english_words, separated_spans
from cipherlab.core.text import normalise, prose_messages

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
    english = english_baselines("letters")  # the shipped counts of real English, as the window
    plaintext = "The quiet village woke to find the bridge washed away by the flood."
    key = "UWDRNMZLAPIJSGBKCXQOEHFVTY"
    ciphertext = make_cipher("substitution", key, letters.alphabet).encrypt(plaintext)
    alone = crack(ciphertext, "substitution", english, None, "ngram")
    assert alone.best.plaintext == (
        "The quiet village done to fibr the pzirge dasher adam pm the floor."
    )
    helped = crack(ciphertext, "substitution", english, None, "ngram", fixed={"r": "d"})
    assert helped.best.plaintext == plaintext
    for candidate in helped.keys:  # ciphertext R decrypts to D: plaintext D encrypts to R
        assert candidate.cipher.key[ord("D") - ord("A")] == "R"
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


@pytest.mark.parametrize("alphabet", ["letters", "seed"])
def test_each_swaps_score_change_equals_rescoring_the_swapped_key(alphabet):
    baselines = baselines_for(english_config(alphabet), 200)
    symbols, natural = baselines.alphabet, alphabet == "letters"
    rng = np.random.default_rng(3)
    text = prose_messages("python-docs", "calibration", 1, 150, symbols, rng, natural)[0]
    indices = np.asarray(symbols.encode(text).indices, dtype=np.int64)
    n = len(symbols)
    spans = word_spans(text, symbols) if natural else separated_spans(indices, n - 1)
    assert len(spans) > 20
    free = range(n) if natural else range(n - 1)  # over seed the - stays pinned
    pairs = [(a, b) for a in free for b in free if a < b]
    first, second = (np.array(side) for side in zip(*pairs, strict=True))
    scores = SwapScores(indices, n, baselines.quadgrams, spans, first, second)
    for _ in range(3):
        table = np.append(rng.permutation(len(free)), [n - 1] if not natural else [])
        table = table.astype(np.int64)
        swapped = np.repeat(table[None, :], len(pairs), axis=0)
        swapped[np.arange(len(pairs)), first] = table[second]
        swapped[np.arange(len(pairs)), second] = table[first]
        rescored = [scores.value(row) for row in swapped]
        np.testing.assert_allclose(
            scores.changes(table), np.array(rescored) - scores.value(table), atol=1e-9
        )


def test_the_word_table_finds_every_listed_word_and_no_other():
    words = english_words()
    held = words.slot_codes[words.slot_codes > 0]
    assert len(held) > 50_000
    np.testing.assert_array_equal(words.score(held), words.slot_log_probs[words.slot_codes > 0])
    assert words.score(np.array([27**12 + 5, 1])).tolist()[0] == words.unknown


def test_a_seed_cryptogram_is_read_at_its_commonest_symbol_as_the_word_break(seed):
    plaintext = prose_messages(
        "python-docs", "calibration", 1, 150, seed.alphabet, np.random.default_rng(3), False
    )[0]
    assert plaintext.startswith("DEBUGGING-FACILITIES-MAY-KEEP-OBJECTS-ALIVE-THAT-WOULD-NORMA")
    key = "".join(seed.alphabet.symbols[i] for i in np.random.default_rng(3).permutation(27))
    ciphertext = make_cipher("substitution", key, seed.alphabet).encrypt(plaintext)
    assert separated_spans(np.array(seed.alphabet.encode(plaintext).indices), 26)[:3] == [
        (0, 9),
        (10, 20),
        (21, 24),
    ]
    ranking = crack(ciphertext, "substitution", seed, None, "ngram")
    assert ranking.best.plaintext == plaintext  # quadgrams alone read a wrong key here
