"""Text data: normalising text, the user's files, and English-like text without obscene words."""

import numpy as np
import pytest

from cipherlab.core.text import (
    LETTER_ALPHABET,
    SEED_ALPHABET,
    TextFileError,
    blocked_words,
    english_messages,
    english_text,
    load_file_text,
    min_file_symbols,
    normalise,
    read_text_file,
    text_indices,
    word_tables,
)

MILD = ("damn", "crap", "arse", "turd", "hell")
"""Words better_profanity lists that the English source must never produce."""


def test_normalise_upper_cases_letters_and_collapses_the_rest():
    text = "  Hello,  wörld! 42 café\nnaïve—end. "
    assert normalise(text, SEED_ALPHABET) == "HELLO-WORLD-CAFE-NAIVE-END"
    assert normalise(text, LETTER_ALPHABET) == "HELLO WORLD CAFE NAIVE END"
    assert normalise("👍🏽 ...", SEED_ALPHABET) == ""


def test_letters_leave_the_separator_out_of_the_symbols():
    assert LETTER_ALPHABET.decode(
        LETTER_ALPHABET.encode("AB"), text_indices("a b", LETTER_ALPHABET)
    ) == ("AB")
    assert text_indices("a b", SEED_ALPHABET).tolist() == [0, 26, 1]


def test_read_text_file_errors(tmp_path):
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(TextFileError, match=r"^picture.txt is a binary file"):
        read_text_file(binary)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("café au lait".encode("latin-1"))
    with pytest.raises(TextFileError, match=r"not UTF-8 text \(byte 0xe9 at offset 3\)"):
        read_text_file(latin1)
    with pytest.raises(TextFileError, match="missing.txt: no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(TextFileError, match="is a folder"):
        read_text_file(tmp_path)
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffHi".encode())
    assert read_text_file(bom) == "Hi"


def test_a_three_symbol_file_says_how_many_symbols_it_needs(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("a,b;c", encoding="utf-8")
    assert min_file_symbols(32) == 320
    with pytest.raises(TextFileError, match=r"^short.txt is too short: 5 symbols .* at least 320"):
        load_file_text(short, SEED_ALPHABET, 32)
    with pytest.raises(TextFileError, match="3 symbols"):
        load_file_text(short, LETTER_ALPHABET, 32)


def test_file_validation_never_overlaps_training(tmp_path):
    # 900 symbols of A-M, then 100 of N-Z: the split falls exactly between them.
    rng = np.random.default_rng(0)
    first = "".join(rng.choice(list("ABCDEFGHIJKLM"), 900))
    last = "".join(rng.choice(list("NOPQRSTUVWXYZ"), 100))
    path = tmp_path / "book.txt"
    path.write_text(first + last, encoding="utf-8")
    text = load_file_text(path, SEED_ALPHABET, 32)
    assert (text.n_symbols, text.split) == (1000, 900)
    train = text.training_messages(np.random.default_rng(1), 5000, 32)
    held_out = text.validation_messages(256, 32)
    assert train.shape == (5000, 32) and held_out.shape == (256, 32)
    assert train.max() <= 12 and held_out.min() >= 13  # A-M only, N-Z only
    assert train[:, 0].min() == 0  # the very start is reachable ...
    assert held_out[-1, -1] == text.indices[-1]  # ... and so is the very end


def test_the_filter_removes_listed_words_that_the_word_counts_have():
    from importlib import resources

    counted = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    dictionary = {line.split()[0] for line in counted.read_text("utf-8").splitlines() if line}
    words, pairs = blocked_words()
    assert set(MILD) <= words and ("blow", "job") in pairs
    assert set(MILD) <= dictionary  # so the filter has something to remove
    vocabulary = set(word_tables().words)
    assert not {w.upper() for w in words} & vocabulary
    assert "THE" in vocabulary and len(vocabulary) > 80_000


def test_english_text_is_alphabet_symbols_and_separators_without_listed_words():
    from better_profanity import profanity

    rng = np.random.default_rng(3)
    seed_text = english_text(rng, 3000, SEED_ALPHABET)
    assert set(seed_text) <= set(SEED_ALPHABET.symbols)
    letters_text = english_text(rng, 3000, LETTER_ALPHABET)
    assert set(letters_text) <= set(LETTER_ALPHABET.symbols + " ")
    words = seed_text.split("-") + letters_text.split(" ")
    assert len(words) == 6000 and all(words)
    assert not {w.lower() for w in words} & blocked_words()[0]
    # better_profanity's own matcher (leetspeak and phrases too) finds nothing either
    assert not profanity.contains_profanity(" ".join(words))
    assert profanity.contains_profanity(f"what the {MILD[0]}")  # and it does find words


def test_english_messages_are_seeded_rows_of_whole_words():
    a = english_messages(np.random.default_rng(5), 64, 40, SEED_ALPHABET)
    b = english_messages(np.random.default_rng(5), 64, 40, SEED_ALPHABET)
    c = english_messages(np.random.default_rng(6), 64, 40, SEED_ALPHABET)
    assert a.shape == (64, 40) and a.dtype == np.int64
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert 0 <= a.min() and a.max() < 27
    vocabulary = set(word_tables().words)
    for row in a:
        inner = "".join(SEED_ALPHABET.symbols[i] for i in row).split("-")[1:-1]
        assert inner and all(w in vocabulary for w in inner)  # cut words only at the ends
    letters = english_messages(np.random.default_rng(5), 8, 40, LETTER_ALPHABET)
    assert letters.shape == (8, 40) and letters.max() < 26


def test_what_a_model_writes_has_its_obscene_words_masked_letter_for_letter():
    from cipherlab.core.text import mask_obscene

    assert mask_obscene("WHAT-THE-HELL-OF-A-DAY") == "WHAT-THE-••••-OF-A-DAY"
    assert mask_obscene("shell hello DAMN.") == "shell hello ••••."  # whole words only
    assert mask_obscene("A BLOW JOB") == "A •••• •••" and mask_obscene("A BLOW DRY") == "A BLOW DRY"
    assert mask_obscene("") == "" and mask_obscene("THE CAT") == "THE CAT"
