"""The one reader of JSON the app did not write itself in this session: bounded in size and depth.

Every JSON text Cipher Lab reads back — a model file's header and metadata, a run file's
metadata, a settings entry, the autosave list's summaries — may be damaged or crafted.
Python's :func:`json.loads` recurses once per nesting level, so a text nested 100,000
deep raises :class:`RecursionError` (not a :class:`ValueError`), which slips past every
``except ValueError`` and, at start-up, leaves the window an empty frame. This reader
refuses what is too long before parsing, turns a :class:`RecursionError` into a measured
depth (counted without recursion), and refuses a parsed value nested deeper than the
limit, each with a :class:`JSONLimitError` — a :class:`ValueError`, so callers' existing
handling of malformed JSON covers it.

Nothing here imports torch or Qt.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

MAX_JSON_CHARS = 2**20
"""Longest JSON text read by default, in characters (ours are a few kilobytes)."""
MAX_JSON_DEPTH = 16
"""Deepest nesting of objects and lists read by default (ours nest at most 3 deep)."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STEP = np.zeros(256, dtype=np.int64)  # byte -> change of nesting depth
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1


class JSONLimitError(ValueError):
    """JSON text that is not read: too long, nested too deep, or not JSON at all.

    Attributes
    ----------
    reason : str
        What is wrong, in a few words, e.g. ``"it nests 100,000 levels deep (at most 16)"``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def json_depth(text: str) -> int:
    """Deepest nesting of objects and lists in the JSON ``text``, found without recursion.

    Strings are skipped, so brackets inside them do not count. Vectorised: a megabyte
    takes milliseconds. Malformed JSON gives some depth; the parser then refuses it.

    Parameters
    ----------
    text : str
        The JSON text.

    Returns
    -------
    int
        0 for a scalar, 1 for ``[1, 2]``, 2 for ``{"a": [1]}``.
    """
    skeleton = _STRING.sub("", text).encode("utf-8", "surrogatepass")
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    return int(np.cumsum(_STEP[codes]).max(initial=0))


def read_json(
    text: str | bytes,
    *,
    max_chars: int = MAX_JSON_CHARS,
    max_depth: int = MAX_JSON_DEPTH,
) -> Any:
    """Parse untrusted JSON ``text`` after checking its length and nesting depth.

    Parameters
    ----------
    text : str or bytes
        The JSON text (bytes are decoded as UTF-8).
    max_chars : int
        Longest text parsed, in characters (bytes for ``bytes``).
    max_depth : int
        Deepest nesting of objects and lists parsed.

    Returns
    -------
    object
        The parsed value (``NaN`` and ``Infinity`` parse, as :func:`json.loads` allows;
        callers check the values they use).

    Raises
    ------
    JSONLimitError
        If ``text`` is longer than ``max_chars``, nests deeper than ``max_depth``, is not
        UTF-8, or is not JSON. Never :class:`RecursionError`.
    """
    if len(text) > max_chars:
        raise JSONLimitError(f"it is {len(text):,} characters long (at most {max_chars:,})")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise JSONLimitError("it is not UTF-8 text") from None
    try:
        value = json.loads(text)
    except RecursionError:  # nested past Python's recursion limit: say how deep
        raise JSONLimitError(
            f"it nests {json_depth(text):,} levels deep (at most {max_depth})"
        ) from None
    except ValueError as exc:  # JSONDecodeError is a ValueError
        message = " ".join(str(exc).split())
        raise JSONLimitError(f"it is not valid JSON: {message[:80]}") from None
    depth = value_depth(value)
    if depth > max_depth:
        raise JSONLimitError(f"it nests {depth:,} levels deep (at most {max_depth})")
    return value


def value_depth(value: object) -> int:
    """Deepest nesting of dicts and lists in a parsed JSON ``value``, without recursion.

    Returns
    -------
    int
        0 for a scalar, 1 for ``[1, 2]``, 2 for ``{"a": [1]}`` (as :func:`json_depth`).
    """
    if not isinstance(value, (dict, list)):
        return 0
    deepest = 0
    stack: list[tuple[dict | list, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        for child in item.values() if isinstance(item, dict) else item:
            if type(child) is dict or type(child) is list:  # json.loads makes no subclasses
                stack.append((child, depth + 1))
    return deepest
