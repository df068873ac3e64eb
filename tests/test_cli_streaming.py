"""Long inputs stream through encrypt, decrypt and decode: exact output, piece by piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from cipherlab.cli import main
from cipherlab.core.ciphers import SEED_CIPHER, make_cipher
from cipherlab.core.text.reading import CHUNK_BYTES

PROSE = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
"""Real English prose with markup, line breaks and non-ASCII characters (–, →, é)."""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def long_text(size: int) -> str:
    """``size`` code points of the README, repeated, with accents made of combining marks
    and emoji across the reader's 1 MiB boundaries."""
    text = (PROSE * (size // len(PROSE) + 1))[:size]
    for at in (CHUNK_BYTES - 1, 2 * CHUNK_BYTES - 3):  # a mark right after a chunk starts
        text = text[:at] + "e\u0301👋" + text[at + 3 :]
    return text


@pytest.fixture(scope="module")
def long_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("long") / "long.txt"
    text = long_text(int(2.5 * CHUNK_BYTES))
    path.write_text(text, encoding="utf-8", newline="")
    return path, text


@pytest.mark.parametrize(
    "family, key, alphabet",
    [("vigenere", "LEMON", "letters"), ("autokey", "QUEENLY", "seed"), ("affine", "5,8", "seed")],
)
def test_a_long_file_encrypts_and_decrypts_exactly_as_one_piece(
    capsys, long_file, family, key, alphabet
):
    path, text = long_file
    cipher = make_cipher(family, key, alphabet)
    flags = ["--cipher", family, "--key", key, "--alphabet", alphabet]
    code, out, err = run(capsys, "encrypt", *flags, "--file", str(path))
    assert (code, err) == (0, "") and out == cipher.encrypt(text)
    secret = path.with_name("secret.txt")
    secret.write_text(out, encoding="utf-8", newline="")
    code, out, err = run(capsys, "decrypt", *flags, "--file", str(secret))
    assert (code, err) == (0, "") and out == cipher.decrypt(cipher.encrypt(text))
    if alphabet == "letters":  # over seed, "-" is a symbol whose case comes from its neighbours
        assert out == text


def test_a_long_file_decodes_as_the_whole_text_does(capsys, tmp_path):
    text = long_text(CHUNK_BYTES + 300_000)
    path = tmp_path / "secret.txt"
    path.write_text(SEED_CIPHER.encrypt(text), encoding="utf-8", newline="")
    code, out, err = run(capsys, "decode", "--file", str(path))
    assert (code, err) == (0, "") and len(out) == len(text)
    assert out == SEED_CIPHER.decrypt(SEED_CIPHER.encrypt(text))  # the shipped model is exact
