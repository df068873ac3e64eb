"""``cipherlab probe``: a model's accuracy against message length.

The measurement is :mod:`cipherlab.core.inside.generalisation`'s.

Kept apart from :mod:`cipherlab.cli`, which adds the subcommand with
:func:`add_probe_command` and runs it with :func:`run_probe`. Only cheap imports at the top:
torch loads when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cipherlab.core.settings import (
    DEFAULT_LENGTHS,
    DEFAULT_MESSAGES,
    MAX_MESSAGES,
    SOURCES,
    check_lengths,
)

if TYPE_CHECKING:  # torch loads when the command runs
    from cipherlab.core.inside import ProbePoint

Parser = TypeVar("Parser", bound=argparse.ArgumentParser)
"""The class of the ``cipherlab`` parser, which its subcommands' parsers share."""


def _lengths(text: str) -> tuple[int, ...]:
    """``"8,16,32"`` -> ``(8, 16, 32)``, each checked (argparse type)."""
    try:
        lengths = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"give whole numbers separated by commas, such as 8,16,32; got {text!r}"
        ) from None
    try:
        return check_lengths(lengths)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None  # argparse ends it


def _messages(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_MESSAGES:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_MESSAGES:,}, got {value:,}")
    return value


def add_probe_command(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``probe`` to the ``cipherlab`` subparsers ``sub``."""
    probe = sub.add_parser(
        "probe",
        help="measure a model's accuracy against message length (how far it generalises)",
        description="Decode fresh messages of each length as the app decodes a text (in "
        "windows of the training length for Caesar-like ciphers, as one sequence for "
        "Vigenère and autokey) and print per-symbol and whole-message accuracy.",
    )
    probe.add_argument("--model", default=None, help="model file (default: the shipped model)")
    probe.add_argument(
        "--lengths",
        type=_lengths,
        default=DEFAULT_LENGTHS,
        metavar="N,N,...",
        help=f"message lengths in symbols (default {','.join(map(str, DEFAULT_LENGTHS))})",
    )
    probe.add_argument(
        "--data",
        default=None,
        metavar="random|english|prose|FILE",
        help="what the plaintext looks like: random symbols, English-like text, English prose "
        "(the test part, which no model trains on), or messages cut from a UTF-8 text file "
        "(default: the model's own training data, else random)",
    )
    probe.add_argument(
        "--messages",
        type=_messages,
        default=DEFAULT_MESSAGES,
        metavar="N",
        help=f"messages per length (default {DEFAULT_MESSAGES})",
    )
    probe.add_argument("--seed", type=int, default=0, help="seed of the messages (default 0)")
    probe.add_argument("--json", action="store_true", help="print one JSON object")
    probe.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def format_table(points: list[ProbePoint]) -> str:
    """The results as an aligned text table (no trailing newline)."""
    lines = [f"{'length':>8}  {'per symbol':>10}  {'whole message':>13}"]
    lines += [
        f"{p.length:>8,}  {p.symbol_accuracy:>10.1%}  {p.message_accuracy:>13.1%}" for p in points
    ]
    return "\n".join(lines)


def run_probe(args: argparse.Namespace) -> int:
    """Run ``cipherlab probe``; a bad model or data file raises a one-line error.

    Raises
    ------
    ModelFileError, ValueError
        The model file or the text file is unusable (the caller prints one line).
    """
    from tqdm import tqdm

    from cipherlab.core.inside import probe_steps, training_source
    from cipherlab.core.storage import check_decrypts, load_model
    from cipherlab.resources import default_model_path

    path = args.model or default_model_path()
    bundle = load_model(path)
    cipher = check_decrypts(bundle, Path(path).name)
    if args.data is None:  # a model trained on English is measured on English
        source, note = training_source(bundle)
    else:
        source, note = args.data, "given with --data"
    steps = probe_steps(bundle, args.lengths, source, args.messages, args.seed)
    try:
        progress = next(steps)  # checks the data source before a progress bar shows
    except ModuleNotFoundError as exc:  # english without its word counts
        raise ValueError(f"English text needs the package {exc.name}: pip install it") from None
    hide = args.json or args.no_progress
    with tqdm(total=100, unit="%", disable=hide, file=sys.stderr) as bar:
        while True:
            bar.update(round(100 * progress.fraction) - bar.n)
            try:
                progress = next(steps)
            except StopIteration as done:
                points = done.value
                break
    decoding = "one sequence" if cipher.position_dependent else "windows"
    data = source if source in SOURCES else f"file {source}"
    if args.json:
        print(
            json.dumps(
                {
                    "model": str(path),
                    "cipher": cipher.to_dict(),
                    "trained_length": bundle.seq_len,
                    "decoding": decoding,
                    "data": data,
                    "data_note": note,
                    "messages": args.messages,
                    "seed": args.seed,
                    "results": [p._asdict() for p in points],
                },
                ensure_ascii=False,
            )
        )
        return 0
    how = (
        "decoded as one sequence"
        if cipher.position_dependent
        else f"decoded in {bundle.seq_len}-symbol windows"
    )
    print(f"{cipher.describe()}: trained on {bundle.seq_len}-symbol messages, {how}")
    print(f"{data} text ({note}), {args.messages} messages per length (seed {args.seed})\n")
    print(format_table(points))
    return 0
