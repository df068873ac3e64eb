"""The alphabet, its text rules and the Caesar cipher (no model involved)."""

import string

from hypothesis import given
from hypothesis import strategies as st

from cipherlab.core.ciphers import ROT13, SEED_CIPHER, CaesarCipher
from cipherlab.core.text import LETTER_ALPHABET, SEED_ALPHABET


def test_seed_example():
    assert SEED_CIPHER.encrypt("THIS-IS-A-SECRET") == "FUVEMVEMNMERPDRF"
    assert SEED_CIPHER.decrypt("FUVEMVEMNMERPDRF") == "THIS-IS-A-SECRET"
    encoded = SEED_ALPHABET.encode(SEED_CIPHER.encrypt("SECRET"))
    assert encoded.indices.tolist() == [4, 17, 15, 3, 17, 5]


def test_seed_cipher_is_not_self_inverse():
    assert SEED_CIPHER.encrypt(SEED_CIPHER.encrypt("ABC")) == "-AB"
    assert SEED_CIPHER.encrypt(SEED_CIPHER.encrypt("THIS-IS-A-SECRET")) != "THIS-IS-A-SECRET"
    assert SEED_CIPHER.inverse_shift == 14


def test_classic_rot13_is_separate_and_self_inverse():
    assert ROT13.decrypt("URYYB") == "HELLO"
    assert ROT13.encrypt("Hello, World!") == "Uryyb, Jbeyq!"
    assert ROT13.encrypt(ROT13.encrypt("Hello-World")) == "Hello-World"


# "-" has no lower case, so a lower-case letter that encrypts to "-" comes back upper case:
# over the 27 symbols the identity holds for text without lower-case letters.
NO_LOWER = st.characters(codec="utf-8", exclude_characters=string.ascii_lowercase)


@given(st.integers(-60, 60), st.text(alphabet=NO_LOWER, max_size=50))
def test_decrypt_inverts_encrypt_for_every_shift(shift, text):
    cipher = CaesarCipher(SEED_ALPHABET, shift)
    assert 0 <= cipher.shift < 27
    assert cipher.decrypt(cipher.encrypt(text)) == text


@given(st.integers(-60, 60), st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
def test_letters_only_cipher_round_trips_any_text_and_case(shift, text):
    cipher = CaesarCipher(LETTER_ALPHABET, shift)
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_lower_case_letter_that_becomes_dash_loses_only_its_case():
    cipher = CaesarCipher(SEED_ALPHABET, -37)
    assert cipher.encrypt("j") == "-"
    assert cipher.decrypt("-") == "J"


def test_dash_takes_the_case_of_its_neighbours():
    assert SEED_CIPHER.encrypt("bring") == "odv-t"
    assert SEED_CIPHER.decrypt("odv-t") == "bring"
    assert SEED_CIPHER.decrypt("-odv") == "nbri"
    assert SEED_CIPHER.encrypt("this-is") == "fuvemve"
    assert SEED_CIPHER.decrypt("ODV-T") == "BRING"


def test_shifts_are_normalised():
    assert CaesarCipher(SEED_ALPHABET, -13).shift == 14
    assert CaesarCipher(SEED_ALPHABET, 40).encrypt("A") == "N"


def test_case_and_pass_through():
    assert SEED_CIPHER.encrypt("this is a secret!") == "fuve ve n erpdrf!"
    encoded = SEED_ALPHABET.encode("a👋b")
    assert encoded.positions.tolist() == [0, 2]
    assert encoded.pass_through_mask() == [False, True, False]


def test_look_alike_letters_are_not_aliased():
    # dotless i and long s upper-case to I and S but must pass through unchanged
    assert SEED_ALPHABET.encode("ıſßé").n_symbols == 0
    assert SEED_CIPHER.encrypt("ıſßé") == "ıſßé"


def test_decomposed_accented_letter_passes_through_like_the_precomposed_one():
    assert SEED_CIPHER.encrypt("E\u0301X") == "E\u0301J"
    assert SEED_CIPHER.encrypt("\u00c9X") == "\u00c9J"
    assert SEED_ALPHABET.encode("E\u0301X").positions.tolist() == [2]
    assert SEED_ALPHABET.encode("\u0301X").positions.tolist() == [1]  # a lone mark passes through


def test_alphabets_carry_their_names_and_symbols_read_from_a_file_find_theirs():
    from cipherlab.core.ciphers import ALPHABETS, family_named
    from cipherlab.core.text import Alphabet, alphabet_of

    assert {name: a.name for name, a in ALPHABETS.items()} == {"seed": "seed", "letters": "letters"}
    assert alphabet_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") is ALPHABETS["letters"]
    assert alphabet_of("ABC").name == "" and alphabet_of("ABC") == Alphabet("ABC", "other")
    assert family_named("rot13").default_alphabet().name == "letters"
