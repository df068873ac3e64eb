"""``cipherlab identify``: what cipher is this? A probability per family, most likely first.

The family's probabilities come from classical statistics
(:func:`cipherlab.core.cryptanalysis.identify`): index of coincidence, the index of coincidence
per period, letter-frequency fits. ``cipherlab crack`` without ``--cipher`` identifies first,
then cracks the likeliest family it can crack
(:func:`~cipherlab.core.cryptanalysis.crack_identified`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TypeVar

from cipherlab.core.ciphers import ALPHABETS

if TYPE_CHECKING:
    from cipherlab.core.cryptanalysis import Baselines, Identification

Parser = TypeVar("Parser", bound=argparse.ArgumentParser)


def add_identify_command(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``identify`` to the ``cipherlab`` subparsers ``sub``."""
    identify = sub.add_parser(
        "identify",
        help="what cipher is this? a probability per cipher family",
        description="Give each cipher family a probability (plain English, a shift or "
        "affine, a general substitution, Vigenère with its likely period, autokey) from "
        "classical statistics: index of coincidence, the index of coincidence per period, "
        "and letter-frequency fits against English.",
    )
    identify.add_argument("text", nargs="?", help="the ciphertext, or - for standard input")
    identify.add_argument("--file", help="read the ciphertext from this UTF-8 file")
    identify.add_argument(
        "--alphabet",
        choices=list(ALPHABETS),
        default=None,
        help="seed = A-Z and -, letters = A-Z with spaces and punctuation passing through "
        "(default: read from the text)",
    )
    identify.add_argument("--json", action="store_true", help="print one JSON object")


def identify_with(text: str, baselines: Baselines) -> Identification:
    """Identify ``text`` under the alphabet and English frequencies of ``baselines``."""
    from cipherlab.core.cryptanalysis import identify

    return identify(text, baselines.alphabet, baselines.frequencies)


def identification_line(found: Identification) -> str:
    """``"cipher: vigenere (identified, 93 %)"`` for standard error."""
    from cipherlab.core.cryptanalysis import percent_text

    best = found.best
    period = f", period {found.period}" if best == "vigenere" else ""
    return f"cipher: {best} (identified, {percent_text(found.probabilities[best])}{period})"


def run_identify(args: argparse.Namespace, pieces: list[str]) -> int:
    """Run ``cipherlab identify`` on the text of ``pieces``.

    Prints each family's probability, most likely first (Vigenère with its likely period),
    then the index of coincidence (with English's and a uniform text's) and the length;
    with ``--json`` one object (:meth:`~cipherlab.core.cryptanalysis.Identification.to_json`
    with the alphabet).
    """
    from cipherlab.core.cryptanalysis import (
        LABEL_TITLES,
        detect_alphabet,
        english_baselines,
        percent_text,
    )

    text = "".join(pieces)
    if args.alphabet is not None:
        name, reason = args.alphabet, "--alphabet"
    else:
        guess = detect_alphabet(text[:10_000])
        name, reason = guess.name, f"detected: {guess.reason}"
    found = identify_with(text, english_baselines(name))
    if args.json:
        data = {**found.to_json(), "alphabet": name, "alphabet_reason": reason}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    width = max(len(t) for t in LABEL_TITLES.values())
    for label, p in found.ranked:
        extra = ""
        if label == "vigenere":
            extra = f"  period {found.period} ({percent_text(found.period_probability)})"
        print(f"{LABEL_TITLES[label]:<{width}}  {percent_text(p):>6}{extra}")
    stats = found.statistics
    print(
        f"index of coincidence: {stats.ioc:.4f} (English {stats.english_ioc:.4f}, "
        f"random {stats.random_ioc:.4f})"
    )
    print(f"letters: {stats.length:,}", file=sys.stdout)
    print(f"alphabet: {name} ({reason})", file=sys.stderr)
    return 0
