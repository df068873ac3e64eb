"""Cracking autokey: the primer searched for each length, position by position."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import make_cipher
from cipherlab.core.cryptanalysis import baselines_for, crack, decrypt_primers, english_config
from cipherlab.core.text import normalise

TEXT = (
    "We are met on a great battle-field of that war. We have come to dedicate a portion of "
    "that field, as a final resting place for those who here gave their lives that that "
    "nation might live. It is altogether fitting and proper that we should do this, truly."
)


@pytest.fixture(scope="module")
def letters():
    return baselines_for(english_config("letters"), 200)


def test_the_batched_decryption_is_the_ciphers_own(letters):
    cipher = make_cipher("autokey", "QUEENLY", letters.alphabet)
    plain = np.array(letters.alphabet.encode("ATTACKATDAWN").indices)
    primers = np.array([[16, 20, 4, 4, 13, 11, 24], [0, 0, 0, 0, 0, 0, 0]])
    decrypted = decrypt_primers(cipher.encrypt_indices(plain), primers, 26)
    assert (decrypted[0] == plain).all() and not (decrypted[1] == plain).all()


@pytest.mark.parametrize("primer", ["FOG", "LANTERN"])
def test_a_primer_of_three_or_seven_letters_is_found_from_about_200_letters(letters, primer):
    cipher = make_cipher("autokey", primer, letters.alphabet)
    ciphertext = cipher.encrypt(TEXT)
    assert len(letters.alphabet.encode(TEXT).indices) == 200
    ranking = crack(ciphertext, "autokey", letters, None, "ngram")
    assert ranking.best.key_label == cipher.key_label()
    assert ranking.best.cipher.key == primer
    assert ranking.best.plaintext == TEXT
    assert ranking.warning is None


def test_a_seed_autokey_is_cracked_with_the_separator_enciphered():
    seed = baselines_for(english_config("seed"), 200)
    plaintext = normalise(TEXT, seed.alphabet)
    ciphertext = make_cipher("autokey", "KEY", seed.alphabet).encrypt(plaintext)
    ranking = crack(ciphertext, "autokey", seed, None, "ngram")
    assert (ranking.best.cipher.key, ranking.best.plaintext) == ("KEY", plaintext)


def test_a_tiny_autokey_text_warns(letters):
    ranking = crack("Qnxe pvyt", "autokey", letters, None, "ngram")
    assert ranking.warning == (
        "8 symbols: too few to be sure of the primer; several primers are about as likely."
    )
