"""Cipher families: textbook vectors, round trips, index arrays, key errors and JSON."""

import json
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from cipherlab.core.ciphers import (
    ALPHABETS,
    FAMILIES,
    ROT13,
    SEED_CIPHER,
    AffineCipher,
    AutokeyCipher,
    CaesarCipher,
    Cipher,
    InvalidKeyError,
    SubstitutionCipher,
    UnsupportedAlphabetError,
    VigenereCipher,
    cipher_from_dict,
    make_cipher,
)
from cipherlab.core.text import LETTER_ALPHABET, SEED_ALPHABET

V1_FIXTURE = Path(__file__).parent / "fixtures" / "cipher_v1_caesar.json"
"""The cipher JSON of the shipped model (format 1), copied from its header."""

# Published examples, over the 26 letters (Wikipedia's articles on each cipher).
TEXTBOOK = [
    ("caesar", "3", "HELLO", "KHOOR"),
    (
        "caesar",
        "-3",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
        "QEB NRFZH YOLTK CLU GRJMP LSBO QEB IXWV ALD",
    ),
    ("rot13", None, "HELLO", "URYYB"),
    ("atbash", None, "ABC", "ZYX"),
    ("atbash", None, "WIZARD", "DRAZIW"),
    ("affine", "5,8", "AFFINECIPHER", "IHHWVCSWFRCP"),
    ("substitution", "ZEBRAS", "FLEEATONCE", "SIAAZQLKBA"),
    (
        "substitution",
        "ZEBRAS",
        "FLEE AT ONCE. WE ARE DISCOVERED!",
        "SIAA ZQ LKBA. VA ZOA RFPBLUAOAR!",
    ),
    ("vigenere", "LEMON", "ATTACKATDAWN", "LXFOPVEFRNHR"),
    ("autokey", "QUEENLY", "ATTACKATDAWN", "QNXEPVYTWTWP"),
]


@pytest.mark.parametrize("family, key, plain, cipher", TEXTBOOK)
def test_textbook_vectors(family, key, plain, cipher):
    c = make_cipher(family, key, "letters")
    assert c.encrypt(plain) == cipher
    assert c.decrypt(cipher) == plain


def test_every_family_has_a_textbook_vector():
    assert {family for family, *_ in TEXTBOOK} == set(FAMILIES)


def test_the_key_advances_only_on_alphabet_symbols():
    vigenere = make_cipher("vigenere", "lemon", "letters")
    assert vigenere.encrypt("attack at dawn!") == "lxfopv ef rnhr!"
    assert vigenere.encrypt("Attack 👋 at dawn") == "Lxfopv 👋 ef rnhr"
    autokey = make_cipher("autokey", "QUEENLY", "letters")
    assert autokey.encrypt("Attack, at dawn") == "Qnxepv, yt wtwp"
    assert autokey.decrypt("Qnxepv, yt wtwp") == "Attack, at dawn"
    # in the seed alphabet '-' is a symbol and takes a key position, a space does not
    seed = make_cipher("vigenere", "LEMON", "seed")
    assert seed.encrypt("A T") == "L X" and seed.encrypt("A-T") == "LDE"


# -- round trips ------------------------------------------------------------------------------

PASS_THROUGH = [" ", ",", ".", "!", "?", "1", "\n", "é", "E\u0301", "ß", "👋", "🙂", "ı", "ſ"]
# "-" has no case: a lower-case letter that encrypts to "-" in the seed alphabet takes its
# neighbours' case back, so there the identity holds for text without lower-case letters.
NO_LOWER = st.characters(codec="utf-8", exclude_characters=string.ascii_lowercase)


def texts(alphabet):
    lower = alphabet is LETTER_ALPHABET
    symbols = alphabet.symbols + (string.ascii_lowercase if lower else "")
    chars = st.characters(codec="utf-8") if lower else NO_LOWER
    pieces = st.one_of(st.sampled_from(symbols), st.sampled_from(PASS_THROUGH), chars)
    return st.lists(pieces, max_size=60).map("".join)


