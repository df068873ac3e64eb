"""Which alphabet a ciphertext is written in, read from the text itself.

Two alphabets are cracked (:data:`~cipherlab.core.ciphers.ALPHABETS`): ``seed``, the 27
symbols A–Z and ``-`` (the seed's ciphertexts, ``FUVEMVEMNMERPDRF``), and ``letters``, A–Z
with everything else (spaces, punctuation, digits) passed through unchanged. Natural text
cracked under ``seed`` comes out nearly right but silently wrong (a space is not a symbol
there, so ``Wxhvgdb`` is not shifted back to ``Tuesday``), so the text decides:

* lower case, spaces or punctuation → ``letters``;
* only A–Z and ``-`` → ``seed``;
* only A–Z (no ``-``, nothing else) → unclear: both alphabets read it, so it is cracked under
  both and the reading the scorer prefers is kept (:func:`better_reading`).

Digits and line breaks weigh neither way (they pass through under both, and a file of seed
ciphertext ends in a line break).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .key_ranking import KeyRanking

DETECTED_CHARS = 10_000
"""Characters at the start of a text that :func:`detect_alphabet` reads (a book's first page
says as much as the whole book)."""
UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
NEUTRAL = frozenset("0123456789\n\r")
"""Characters that pass through under both alphabets and say nothing about which one."""


@dataclass(frozen=True)
class AlphabetGuess:
    """The alphabet a ciphertext is cracked under, and why.

    Attributes
    ----------
    name : str
        The alphabet's name in :data:`~cipherlab.core.ciphers.ALPHABETS` (``"seed"`` or
        ``"letters"``). While :attr:`unclear`, ``"letters"`` until :func:`better_reading`
        decides.
    reason : str
        Why, in a few words (``"lower case and spaces"``, ``"only A–Z and -"``).
    candidates : tuple of str
        The alphabets to crack under: ``(name,)``, or both while unclear.
    """

    name: str
    reason: str
    candidates: tuple[str, ...]

    @property
    def unclear(self) -> bool:
        """True when the text alone cannot tell: crack under every candidate, then decide."""
        return len(self.candidates) > 1


def detect_alphabet(text: str) -> AlphabetGuess:
    """Guess the alphabet of a ciphertext from the characters it uses.

    Lower case, spaces or punctuation → ``letters`` (natural text, whose spaces and
    punctuation pass through); only A–Z and ``-`` → ``seed``; only A–Z → unclear, both
    candidates (crack under each and keep :func:`better_reading`). Digits and line breaks
    count for neither; only the first :data:`DETECTED_CHARS` characters are read.

    Parameters
    ----------
    text : str
        The ciphertext (or its start).

    Returns
    -------
    AlphabetGuess
        The alphabet and a one-line reason, e.g. ``letters`` because of
        ``"lower case and spaces"``.

    Examples
    --------
    >>> detect_alphabet("Wkh frpplwwhh zloo phhw rq Wxhvgdb")
    AlphabetGuess(name='letters', reason='lower case and spaces', candidates=('letters',))
    >>> detect_alphabet("FUVEM-VEM").name
    'seed'
    >>> detect_alphabet("FUVEMVEMNMERPDRF").candidates
    ('letters', 'seed')
    """
    used = set(text[:DETECTED_CHARS]) - NEUTRAL
    signs = []
    if any(c.islower() for c in used):
        signs.append("lower case")
    if any(c.isspace() for c in used):
        signs.append("spaces")
    if any(not c.isspace() and not c.islower() and c not in UPPER and c != "-" for c in used):
        signs.append("punctuation")
    if signs:
        said = signs[0] if len(signs) == 1 else f"{', '.join(signs[:-1])} and {signs[-1]}"
        return AlphabetGuess("letters", said, ("letters",))
    if "-" in used:
        return AlphabetGuess("seed", "only A–Z and -", ("seed",))
    if used:
        return AlphabetGuess("letters", "only A–Z: both alphabets read it", ("letters", "seed"))
    return AlphabetGuess("seed", "no letters", ("seed",))


def better_reading(guess: AlphabetGuess, rankings: Mapping[str, KeyRanking]) -> AlphabetGuess:
    """Decide an unclear guess: the alphabet whose best plaintext its scorer finds likelier.

    Each ranking's best key is compared by its log-likelihood (nats) under the ranking's
    method (for ``lm``: each alphabet's own language model); both read the same letters,
    since the text has only A–Z. A tie keeps ``letters``.

    Parameters
    ----------
    guess : AlphabetGuess
        From :func:`detect_alphabet`; returned unchanged unless :attr:`~AlphabetGuess.unclear`.
    rankings : mapping of str to KeyRanking
        One ranking per candidate alphabet, from :func:`~cipherlab.core.cryptanalysis.crack`.

    Returns
    -------
    AlphabetGuess
        One candidate, its reason saying the scorer chose it
        (``"only A–Z; the seed reading is likelier"``).

    Raises
    ------
    ValueError
        If a candidate has no ranking.
    """
    if not guess.unclear:
        return guess
    missing = [name for name in guess.candidates if name not in rankings]
    if missing:
        raise ValueError(f"No ranking under {', '.join(missing)} to compare.")

    def likelihood(name: str) -> float:
        ranking = rankings[name]
        return ranking.best.scores[ranking.method]

    best = max(guess.candidates, key=lambda name: (likelihood(name), name == "letters"))
    return replace(
        guess, name=best, reason=f"only A–Z; the {best} reading is likelier", candidates=(best,)
    )
