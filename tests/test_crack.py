"""Cracking with the shipped language models and the baselines counted from their text."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.ciphers import alphabet_named, make_cipher
from cipherlab.core.cryptanalysis import (
    AlphabetGuess,
    Baselines,
    baselines_for,
    better_reading,
    crack,
    detect_alphabet,
    english_baselines,
    english_config,
)
from cipherlab.core.learning import Trainer, training_texts
from cipherlab.core.network import CipherRNN, log_likelihood
from cipherlab.core.settings import LANGUAGE_MODEL, ModelConfig, TrainConfig
from cipherlab.core.storage import load_model
from cipherlab.core.text import prose_paragraphs, text_indices
from cipherlab.resources import language_model_path


@pytest.fixture(scope="module")
def letters():
    bundle = load_model(language_model_path("letters"))
    config = english_config("letters")
    return baselines_for(config, 200), bundle.model


def test_the_baselines_count_the_text_the_language_model_learned_from():
    config = english_config("seed")
    trainer = Trainer(config)
    first = [trainer.data.batch()[1].numpy() for _ in range(2)]
    assert np.array_equal(training_texts(config, 2), np.concatenate(first))


def test_the_shipped_language_models_match_their_recorded_settings():
    for alphabet in ("seed", "letters"):
        bundle = load_model(language_model_path(alphabet))
        assert bundle.task_kind is LANGUAGE_MODEL and bundle.cipher is None
        training = dict(bundle.metadata["training"])
        training.pop("preset")
        assert TrainConfig.from_dict(training) == english_config(alphabet)
        assert english_config(alphabet).data == "prose"  # real English people wrote
        assert bundle.metadata["command"].startswith("cipherlab train --task lm --alphabet ")
        # the letters model reads the space between words too
        assert len(bundle.alphabet) == 27 and bundle.alphabet.symbols[-1] in "- "


def test_the_shipped_language_models_beat_real_english_quadgrams_on_held_out_prose():
    text = " ".join(prose_paragraphs("fortunes", "test"))
    for alphabet in ("seed", "letters"):
        lm = load_model(language_model_path(alphabet)).model
        quadgrams = english_baselines(alphabet).quadgrams
        held_out = text_indices(text, alphabet_named(alphabet))[: 32 * 256]
        rows = held_out.astype(np.int64).reshape(32, 256)
        n = len(alphabet_named(alphabet))  # letters: run on, each letter over the 26
        lm_bits = -log_likelihood(lm, rows, symbols=n).sum() / rows.size / np.log(2)
        assert lm_bits < quadgrams.bits_per_symbol(rows) - 0.1


def test_caesar_and_vigenere_are_cracked_exactly_by_every_method(letters):
    baselines, lm = letters
    plaintext = "WE WILL MEET AT THE OLD BRIDGE AFTER THE RAIN STOPS"
    caesar = make_cipher("caesar", "7", "letters")
    ranking = crack(caesar.encrypt(plaintext), "caesar", baselines, lm, "lm")
    assert ranking.best.cipher == caesar and ranking.best.plaintext == plaintext
    assert all(ranking.keys[i].cipher == caesar for i in ranking.winners.values())
    assert set(ranking.winners) == {"lm", "ngram", "chi2"}
    vigenere = make_cipher("vigenere", "LEMON", "letters")
    text = plaintext + " AND THE ROADS ARE DRY AGAIN SO WE CAN WALK HOME TOGETHER"
    ranking = crack(vigenere.encrypt(text), "vigenere", baselines, lm, "lm")
    assert ranking.best.cipher == vigenere and ranking.best.plaintext == text
    assert np.all(ranking.confidence > 0.5)


def test_without_a_language_model_the_ngram_method_leads(letters):
    baselines, _ = letters
    ranking = crack("DWWDFN DW GDZQ", "caesar", baselines, None, "lm")
    assert ranking.method == "ngram" and "lm" not in ranking.winners
    assert ranking.best.plaintext == "ATTACK AT DAWN"


def test_what_cannot_be_cracked_says_why(letters):
    baselines, lm = letters
    with pytest.raises(ValueError, match="Cracking enigma is not supported"):
        crack("ABC", "enigma", baselines, lm)
    with pytest.raises(ValueError, match="Unknown method"):
        crack("ABC", "caesar", baselines, lm, "guess")
    greek_lm = CipherRNN(ModelConfig(vocab_size=25))  # 24 letters and the start symbol
    with pytest.raises(ValueError, match="reads 24 symbols, the text's alphabet 26"):
        crack("ABC", "caesar", baselines, greek_lm)
    assert isinstance(baselines, Baselines) and baselines.symbols == 200 * 32 * 128


def test_the_best_decryption_becomes_a_decoding_for_the_probability_bars(letters):
    from cipherlab.core.cryptanalysis import ranking_decoding

    baselines, lm = letters
    ciphertext = make_cipher("caesar", "3", "letters").encrypt("Attack at dawn!")
    ranking = crack(ciphertext, "caesar", baselines, lm, "lm")
    decoding = ranking_decoding(ranking, ciphertext)
    assert decoding.plaintext == "Attack at dawn!"  # case and pass-through kept
    assert decoding.probabilities.shape == (12, 26)
    assert decoding.probabilities.sum(axis=1) == pytest.approx(np.ones(12), abs=1e-5)
    assert "".join(decoding.alphabet.symbols[i] for i in decoding.chosen) == "ATTACKATDAWN"
    assert decoding.confidence == pytest.approx(ranking.confidence, abs=1e-3)
    second = ranking.keys[1]
    other = ranking_decoding(ranking, ciphertext, second)
    assert other.plaintext == second.plaintext != decoding.plaintext
    letters = "".join(other.alphabet.symbols[i] for i in other.chosen)
    assert letters == second.plaintext.upper().replace(" ", "").replace("!", "")
    assert np.all(other.confidence < 0.5)  # the bars say how unlikely that key's letters are


@pytest.mark.parametrize(
    "text, name, reason",
    [
        ("Wkh frpplwwhh zloo phhw rq Wxhvgdb", "letters", "lower case and spaces"),
        ("WKH, FRPPLWWHH!", "letters", "spaces and punctuation"),
        ("wkhfrpplwwhh", "letters", "lower case"),
        ("ZKDW'V", "letters", "punctuation"),
        ("FUVEM-VEM-NMERP\n", "seed", "only A–Z and -"),
        ("2024-FUVEM\r\n", "seed", "only A–Z and -"),
        ("", "seed", "no letters"),
    ],
)
def test_the_alphabet_is_read_from_the_characters_of_the_text(text, name, reason):
    assert detect_alphabet(text) == AlphabetGuess(name, reason, (name,))


def test_only_capitals_is_unclear_and_the_likelier_reading_decides(letters):
    guess = detect_alphabet("FUVEMVEMNMERPDRF")  # the seed's: THIS-IS-A-SECRET
    assert guess.unclear and guess.candidates == ("letters", "seed")
    assert guess.reason == "only A–Z: both alphabets read it"
    seed_lm = load_model(language_model_path("seed")).model
    seed = baselines_for(english_config("seed"), 200)
    rankings = {
        "seed": crack("FUVEMVEMNMERPDRF", "caesar", seed, seed_lm),
        "letters": crack("FUVEMVEMNMERPDRF", "caesar", *letters),
    }
    decided = better_reading(guess, rankings)
    assert decided == AlphabetGuess("seed", "only A–Z; the seed reading is likelier", ("seed",))
    assert rankings["seed"].best.plaintext == "THIS-IS-A-SECRET"
    words = make_cipher("caesar", "3", "letters").encrypt("MEETMEATTHEOLDBRIDGEAFTERDARK")
    rankings = {
        "seed": crack(words, "caesar", seed, seed_lm),
        "letters": crack(words, "caesar", *letters),
    }
    decided = better_reading(detect_alphabet(words), rankings)
    assert (
        decided.name == "letters" and decided.reason == "only A–Z; the letters reading is likelier"
    )
    assert rankings["letters"].best.plaintext == "MEETMEATTHEOLDBRIDGEAFTERDARK"
    clear = detect_alphabet("abc")
    assert better_reading(clear, {}) is clear
    with pytest.raises(ValueError, match="No ranking under seed"):
        better_reading(guess, {"letters": rankings["letters"]})


def test_the_shipped_baselines_are_the_counts_of_real_english(tmp_path):
    from cipherlab.core.cryptanalysis import english_baselines
    from cipherlab.core.cryptanalysis.english_baselines import count_english, shipped_path

    shipped = np.load(shipped_path(), allow_pickle=False)  # plain arrays, no pickles
    assert sorted(shipped.files) == [
        "letters_1", "letters_3", "letters_4", "seed_1", "seed_3", "seed_4"
    ]  # fmt: skip
    assert shipped["letters_4"].shape == (26**4,) and shipped["seed_4"].shape == (27**4,)
    assert shipped_path().stat().st_size < 400_000
    recounted = count_english(tmp_path / "again.npz")  # fortunes' train part, counted again
    assert all(np.array_equal(recounted[name], shipped[name]) for name in shipped.files)
    letters = english_baselines("letters")
    assert letters.symbols == int(shipped["letters_1"].sum()) > 1_000_000
    assert letters.alphabet.symbols[int(np.argmax(letters.frequencies))] == "E"
    indices = np.array(letters.alphabet.encode("the quick brown fox").indices)
    counted = english_baselines_fitted("letters")
    assert letters.quadgrams.score(indices) == pytest.approx(counted.quadgrams.score(indices))
    assert english_baselines("seed").alphabet.symbols[-1] == "-"
    with pytest.raises(ValueError, match="Unknown alphabet 'greek'"):
        english_baselines("greek")


def english_baselines_fitted(alphabet):
    """The baselines NGramScorer.fit counts from the same text (what the file must equal)."""
    from cipherlab.core.ciphers import alphabet_named
    from cipherlab.core.cryptanalysis.english_baselines import english_indices

    return Baselines.fit(english_indices(alphabet), alphabet_named(alphabet))


def test_only_the_methods_asked_for_are_computed(letters):
    _, lm = letters
    from cipherlab.core.cryptanalysis import english_baselines

    english = english_baselines("letters")
    ciphertext = "Wkh frpplwwhh zloo phhw rq Wxhvgdb"
    ranking = crack(ciphertext, "caesar", english, lm, "ngram", methods=("ngram",))
    assert ranking.winners == {"ngram": 0} and set(ranking.best.scores) == {"ngram"}
    assert ranking.best.plaintext == "The committee will meet on Tuesday"
    ranking = crack(ciphertext, "caesar", english, lm, "chi2", methods=())
    assert set(ranking.best.posteriors) == {"chi2"}  # the ranking's own method, always
    ranking = crack(ciphertext, "caesar", english, lm, "lm")  # the window: all three
    assert set(ranking.winners) == {"lm", "ngram", "chi2"}
    vigenere = make_cipher("vigenere", "LEMON", "letters").encrypt(
        "WE WILL MEET AT THE OLD BRIDGE AFTER THE RAIN STOPS AND THE ROADS ARE DRY AGAIN"
    )
    ranking = crack(vigenere, "vigenere", english, lm, "lm", methods=("lm",))
    assert set(ranking.winners) == {"lm", "ngram"}  # the language model refines n-gram keys
    with pytest.raises(ValueError, match="Unknown method 'guess'"):
        crack(ciphertext, "caesar", english, lm, "ngram", methods=("guess",))