CASES = [(family, name) for family in FAMILIES for name in ALPHABETS if family != "rot13"]
CASES.append(("rot13", "letters"))


def cipher_for(family, alphabet_name, seed):
    cls = FAMILIES[family]
    alphabet = ALPHABETS[alphabet_name]
    return cls.from_key(alphabet, cls.random_key(np.random.default_rng(seed), alphabet))


@pytest.mark.parametrize("family, alphabet_name", CASES)
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_decrypt_inverts_encrypt_on_text(family, alphabet_name, seed, data):
    cipher = cipher_for(family, alphabet_name, seed)
    text = data.draw(texts(cipher.alphabet))
    secret = cipher.encrypt(text)
    assert len(secret) == len(text)
    assert cipher.decrypt(secret) == text
    # the key as text reads back to the same cipher (what the key field and the CLI do)
    assert make_cipher(family, cipher.key_text, alphabet_name) == cipher


@pytest.mark.parametrize("family, alphabet_name", CASES)
@given(
    seed=st.integers(0, 2**32 - 1),
    batch=st.integers(1, 4),
    seq_len=st.integers(0, 70),
)
def test_decrypt_inverts_encrypt_on_index_arrays(family, alphabet_name, seed, batch, seq_len):
    cipher = cipher_for(family, alphabet_name, seed)
    n = len(cipher.alphabet)
    plain = np.random.default_rng(seed).integers(0, n, (batch, seq_len))
    secret = cipher.encrypt_indices(plain)
    assert secret.shape == plain.shape and secret.dtype == plain.dtype
    assert ((secret >= 0) & (secret < n)).all()
    assert np.array_equal(cipher.decrypt_indices(secret), plain)
    # each row is its own message, starting at position 0
    for row in range(batch):
        assert np.array_equal(cipher.encrypt_indices(plain[row]), secret[row])
    # torch tensors give the same numbers, as tensors of the same dtype
    tensor = torch.from_numpy(plain)
    encrypted = cipher.encrypt_indices(tensor)
    assert isinstance(encrypted, torch.Tensor) and encrypted.dtype == torch.int64
    assert torch.equal(encrypted, torch.from_numpy(secret))
    assert torch.equal(cipher.decrypt_indices(encrypted), tensor)


@pytest.mark.parametrize("family, alphabet_name", CASES)
def test_strings_and_index_sequences_agree(family, alphabet_name):
    cipher = make_cipher(family, None, alphabet_name)
    text = "The quick-brown fox, 👋 jumps over the lazy dog!" * 3
    encoded = cipher.alphabet.encode(text)
    expected = cipher.alphabet.decode(encoded, cipher.encrypt_indices(encoded.indices))
    assert cipher.encrypt(text) == expected
    assert cipher.alphabet.encode(cipher.encrypt(text)).positions.tolist() == (
        encoded.positions.tolist()
    )


