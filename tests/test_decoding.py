"""Decoding text with a trained model: pass-through, case, probabilities."""

import numpy as np
import pytest

from cipherlab.core.network import decode
from cipherlab.core.text import SEED_ALPHABET


def _decode(bundle, text):
    return decode(bundle.model, SEED_ALPHABET, text)


def test_seed_example_and_probabilities(tiny_bundle):
    result = _decode(tiny_bundle, "FUVEMVEMNMERPDRF")
    assert result.plaintext == "THIS-IS-A-SECRET"
    assert result.probabilities.shape == (16, 27)
    assert result.probabilities.dtype == np.float32
    np.testing.assert_allclose(result.probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert result.top_k(0, 5)[0][0] == "T"
    assert [p for _, p in result.top_k(0, 5)] == sorted(
        (p for _, p in result.top_k(0, 5)), reverse=True
    )


def test_lower_case_is_restored(tiny_bundle):
    assert _decode(tiny_bundle, "fuvemvemnmerpdrf").plaintext == "this-is-a-secret"
    assert _decode(tiny_bundle, "FuVe").plaintext == "ThIs"


def test_foreign_characters_pass_through_in_place(tiny_bundle):
    result = _decode(tiny_bundle, "FUVEM VEM!")
    assert result.plaintext == "THIS- IS-!"
    assert result.pass_through == [False] * 5 + [True] + [False] * 3 + [True]
    assert len(result.probabilities) == 8


@pytest.mark.parametrize("text", ["", "!!! ???", "  ", "1234 👋"])
def test_no_symbols_means_no_model_call(text):
    class Exploding:
        def __call__(self, *_):
            raise AssertionError("the model must not be called")

    result = decode(Exploding(), SEED_ALPHABET, text)
    assert result.plaintext == text
    assert result.probabilities.shape == (0, 27)


def test_emoji_is_one_pass_through_code_point(tiny_bundle):
    result = _decode(tiny_bundle, "👋FUVEM")
    assert result.plaintext == "👋THIS-"
    assert result.decoded_chars == ["T", "H", "I", "S", "-"]
    assert result.positions.tolist() == [1, 2, 3, 4, 5]


def test_long_text_is_decoded_in_windows(tiny_bundle):
    from cipherlab.core.ciphers import SEED_CIPHER

    plain = ("THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG-" * 50)[:2001]
    result = _decode(tiny_bundle, SEED_CIPHER.encrypt(plain))
    assert result.plaintext == plain
    assert result.probabilities.shape == (2001, 27)


@pytest.mark.parametrize("symbols_per_piece", [1, 33, 100, 640])
def test_decoding_in_pieces_equals_decoding_the_whole_text(symbols_per_piece):
    import random

    from cipherlab.core.network import decode, decode_in_pieces
    from cipherlab.core.storage import load_model
    from cipherlab.resources import default_model_path

    bundle = load_model(default_model_path())
    rng = random.Random(symbols_per_piece)
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-abc é👋 \n\u0301"  # a combining mark, emoji, newlines
    for length in (0, 5, 31, 32, 33, 1000, 2500):
        text = "".join(rng.choice(chars) for _ in range(length))
        whole = decode(bundle.model, bundle.cipher.alphabet, text, 32)
        pieces = list(decode_in_pieces(bundle.model, bundle.cipher.alphabet, text, 32,
                                       symbols_per_piece))  # fmt: skip
        assert "".join(p.ciphertext for _, p in pieces) == text
        assert "".join(p.plaintext for _, p in pieces) == whole.plaintext
        assert [o for o, _ in pieces] == sorted({o for o, _ in pieces})
        probs = np.concatenate([p.probabilities for _, p in pieces])
        np.testing.assert_allclose(probs, whole.probabilities, atol=1e-6)
        assert all(p.encoded.n_symbols % 32 == 0 for _, p in pieces[:-1])  # whole windows
