"""What a generalisation probe may be asked: message lengths, messages per length, sources.

The probe itself (:func:`cipherlab.core.inside.probe`) needs torch; these limits are
checked where the request is typed (the command line, the window's form), before anything loads.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

DEFAULT_LENGTHS = (8, 16, 32, 64, 128, 256, 512, 1024)
"""Message lengths probed by default (symbols): from a quarter of the training length to 32x."""
DEFAULT_MESSAGES = 100
"""Messages per length: whole-message accuracy in steps of 1 %."""
MAX_LENGTH = 100_000
"""Longest message length a probe accepts (symbols)."""
MAX_MESSAGES = 100_000
"""Most messages per length a probe accepts."""
MAX_LENGTHS = 64
"""Most lengths in one probe."""
SOURCES = ("random", "english", "prose")
"""Named sources; any other name is a text file's path."""


def check_lengths(lengths: Sequence[int]) -> tuple[int, ...]:
    """The lengths to probe, checked: 1 to :data:`MAX_LENGTHS` whole numbers in ``[1, MAX_LENGTH]``.

    Raises
    ------
    ValueError
        With one sentence naming the rule.
    """
    values = tuple(lengths)
    if not 1 <= len(values) <= MAX_LENGTHS:
        raise ValueError(f"Give 1 to {MAX_LENGTHS} message lengths, got {len(values)}.")
    for value in values:
        if isinstance(value, bool) or not hasattr(value, "__index__"):  # ints, NumPy ints
            raise ValueError(f"A message length is a whole number, got {value!r}.")
        if not 1 <= value <= MAX_LENGTH:
            raise ValueError(f"A message length must be from 1 to {MAX_LENGTH:,}, got {value:,}.")
    return tuple(operator.index(v) for v in values)
