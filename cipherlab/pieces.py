"""Text in pieces on the command line: input handed out piece by piece, output written so.

The commands read their input with the one bounded reader
(:func:`cipherlab.core.text.read_text_pieces`: at most 64 MiB, as pieces of at most 1 MiB)
and write their output a piece at a time, so memory holds the input once and the output a
piece at a time, whatever the length. Imports neither torch nor Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO


def drain(pieces: list[str]) -> Iterator[str]:
    """Hand out ``pieces`` in order, dropping each from the list as it goes.

    The input's memory then goes back while its output is written: a command streaming a
    64 MiB input holds about one copy of it, not two.
    """
    pieces.reverse()
    while pieces:
        yield pieces.pop()


def write_text(pieces: Iterable[str], args: argparse.Namespace) -> None:
    """Print a result piece by piece, as it is made.

    Piped or file text keeps its own line ends (no extra blank line); a TEXT argument's
    result gets a newline, as a shell user expects.
    """
    out = sys.stdout
    for piece in pieces:
        out.write(piece)
    if args.text not in (None, "-"):
        out.write("\n")


def write_json_string(out: TextIO, pieces: Iterable[str]) -> None:
    """Write the JSON string of the text ``pieces`` join to, a piece at a time.

    The same characters as ``json.dumps("".join(pieces), ensure_ascii=False)``: JSON
    escapes each character on its own, so escaping piece by piece changes nothing.
    """
    out.write('"')
    for piece in pieces:
        out.write(json.dumps(piece, ensure_ascii=False)[1:-1])
    out.write('"')