@given(st.integers(-100, 100), st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_caesar_takes_any_integer_shift(shift, text):
    cipher = make_cipher("caesar", str(shift), "letters")
    assert cipher.shift == shift % 26
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_scalars_and_other_dtypes_keep_their_type():
    for family in FAMILIES:
        cipher = make_cipher(family)
        assert type(cipher.encrypt_indices(3)) is int
        assert cipher.decrypt_indices(cipher.encrypt_indices(3)) == 3
        small = np.array([[1, 2, 3]], dtype=np.int32)
        assert cipher.encrypt_indices(small).dtype == np.int32
        assert cipher.encrypt_indices(np.zeros((2, 0), dtype=np.int64)).shape == (2, 0)


def test_autokey_decrypts_a_long_message_exactly():
    cipher = make_cipher("autokey", "KEY", "seed")
    plain = np.random.default_rng(0).integers(0, 27, (3, 10_001))
    assert np.array_equal(cipher.decrypt_indices(cipher.encrypt_indices(plain)), plain)


# -- keys ----------------------------------------------------------------------------------

LETTERS_A = "1, 3, 5, 7, 9, 11, 15, 17, 19, 21, 23, 25"
BAD_KEYS = [
    (
        "caesar",
        "x",
        "letters",
        "A Caesar key is a whole number of symbols, such as 3 or -3; got 'x'.",
    ),
    (
        "caesar",
        "1.5",
        "seed",
        "A Caesar key is a whole number of symbols, such as 3 or -3; got '1.5'.",
    ),
    ("caesar", "", "seed", "A Caesar key is a whole number of symbols, such as 3 or -3; got ''."),
    (
        "affine",
        "13,8",
        "letters",
        f"a = 13 shares a factor with 26, the alphabet size, so it cannot be undone; "
        f"a must be one of {LETTERS_A}.",
    ),
    (
        "affine",
        "3,1",
        "seed",
        "a = 3 shares a factor with 27, the alphabet size, so it cannot be undone; a must be "
        "one of 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19, 20, 22, 23, 25, 26.",
    ),
    ("affine", "5", "letters", "An affine key is two whole numbers a,b such as 5,8; got '5'."),
    ("affine", "a,b", "letters", "An affine key is two whole numbers a,b such as 5,8; got 'a,b'."),
    (
        "substitution",
        "ZEBRASCDFGHIJKLMNOPQTUVWXZ",
        "letters",
        "A substitution permutation must use each of the 26 symbols A–Z once; "
        "it repeats Z and lacks Y.",
    ),
    (
        "substitution",
        "ZEBRASCDFGHIJKLMNOPQTUVWXYY",
        "seed",
        "A substitution permutation must use each of the 27 symbols A–Z and - once; "
        "it repeats Y and lacks -.",
    ),
    (
        "substitution",
        "ZEB RAS",
        "letters",
        "A substitution key may only use the symbols A–Z; ' ' is not one of them.",
    ),
    (
        "substitution",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZA",
        "letters",
        "A substitution key is a keyword (such as ZEBRAS) or a permutation of all 26 symbols; "
        "got 27 symbols.",
    ),
    (
        "substitution",
        " ",
        "letters",
        "A substitution key is a keyword (such as ZEBRAS) or a permutation of all 26 symbols; "
        "it is empty.",
    ),
    ("vigenere", "", "letters", "A Vigenère key is a keyword of 1 to 32 symbols; it is empty."),
    (
        "vigenere",
        "A" * 33,
        "letters",
        "A Vigenère key is a keyword of 1 to 32 symbols; got 33 symbols.",
    ),
    (
        "vigenere",
        "LEM-ON",
        "letters",
        "A Vigenère key may only use the symbols A–Z; '-' is not one of them.",
    ),
    (
        "vigenere",
        "LEM0N",
        "seed",
        "A Vigenère key may only use the symbols A–Z and -; '0' is not one of them.",
    ),
    ("autokey", "", "seed", "An autokey primer is a keyword of 1 to 32 symbols; it is empty."),
    ("rot13", "5", "letters", "ROT13 takes no key; got '5'."),
    ("atbash", "KEY", "seed", "Atbash takes no key; got 'KEY'."),
]


@pytest.mark.parametrize("family, key, alphabet, message", BAD_KEYS)
def test_invalid_key_message(family, key, alphabet, message):
    with pytest.raises(InvalidKeyError) as exc:
        make_cipher(family, key, alphabet)
    assert str(exc.value) == message
    assert isinstance(exc.value, ValueError) and not isinstance(exc.value, KeyError)


def test_every_key_rule_is_tested_in_every_family_that_has_one():
    assert {family for family, *_ in BAD_KEYS} == set(FAMILIES)


def test_keys_that_are_valid_and_normalised():
    assert make_cipher("caesar", "+40", "seed").shift == 13
    assert make_cipher("caesar", " -3 ", "letters").shift == 23
    assert make_cipher("affine", " 31 , -1 ", "letters").key == {"a": 5, "b": 25}
    assert make_cipher("vigenere", " lemon ", "letters").key == "LEMON"
    assert make_cipher("vigenere", "Z" * 32, "letters").key == "Z" * 32
    assert make_cipher("vigenere", "LEM-ON", "seed").key == "LEM-ON"
    # a keyword's repeated letters count once, as in the textbooks
    assert make_cipher("substitution", "hello", "letters").key == "HELOABCDFGIJKMNPQRSTUVWXYZ"
    permutation = "QWERTYUIOPASDFGHJKLZXCVBNM"
    assert make_cipher("substitution", permutation.lower(), "letters").key == permutation


def test_rot13_acts_on_the_letters_only():
    with pytest.raises(UnsupportedAlphabetError, match="ROT13 works on the letters A–Z only"):
        make_cipher("rot13", None, "seed")
    assert make_cipher("rot13").alphabet == LETTER_ALPHABET


def test_unknown_family_or_alphabet():
    with pytest.raises(ValueError, match="Unknown cipher 'enigma'; choose one of caesar, rot13"):
        make_cipher("enigma")
    with pytest.raises(ValueError, match="Unknown alphabet 'greek'"):
        make_cipher("caesar", None, "greek")


def test_default_keys():
    assert make_cipher("caesar") == SEED_CIPHER
    assert make_cipher("caesar", None, "letters").key == 3
    assert make_cipher("affine").key == {"a": 5, "b": 8}
    assert make_cipher("substitution", None, "letters").key == "ZEBRASCDFGHIJKLMNOPQTUVWXY"
    assert make_cipher("vigenere").key == "LEMON"
    assert make_cipher("autokey").key == "QUEENLY"
    assert make_cipher("rot13").key is None and make_cipher("atbash").key is None


@pytest.mark.parametrize("family, alphabet_name", CASES)
def test_random_keys_are_valid_repeatable_and_not_the_identity(family, alphabet_name):
    cls, alphabet = FAMILIES[family], ALPHABETS[alphabet_name]
    keys = [cls.random_key(seed, alphabet) for seed in range(20)]
    assert keys == [cls.random_key(np.random.default_rng(seed), alphabet) for seed in range(20)]
    text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    for key in keys:
        assert cls.from_key(alphabet, key).encrypt(text) != text
    if cls.random_key(0, alphabet) is not None:
        assert len({json.dumps(k) for k in keys}) > 1


def test_keyword_families_draw_keys_of_a_chosen_length():
    for cls in (VigenereCipher, AutokeyCipher):
        assert len(cls.random_key(1, LETTER_ALPHABET, length=26)) == 26
        assert {len(cls.random_key(s, LETTER_ALPHABET)) for s in range(50)} <= set(range(3, 13))


# -- names and JSON ----------------------------------------------------------------------------


def test_names_show_the_key():
    assert make_cipher("caesar", "3", "letters").name == "Caesar +3, A–Z"
    assert SEED_CIPHER.describe() == "Caesar +13, A–Z and -"
    assert make_cipher("affine", "5,8", "letters").describe() == "Affine a=5, b=8, A–Z"
    assert make_cipher("substitution", "ZEBRAS", "letters").describe() == (
        "Substitution ZEBRASCDFGHIJKLMNOPQTUVWXY, A–Z"
    )
    assert make_cipher("vigenere", "lemon", "seed").describe() == "Vigenère LEMON, A–Z and -"
    assert make_cipher("autokey", "QUEENLY", "letters").name == "Autokey QUEENLY, A–Z"
    assert make_cipher("atbash", "", "letters").name == "Atbash, A–Z"
    assert make_cipher("rot13").name == "ROT13, A–Z"
    assert make_cipher("vigenere", "LEMON", "letters", name="My key").name == "My key"


@pytest.mark.parametrize("family, alphabet_name", CASES)
def test_json_round_trip(family, alphabet_name):
    for cipher in (
        make_cipher(family, None, alphabet_name),
        cipher_for(family, alphabet_name, 7),
        make_cipher(family, None, alphabet_name, name="Lesson 3"),
    ):
        data = json.loads(json.dumps(cipher.to_dict()))
        assert set(data) == {"family", "key", "alphabet", "name"}
        assert data["family"] == family and data["alphabet"] == cipher.alphabet.symbols
        assert cipher_from_dict(data) == cipher
        assert Cipher.from_dict(data) == cipher
        assert type(cipher).from_dict(data) == cipher


def test_version_1_caesar_json_still_loads():
    data = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    assert cipher_from_dict(data) == SEED_CIPHER
    assert CaesarCipher.from_dict(data) == SEED_CIPHER
    assert SEED_CIPHER.to_v1_dict() == data
    assert cipher_from_dict({"kind": "caesar", "shift": -1, "alphabet": LETTER_ALPHABET.symbols})
    assert ROT13.to_v1_dict()["shift"] == 13


def test_the_fixture_is_the_shipped_models_cipher():
    from cipherlab.resources import default_model_path

    with open(default_model_path(), "rb") as fh:  # safetensors: 8-byte length, JSON header
        header = json.loads(fh.read(int.from_bytes(fh.read(8), "little")))
    meta = json.loads(header["__metadata__"]["cipherlab"])
    assert meta["format_version"] == 1
    assert meta["cipher"] == json.loads(V1_FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "data, error, match",
    [
        ([1, 2], ValueError, "must be a JSON object"),
        ({"family": "enigma", "key": 1, "alphabet": "AB"}, ValueError, "Unknown cipher 'enigma'"),
        ({"kind": "rot47", "shift": 1, "alphabet": "AB"}, ValueError, "Unknown cipher kind"),
        ({"family": "caesar", "key": 1}, ValueError, "no alphabet"),
        ({"kind": "caesar", "shift": "13", "alphabet": "AB"}, InvalidKeyError, "got '13'"),
        ({"kind": "caesar", "shift": True, "alphabet": "AB"}, InvalidKeyError, "got True"),
        ({"family": "caesar", "alphabet": "AB"}, InvalidKeyError, "got None"),
        ({"family": "affine", "key": [5, 8], "alphabet": "ABC"}, InvalidKeyError, '"a": 5'),
        ({"family": "vigenere", "key": 5, "alphabet": "AB"}, InvalidKeyError, "got 5"),
        ({"family": "rot13", "key": None, "alphabet": "AB"}, UnsupportedAlphabetError, "ROT13"),
        ({"family": "atbash", "key": 3, "alphabet": "AB"}, InvalidKeyError, "no key"),
        ({"family": "atbash", "key": None, "alphabet": "AAB"}, ValueError, "repeats"),
    ],
)
def test_malformed_json_is_refused(data, error, match):
    with pytest.raises(error, match=match):
        cipher_from_dict(data)


def test_a_family_class_reads_only_its_own_family():
    data = make_cipher("vigenere").to_dict()
    with pytest.raises(ValueError, match="describes a vigenere cipher, not caesar"):
        CaesarCipher.from_dict(data)
    assert SubstitutionCipher.from_dict(make_cipher("substitution").to_dict())
    assert AffineCipher.from_dict({"family": "affine", "key": {"a": 1, "b": 0}, "alphabet": "seed"})


# -- compatibility and cost ------------------------------------------------------------------


def test_the_old_ciphers_are_families_too():
    assert SEED_CIPHER.family == "caesar" and SEED_CIPHER.shift == 13
    assert isinstance(ROT13, CaesarCipher) and ROT13.family == "rot13"
    assert ROT13.name == "ROT13 (A–Z)" and ROT13.key is None
    assert ROT13.encrypt(ROT13.encrypt("Hello-World")) == "Hello-World"
    assert CaesarCipher(SEED_ALPHABET, -13).shift == 14
    assert [cls.position_dependent for cls in FAMILIES.values()] == [
        False,
        False,
        False,
        False,
        False,
        True,
        True,
    ]


def test_families_import_neither_torch_nor_qt(tmp_path):
    code = (
        "import sys\n"
        "from cipherlab.core.ciphers import FAMILIES, make_cipher\n"
        "for family in FAMILIES:\n"
        "    c = make_cipher(family)\n"
        "    assert c.decrypt(c.encrypt('HELLO')) == 'HELLO'\n"
        "heavy = {'torch', 'PySide6', 'pyqtgraph'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
