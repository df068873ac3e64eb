"""Classical ciphers over an :class:`~cipherlab.core.alphabet.Alphabet`.

The seed cipher is the one the tutorial "Building your first RNN" (parts 1-3) calls ROT13: a
Caesar shift of +13 over the 27 symbols ``A``-``Z`` and ``-``. It is not self-inverse:
decryption is a shift of +14 (mod 27). Classic ROT13 is the same construction over 26 letters.
"""

from __future__ import annotations

from dataclasses import dataclass

from .alphabet import LETTER_ALPHABET, SEED_ALPHABET, Alphabet


@dataclass(frozen=True)
class CaesarCipher:
    """Caesar shift over an alphabet: ``c = (p + shift) mod n``.

    Parameters
    ----------
    alphabet : Alphabet
        The symbols the shift acts on; other characters pass through unchanged.
    shift : int
        The key, in symbols. Any integer; normalised into ``[0, n)``.
    name : str
        A human-readable name for menus and model cards.
    """

    alphabet: Alphabet
    shift: int
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "shift", self.shift % len(self.alphabet))
        if not self.name:
            object.__setattr__(
                self, "name", f"Caesar {self.shift:+d} over {len(self.alphabet)} symbols"
            )

    @property
    def inverse_shift(self) -> int:
        """The shift that decrypts, in ``[0, n)`` (14 for the seed cipher)."""
        return (-self.shift) % len(self.alphabet)

    def encrypt_indices(self, indices):
        """Shift plaintext indices; works on ints, NumPy arrays and torch tensors alike.

        Parameters
        ----------
        indices : int or array-like of int, any shape
            Plaintext symbol indices in ``[0, n)``.

        Returns
        -------
        Same type and shape as ``indices``: ciphertext indices.
        """
        return (indices + self.shift) % len(self.alphabet)

    def decrypt_indices(self, indices):
        """Inverse of :meth:`encrypt_indices` (same shapes and types)."""
        return (indices + self.inverse_shift) % len(self.alphabet)

    def _apply(self, text: str, shift: int) -> str:
        encoded = self.alphabet.encode(text)
        n = len(self.alphabet)
        return self.alphabet.decode(encoded, (encoded.indices + shift) % n)

    def encrypt(self, plaintext: str) -> str:
        """Encrypt a string; case is kept and foreign characters pass through."""
        return self._apply(plaintext, self.shift)

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt a string (the exact, classical answer the model should learn)."""
        return self._apply(ciphertext, self.inverse_shift)

    def to_dict(self) -> dict:
        """Plain-JSON description, stored in model files."""
        return {
            "kind": "caesar",
            "shift": self.shift,
            "alphabet": self.alphabet.symbols,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, data: dict) -> CaesarCipher:
        """Inverse of :meth:`to_dict`.

        Raises
        ------
        ValueError
            If the description is not a Caesar cipher or is malformed.
        """
        if data.get("kind") != "caesar":
            raise ValueError(f"Unknown cipher kind {data.get('kind')!r}.")
        try:
            alphabet = Alphabet(str(data["alphabet"]))
            shift = data["shift"]
            if not isinstance(shift, int) or isinstance(shift, bool):
                raise ValueError(f"the shift must be a whole number, got {shift!r}")
            return cls(alphabet, shift, str(data.get("name", "")))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"Malformed cipher description: {data!r}") from exc


SEED_CIPHER = CaesarCipher(SEED_ALPHABET, 13, "Caesar +13, A–Z and -")
"""The seed tutorial's cipher, +13 over 27 symbols: ``THIS-IS-A-SECRET`` -> ``FUVEMVEMNMERPDRF``."""

ROT13 = CaesarCipher(LETTER_ALPHABET, 13, "ROT13 (A–Z)")
"""Classic, self-inverse ROT13 over 26 letters (``URYYB`` -> ``HELLO``)."""
