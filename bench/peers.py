"""The peer tools the cracking benchmarks compare with, each called one way, in one place.

Every peer is optional (``pip install -e .[bench]``): a tool that is not installed is left out
of the dictionary, and the benchmark prints without it. Each solver maps a ciphertext over the
26 letters (case, spaces and punctuation as written) to its best plaintext; peers read letters
only, so they are measured on letter text, never on the seed alphabet's 27 symbols (where ``-``
is enciphered too). Some return upper or lower case: compare letters, not strings
(:func:`same_letters`).

Used by ``bench/crack_accuracy.py`` and ``bench/crack_speed.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Solver = Callable[[str], str]
"""A tool as measured: ciphertext -> its best plaintext ("" when it gives no answer)."""


def letters(text: str) -> str:
    """The letters A-Z of ``text``, upper-cased (what every tool must recover).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        Its ASCII letters, in order, upper case.
    """
    return "".join(c for c in text.upper() if "A" <= c <= "Z")


def same_letters(answer: str, plaintext: str) -> bool:
    """Whether ``answer`` has exactly the letters of ``plaintext`` (case and the rest aside)."""
    return letters(answer) == letters(plaintext)


def caesar_peers() -> dict[str, Solver]:
    """Installed peers that break a Caesar shift: lantern (quadgrams), szyfrow (unigrams)."""
    found: dict[str, Solver] = {}
    try:
        from lantern import fitness
        from lantern.modules import shift

        def lantern_shift(ciphertext: str) -> str:
            crackings = shift.crack(ciphertext, fitness.english.quadgrams)
            return "".join(crackings[0].plaintext) if crackings else ""

        found["lantern"] = lantern_shift
    except ImportError:
        pass
    try:
        from szyfrow import caesar

        def szyfrow_caesar(ciphertext: str) -> str:
            key, _ = caesar.caesar_break(ciphertext)
            return caesar.caesar_decipher(ciphertext, key)

        found["szyfrow"] = szyfrow_caesar
    except ImportError:
        pass
    return found


def affine_peers() -> dict[str, Solver]:
    """Installed peers that break an affine cipher: szyfrow (every key, unigrams)."""
    found: dict[str, Solver] = {}
    try:
        from szyfrow import affine

        def szyfrow_affine(ciphertext: str) -> str:
            (multiplier, adder, one_based), _ = affine.affine_break(ciphertext)
            return affine.affine_decipher(ciphertext, multiplier, adder, one_based)

        found["szyfrow"] = szyfrow_affine
    except ImportError:
        pass
    return found


def vigenere_peers() -> dict[str, Solver]:
    """Installed peers that break Vigenère: vigenere-solver-ng (its defaults), lantern."""
    found: dict[str, Solver] = {}
    try:
        import vigenere

        def solver_ng(ciphertext: str) -> str:
            try:
                return vigenere.solve(ciphertext, seed=0).plaintext
            except RuntimeError:  # too short for it
                return ""

        found["vigenere-solver-ng"] = solver_ng
    except ImportError:
        pass
    try:
        from lantern import fitness
        from lantern.modules import vigenere as lantern_vigenere

        def lantern_solver(ciphertext: str) -> str:
            crackings = lantern_vigenere.crack(ciphertext, fitness.english.quadgrams)
            return "".join(crackings[0].plaintext) if crackings else ""

        found["lantern"] = lantern_solver
    except ImportError:
        pass
    return found


SUBBREAKER_ROUNDS = 1_000
"""subbreaker's climbs stop when its best optimum is hit 3 times, or after this many (its
default, 10,000, takes minutes on a 64-letter text that never consolidates)."""


def substitution_peers() -> dict[str, Solver]:
    """Installed peers that break a substitution: subbreaker (its English quadgrams)."""
    found: dict[str, Solver] = {}
    try:
        import subbreaker
        from subbreaker.breaker import Breaker
    except ImportError:
        return found
    quadgrams = Path(subbreaker.__file__).parent / "quadgram" / "EN.json"
    with open(quadgrams) as fh:
        breaker = Breaker(fh)

    def subbreaker_solver(ciphertext: str) -> str:
        return breaker.break_cipher(ciphertext, SUBBREAKER_ROUNDS).plaintext

    found["subbreaker"] = subbreaker_solver
    return found


PEERS: dict[str, Callable[[], dict[str, Solver]]] = {
    "caesar": caesar_peers,
    "affine": affine_peers,
    "vigenere": vigenere_peers,
    "substitution": substitution_peers,
}
"""Per cipher family, the function that finds its installed peers."""


def peers_for(family: str) -> dict[str, Solver]:
    """The installed peers that break ``family`` (none for a family no peer breaks)."""
    return PEERS[family]() if family in PEERS else {}
