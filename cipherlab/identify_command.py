"""``cipherlab identify``: what cipher is this? A probability per family, most likely first.

The family's probabilities come from classical statistics
(:func:`cipherlab.core.cryptanalysis.identify`): index of coincidence, the index of coincidence
per period, letter-frequency fits. ``cipherlab crack`` without ``--cipher`` identifies first,
then cracks the likeliest family it can crack
(:func:`~cipherlab.core.cryptanalysis.crack_identified`).

With ``--model FILE``, a trained cipher identifier (``cipherlab train --task identify``) reads
the text too, and its probabilities are combined with the classical ones
(:func:`~cipherlab.core.cryptanalysis.combine`: their product, renormalised, as independent
evidence); the three are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cipherlab.core.ciphers import ALPHABETS

if TYPE_CHECKING:
    from cipherlab.core.cryptanalysis import Baselines, Identification
    from cipherlab.core.storage import ModelBundle

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
    identify.add_argument(
        "--model",
        default=None,
        metavar="FILE",
        help="a trained cipher identifier (train --task identify): its probabilities are "
        "combined with the classical ones, as independent evidence (their product, "
        "renormalised; no family reaches exactly 100 %%), and the three printed side by side",
    )
    identify.add_argument("--json", action="store_true", help="print one JSON object")


def identify_with(text: str, baselines: Baselines) -> Identification:
    """Identify ``text`` under the alphabet and English frequencies of ``baselines``."""
    from cipherlab.core.cryptanalysis import identify

    return identify(text, baselines.alphabet, baselines.frequencies)


def combined_json(found: Identification, network: dict[str, float]) -> dict:
    """``identify --model --json``'s keys: the three distributions, and the combined answer.

    ``classical``, ``network`` and ``combined`` (label -> probability, likeliest first);
    ``family`` becomes the combined answer's likeliest label.
    """
    from cipherlab.core.cryptanalysis import combine

    def ranked(p: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 6) for k, v in sorted(p.items(), key=lambda kv: -kv[1])}

    combined = combine(found.probabilities, network)
    return {
        "family": max(combined, key=combined.__getitem__),
        "classical": ranked(found.probabilities),
        "network": ranked(network),
        "combined": ranked(combined),
    }


def identification_line(found: Identification) -> str:
    """``"cipher: vigenere (identified, 93 %)"`` for standard error."""
    from cipherlab.core.cryptanalysis import percent_text

    best = found.best
    period = f", period {found.period}" if best == "vigenere" else ""
    return f"cipher: {best} (identified, {percent_text(found.probabilities[best])}{period})"


def identifier_from(path: str, alphabet: str | None) -> tuple[ModelBundle, str]:
    """The cipher identifier in the model file ``path``, and its alphabet's name.

    Parameters
    ----------
    path : str
        A model file trained with ``--task identify``.
    alphabet : str or None
        The alphabet asked for with ``--alphabet``; None for the model's.

    Raises
    ------
    ModelFileError
        In one sentence: the file holds a model of another task, or reads another alphabet.
    """
    from cipherlab.core.errors import ModelFileError
    from cipherlab.core.storage import load_model

    bundle = load_model(path)
    name = Path(path).name
    task = bundle.task_kind
    if not task.labels:
        raise ModelFileError(
            f"{name} is a {task.noun}, not a cipher identifier: identify --model takes a "
            "model trained with --task identify."
        )
    model_alphabet = next((k for k, v in ALPHABETS.items() if v == bundle.alphabet), "")
    if alphabet is not None and alphabet != model_alphabet:
        raise ModelFileError(
            f"{name} reads the {model_alphabet or 'its own'} alphabet, not {alphabet}: "
            "leave out --alphabet to use the model's."
        )
    from cipherlab.core.network import use_threads

    use_threads()  # the window's torch thread policy, as decode's
    return bundle, model_alphabet or "seed"


def network_probabilities(bundle: ModelBundle, text: str) -> dict[str, float]:
    """Label -> probability that the cipher identifier ``bundle`` gives ``text``."""
    from cipherlab.core.network import label_probabilities
    from cipherlab.core.settings import IDENTIFY_LABELS

    indices = bundle.alphabet.encode(text).indices
    p = label_probabilities(bundle.model, indices, len(IDENTIFY_LABELS))
    return {label: float(v) for label, v in zip(IDENTIFY_LABELS, p, strict=True)}


def side_by_side(found: Identification, network: dict[str, float]) -> list[str]:
    """The families' lines of ``identify --model``, under a header line.

    Each family's classical, network and combined probability, the likeliest combined first.
    """
    from cipherlab.core.cryptanalysis import LABEL_TITLES, combine, percent_text

    combined = combine(found.probabilities, network)
    width = max(len(t) for t in LABEL_TITLES.values())
    lines = [f"{'':<{width}}  {'classical':>9}  {'network':>9}  {'combined':>9}"]
    for label, p in sorted(combined.items(), key=lambda kv: -kv[1]):
        extra = f"  period {found.period}" if label == "vigenere" else ""
        columns = (found.probabilities[label], network[label], p)
        cells = "  ".join(f"{percent_text(v):>9}" for v in columns)
        lines.append(f"{LABEL_TITLES[label]:<{width}}  {cells}{extra}")
    return lines


def run_identify(args: argparse.Namespace, pieces: list[str]) -> int:
    """Run ``cipherlab identify`` on the text of ``pieces``.

    Prints each family's probability, most likely first (Vigenère with its likely period),
    then the index of coincidence (with English's and a uniform text's) and the length;
    with ``--json`` one object (:meth:`~cipherlab.core.cryptanalysis.Identification.to_json`
    with the alphabet). With ``--model``, the classical, the network's and the combined
    probability of each family side by side (:func:`side_by_side`, :func:`combined_json`),
    over the model's alphabet.
    """
    from cipherlab.core.cryptanalysis import (
        LABEL_TITLES,
        detect_alphabet,
        english_baselines,
        percent_text,
    )

    text = "".join(pieces)
    bundle = None
    if args.model is not None:
        bundle, name = identifier_from(args.model, args.alphabet)
        reason = "the model's"
        guess = detect_alphabet(text[:10_000])
        if args.alphabet is None and name not in guess.candidates:  # e.g. spaces for seed
            reason += f"; the text reads as {guess.name}: {guess.reason}"
    elif args.alphabet is not None:
        name, reason = args.alphabet, "--alphabet"
    else:
        guess = detect_alphabet(text[:10_000])
        name, reason = guess.name, f"detected: {guess.reason}"
    found = identify_with(text, english_baselines(name))
    network = None if bundle is None else network_probabilities(bundle, text)
    if args.json:
        data = {**found.to_json(), "alphabet": name, "alphabet_reason": reason}
        if network is not None:
            data |= combined_json(found, network)
        print(json.dumps(data, ensure_ascii=False))
        return 0
    if network is not None:
        print("\n".join(side_by_side(found, network)))
    else:
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
