"""A long text in pieces: every family gives exactly what it gives on the whole text."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cipherlab.core.ciphers import FAMILIES, make_cipher
from cipherlab.core.text import LETTER_ALPHABET, SEED_ALPHABET

CHARACTERS = "abcxyzABCXYZ-- ,.\n\r\u0301\u0308éÉ👋ıſ7"
"""Letters of both cases, caseless symbols, pass-through characters, combining marks (which
make the letter before them an accented one), precomposed accents and look-alikes."""

CIPHERS = [
    (family, alphabet)
    for family in FAMILIES
    for alphabet in (("letters",) if family == "rot13" else ("seed", "letters"))
]


def cut(text: str, cuts: list[int]) -> list[str]:
    points = sorted({min(c, len(text)) for c in cuts})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@settings(max_examples=150, deadline=None)
@given(
    which=st.sampled_from(CIPHERS),
    seed=st.integers(0, 2**16),
    text=st.text(alphabet=CHARACTERS, max_size=120),
    cuts=st.lists(st.integers(0, 120), max_size=8),
)
def test_every_family_in_pieces_equals_the_whole_text(which, seed, text, cuts):
    family, alphabet = which
    cipher = make_cipher(family, None, alphabet)
    cipher = type(cipher).from_key(cipher.alphabet, cipher.random_key(seed, cipher.alphabet))
    pieces = cut(text, cuts)
    secret = cipher.encrypt(text)
    assert "".join(cipher.encrypt_pieces(pieces)) == secret
    assert "".join(cipher.decrypt_pieces(cut(secret, cuts))) == cipher.decrypt(secret)


def test_vigenere_and_autokey_keep_their_key_position_across_every_cut():
    text = "Attack at dawn, the enemy will cross the river at first light!"
    for family, key in (("vigenere", "LEMON"), ("autokey", "QUEENLY")):
        cipher = make_cipher(family, key, "letters")
        whole = cipher.encrypt(text)
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1, 7):
                pieces = [text[:a], text[a:b], text[b:]]
                assert "".join(cipher.encrypt_pieces(pieces)) == whole, (family, a, b)
                secret = [whole[:a], whole[a:b], whole[b:]]
                assert "".join(cipher.decrypt_pieces(secret)) == text, (family, a, b)
    assert make_cipher("vigenere", "LEMON", "letters").encrypt("attack at dawn") == (
        "lxfopv ef rnhr"
    )


def test_continued_ciphers_are_the_key_after_the_text():
    vigenere = make_cipher("vigenere", "LEMON", "letters")
    assert vigenere.continued(np.zeros(7, dtype=np.int64)).key_text == "MONLE"
    assert vigenere.continued(np.zeros(7, dtype=np.int64)).name == vigenere.name
    autokey = make_cipher("autokey", "QUEENLY", "letters")
    attack = LETTER_ALPHABET.encode("ATTACK").indices
    assert autokey.continued(attack[:2]).key_text == "EENLYAT"
    assert autokey.continued(attack).continued(attack).key_text == "KATTACK"
    caesar = make_cipher("caesar", "3", "seed")
    assert caesar.continued(attack) is caesar


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=CHARACTERS, max_size=80),
    cuts=st.lists(st.integers(0, 80), max_size=6),
    alphabet=st.sampled_from([SEED_ALPHABET, LETTER_ALPHABET]),
)
def test_encoding_in_pieces_equals_encoding_the_whole(text, cuts, alphabet):
    whole = alphabet.encode(text)
    parts = list(alphabet.encode_pieces(cut(text, cuts)))
    assert "".join(p.text for p in parts) == text and all(p.text for p in parts)
    starts = np.cumsum([0] + [len(p.text) for p in parts])[:-1]
    positions = [p.positions + start for p, start in zip(parts, starts, strict=True)]
    for name, joined in (
        ("indices", [p.indices for p in parts]),
        ("lowercase", [p.lowercase for p in parts]),
        ("positions", positions),
    ):
        got = np.concatenate(joined) if joined else np.zeros(0)
        assert got.tolist() == getattr(whole, name).tolist(), name


def test_a_long_caseless_start_takes_the_case_of_the_first_letter_pieces_later():
    text = "-" * 10 + "attack"
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    assert "".join(make_cipher("caesar", "1", "seed").encrypt_pieces(pieces)) == (
        "aaaaaaaaaabuubdl"
    )
