"""Long inputs stream through encrypt, decrypt, decode and crack: exact output, piece by piece."""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_a_long_caesar_text_is_cracked_from_its_start_and_decrypted_whole(capsys, long_file):
    path, text = long_file
    secret = path.with_name("caesar.txt")
    cipher = make_cipher("caesar", "7")
    secret.write_text(cipher.encrypt(text), encoding="utf-8", newline="")
    # prose over seed: --alphabet, for the text would read as letters
    code, out, err = run(
        capsys, "crack", "--cipher", "caesar", "--method", "ngram", "--alphabet", "seed",
        "--file", str(secret),
    )  # fmt: skip
    assert code == 0 and err.startswith("key: +7 (ngram key belief")
    # natural prose read over seed has no "-" between its words: the key is right, but the
    # reading is unlike seed English, and the verdict says the alphabet may be another
    # (the share of caesar readings this unlike English that were right where it was fitted)
    assert "\nverdict: not English, chance right 10% (The best reading does not read as " in err
    assert out == cipher.decrypt(cipher.encrypt(text))
    code, out, _ = run(capsys, "crack", "--cipher", "caesar", "--method", "ngram",
                       "--alphabet", "seed", "--json", "--file", str(secret))  # fmt: skip
    result = json.loads(out)
    assert result["key"] == "7" and result["plaintext"] == cipher.decrypt(cipher.encrypt(text))
    assert result["symbols"] == cipher.alphabet.encode(text).n_symbols  # the whole text's
    assert len(result["confidence"]) == 2_000  # the letters it was cracked from
    assert list(result) == ["cipher", "alphabet", "alphabet_reason", "method", "symbols",
                            "warning", "chance_right", "verdict", "verdict_reason", "key",
                            "plaintext", "winners", "confidence", "keys"]  # fmt: skip
    assert result["verdict"] == "not English"


def test_a_vigenere_text_of_100000_letters_is_cracked_from_its_first_2000(capsys, tmp_path):
    # the key search used to read every letter: 28 s for 10,000 letters, 150 s for 50,000
    cipher = make_cipher("vigenere", "LEMONADE", "letters")
    text = (PROSE * 40)[:130_000]
    path = tmp_path / "vigenere.txt"
    path.write_text(cipher.encrypt(text), encoding="utf-8", newline="")
    code, out, err = run(capsys, "crack", "--cipher", "vigenere", "--alphabet", "letters",
                         "--method", "ngram", "--lm", "resources/models/lm-letters.safetensors",
                         "--file", str(path))  # fmt: skip
    assert code == 0 and err.startswith("key: LEMONADE (ngram key belief")
    assert out == cipher.decrypt(cipher.encrypt(text))


def test_crack_json_of_a_short_text_is_json_dumps_of_the_ranking(capsys):
    secret = make_cipher("caesar", "3", "letters").encrypt('Say "hello" \\ to Ünïcode 👋\n')
    code, out, _ = run(capsys, "crack", "--alphabet", "letters", "--json", "--lm",
                       "resources/models/lm-letters.safetensors", secret)  # fmt: skip
    result = json.loads(out)
    assert result["plaintext"] == 'Say "hello" \\ to Ünïcode 👋\n'
    assert out == json.dumps(result, ensure_ascii=False) + "\n"


PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run([sys.executable, '-m', 'cipherlab', *sys.argv[1:]], check=True, "
    "stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"
)
"""Peak resident MB of one ``cipherlab`` run, measured from a small launcher (a process starts
from its parent's high-water mark, and this test process holds torch)."""


def peak_mb(*argv: str) -> int:
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout)


def test_encrypting_24_mb_holds_the_input_once_not_its_index_arrays(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(PROSE * (24 * 2**20 // len(PROSE.encode())), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    flags = ["encrypt", "--cipher", "vigenere", "--file"]
    above = peak_mb(*flags, str(path)) - peak_mb(*flags, str(empty))
    # the text (48 MB: its "–" makes every character 2 bytes) and one 1 MiB piece at work
    # (about 100 MB); the whole text's index arrays took about 2 GB before
    assert above < 200
