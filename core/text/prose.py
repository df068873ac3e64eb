"""Real English prose from text that Python or a system package ships, split for honest tests.

The English data source is *generated* from word and word-pair counts: a benchmark drawn
from it flatters every scorer that learned the same counts. The sources here are prose people
wrote, read from what an ordinary install already has:

``python-docs``
    The prose paragraphs of Python's own reference documentation, as the standard library
    ships it for ``help()`` (``pydoc_data.topics``; Python Software Foundation License).
    Nothing to install. Indented paragraphs (code examples) and paragraphs with code
    punctuation are dropped.
``fortunes``
    The quotations, proverbs and anecdotes of BSD ``fortune`` (Debian package ``fortunes``,
    BSD licence: ``apt-get install fortunes``), read from ``/usr/share/games/fortunes``.
    The attribution lines (``-- Mark Twain``) are dropped.

Each paragraph is assigned once, by a stable hash of its text, to one of three parts:
``train`` (80 %), ``calibration`` (10 %) and ``test`` (10 %), so what a model or a
calibration is fitted on is never what it is measured on, in any process.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .alphabet import Alphabet
from .sources import FileText, normalise, separator, text_indices

PARTS = ("train", "calibration", "test")
"""The disjoint parts of every source."""
PART_SHARES = (0.8, 0.1, 0.1)
FORTUNES_DIR = Path("/usr/share/games/fortunes")
CODE_MARKS = re.compile(r"[_=(){}\[\]<>*\\|@#$%^~`/]|\.\.\.|>>>")
"""Characters that prose paragraphs of the Python documentation do not contain."""
WHITESPACE = re.compile(r"\s+")
MIN_PARAGRAPH = 40
"""Characters a paragraph needs to be kept (shorter ones are headings and captions)."""


@dataclass(frozen=True)
class ProseSource:
    """Where one source of real prose comes from.

    Attributes
    ----------
    name : str
        The name benchmarks and the CLI use.
    description, licence, install : str
        What the text is, its licence, and the command that installs it (``""``: nothing).
    """

    name: str
    description: str
    licence: str
    install: str


PROSE_SOURCES = {
    source.name: source
    for source in (
        ProseSource(
            "python-docs",
            "prose paragraphs of Python's reference documentation (pydoc_data.topics)",
            "Python Software Foundation License",
            "",
        ),
        ProseSource(
            "fortunes",
            "quotations, proverbs and anecdotes of BSD fortune (/usr/share/games/fortunes)",
            "BSD",
            "apt-get install fortunes",
        ),
    )
}


def _python_docs() -> list[str]:
    import pydoc_data.topics

    kept = []
    for topic in pydoc_data.topics.topics.values():
        for block in re.split(r"\n\s*\n", topic):
            lines = block.split("\n")
            if any(line.startswith((" ", "\t")) for line in lines):
                continue  # code examples and grammar rules are indented
            text = WHITESPACE.sub(" ", " ".join(lines)).strip()
            if len(text) >= MIN_PARAGRAPH and not CODE_MARKS.search(text):
                kept.append(text)
    return kept


def _fortunes() -> list[str]:
    if not FORTUNES_DIR.is_dir():
        raise FileNotFoundError(
            f"No fortunes in {FORTUNES_DIR}: install them with `apt-get install fortunes`."
        )
    kept = []
    for path in sorted(FORTUNES_DIR.iterdir()):
        if path.suffix or path.is_symlink() or not path.is_file():
            continue  # .dat indexes and .u8 links
        raw = path.read_text(encoding="utf-8", errors="replace")
        for entry in raw.split("\n%\n"):
            lines = [ln for ln in entry.split("\n") if not ln.strip().startswith("--")]
            text = WHITESPACE.sub(" ", " ".join(lines)).strip()
            if len(text) >= MIN_PARAGRAPH and sum(c.isalpha() for c in text) > 0.7 * len(text):
                kept.append(text)
    return kept


def installed_sources() -> tuple[str, ...]:
    """The names of :data:`PROSE_SOURCES` whose text this machine has.

    ``python-docs`` always; ``fortunes`` once ``apt-get install fortunes`` has run.
    """
    return tuple(name for name in PROSE_SOURCES if name != "fortunes" or FORTUNES_DIR.is_dir())


def prose_indices(part: str, alphabet: Alphabet) -> np.ndarray:
    """One part of every installed source, normalised to ``alphabet`` (cached per process).

    Parameters
    ----------
    part : str
        One of :data:`PARTS`.
    alphabet : Alphabet
        An alphabet with the letters ``A``-``Z`` (see :func:`prose_training_text`).

    Returns
    -------
    numpy.ndarray
        uint8 ``(symbols,)``: the paragraphs of :func:`installed_sources`, in order, with a
        word break between paragraphs.
    """
    return _part_indices(part, alphabet.symbols)


@cache
def _part_indices(part: str, symbols: str) -> np.ndarray:
    from .alphabet import alphabet_of

    alphabet = alphabet_of(symbols)
    gap = separator(alphabet)
    text = gap.join(p for name in installed_sources() for p in prose_paragraphs(name, part))
    return text_indices(text, alphabet)


def prose_training_text(alphabet: Alphabet) -> FileText:
    """The English prose data source, as a text to learn from and one to validate on.

    Every installed source's ``train`` part is learned from and its ``calibration`` part
    validated on; the ``test`` part is left to benchmarks.

    Parameters
    ----------
    alphabet : Alphabet
        An alphabet with the letters ``A``-``Z``; the text is :func:`normalise`'d to it (a
        separator between words: ``-`` over ``seed``, a space, which is a symbol only of an
        alphabet that has it, such as ``letters+space``).

    Returns
    -------
    FileText
        uint8 indices, the training text before ``split`` and the validation text after it
        (about 1.4 million and 170,000 symbols with fortunes installed; 26,000 and 2,000
        from the Python documentation alone).
    """
    train = prose_indices("train", alphabet)
    held_out = prose_indices("calibration", alphabet)
    return FileText(np.concatenate([train, held_out]), len(train))


def part_of(paragraph: str) -> str:
    """The part (:data:`PARTS`) a paragraph belongs to, from a stable hash of its text."""
    share = zlib.crc32(paragraph.encode("utf-8")) / 2**32
    edges = np.cumsum(PART_SHARES)
    return PARTS[int(np.searchsorted(edges, share, side="right"))]


@cache
def prose_paragraphs(source: str, part: str) -> tuple[str, ...]:
    """The paragraphs of one part of a source, in a fixed order.

    Parameters
    ----------
    source : str
        A key of :data:`PROSE_SOURCES`.
    part : str
        One of :data:`PARTS`.

    Returns
    -------
    tuple of str
        Paragraphs as written (case and punctuation kept), each on one line with every run of
        white space one space.

    Raises
    ------
    ValueError
        For an unknown source or part.
    FileNotFoundError
        If the source is not installed (the message names the install command).
    """
    if source not in PROSE_SOURCES:
        known = ", ".join(PROSE_SOURCES)
        raise ValueError(f"Unknown prose source {source!r}; choose one of {known}.")
    if part not in PARTS:
        raise ValueError(f"Unknown part {part!r}; choose one of {', '.join(PARTS)}.")
    paragraphs = _python_docs() if source == "python-docs" else _fortunes()
    return tuple(dict.fromkeys(p for p in paragraphs if part_of(p) == part))


def prose_messages(
    source: str,
    part: str,
    count: int,
    length: int,
    alphabet: Alphabet,
    rng: np.random.Generator,
    natural: bool = True,
) -> list[str]:
    """``count`` plaintexts of exactly ``length`` alphabet symbols, cut from real prose.

    Each message starts at the start of a word chosen at random in the part's text (its
    paragraphs joined by spaces) and ends at its ``length``-th alphabet symbol.

    Parameters
    ----------
    source, part : str
        As :func:`prose_paragraphs`.
    count, length : int
        Messages, and alphabet symbols per message (both >= 1).
    alphabet : Alphabet
        ``seed`` or ``letters``.
    rng : numpy.random.Generator
        The same state gives the same messages.
    natural : bool
        True: the text as written (case, spaces, punctuation; characters outside the alphabet
        pass through). False: normalised to the alphabet (:func:`normalise`: upper case, every
        other run one separator: ``-`` over ``seed``, a space over ``letters``).

    Returns
    -------
    list of str
        Each with exactly ``length`` alphabet symbols.

    Raises
    ------
    ValueError
        If ``count`` or ``length`` is below 1, or the part holds fewer than ``length`` symbols.
    """
    if count < 1 or length < 1:
        raise ValueError(f"count and length must be at least 1 (got {count} and {length}).")
    text = " ".join(prose_paragraphs(source, part))
    if not natural:
        text = normalise(text, alphabet)
    symbols = alphabet.encode(text)
    positions = np.asarray(symbols.positions, dtype=np.int64)  # code point of each symbol
    if len(positions) < length:
        raise ValueError(f"{source}/{part} has {len(positions)} symbols, fewer than {length}.")
    gap = separator(alphabet) if not natural else " "
    starts = [
        i
        for i in range(len(positions) - length + 1)
        if positions[i] == 0 or text[positions[i] - 1] in (gap, " ")
    ]
    chosen = rng.choice(np.asarray(starts), size=count, replace=len(starts) < count)
    return [text[positions[i] : positions[i + length - 1] + 1] for i in chosen]
