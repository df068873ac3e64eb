"""The classical baselines of real English, counted once and shipped (no counting at start).

The n-gram and letter-frequency scorers that :func:`~cipherlab.core.cryptanalysis.crack`
uses are counted from the ``train`` part of the ``fortunes`` prose source
(:func:`~cipherlab.core.text.prose_paragraphs`: quotations and anecdotes people wrote): the
natural text's letters for the ``letters`` alphabet, the text normalised with ``-`` between
words for ``seed``. The counts (unigrams, trigrams and quadgrams per alphabet, uint32) ship in
``resources/english-baselines.npz`` (about 250 kB, compressed), read with
``allow_pickle=False``; a process loads them in a few tens of milliseconds instead of counting
for seconds. Rebuild the file (after the prose changes) with::

    python -m cipherlab.core.cryptanalysis.english_baselines

The smoothing (add-0.5) is applied when the file is read, as
:meth:`~cipherlab.core.text.NGramScorer.fit` does, so the scorers are those ``fit`` would
count from the same text.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import numpy as np

from ..ciphers import alphabet_named
from ..text import NGramScorer, normalise, prose_paragraphs
from .baselines import Baselines

SOURCE = ("fortunes", "train")
"""The prose source and part the counts come from (never a part that is measured on)."""
ALPHABETS = ("seed", "letters")
"""The alphabets counted."""
ORDERS = (1, 3, 4)
"""The n-gram orders stored: symbol counts, trigrams and quadgrams."""
SMOOTHING = 0.5
"""Added to every count when the file is read (as :meth:`NGramScorer.fit`)."""
FILE_NAME = "english-baselines.npz"


def shipped_path() -> Path:
    """Path of the shipped counts (``resources/english-baselines.npz``)."""
    from cipherlab.resources import data_path

    return data_path(FILE_NAME)


def english_indices(alphabet: str) -> np.ndarray:
    """int64 ``(symbols,)``: the ``train`` part of ``fortunes`` as one text over ``alphabet``.

    Parameters
    ----------
    alphabet : str
        ``"seed"`` (normalised: words joined by ``-``) or ``"letters"`` (the natural text's
        letters; everything else passes through and is not counted).

    Raises
    ------
    FileNotFoundError
        If the ``fortunes`` package is not installed.
    """
    text = " ".join(prose_paragraphs(*SOURCE))
    symbols = alphabet_named(alphabet)
    if alphabet == "seed":
        text = normalise(text, symbols)
    return np.asarray(symbols.encode(text).indices, dtype=np.int64)


def count_ngrams(indices: np.ndarray, order: int, n_symbols: int) -> np.ndarray:
    """uint32 ``(n_symbols ** order,)``: how often each n-gram occurs in ``indices``.

    An n-gram's entry is its symbols read as a base-``n_symbols`` number (as
    :class:`~cipherlab.core.text.NGramScorer` indexes them).
    """
    indices = np.asarray(indices, dtype=np.int64)
    windows = len(indices) - order + 1
    codes = np.zeros(max(windows, 0), dtype=np.int64)
    for j in range(order):
        codes = codes * n_symbols + indices[j : j + windows]
    return np.bincount(codes, minlength=n_symbols**order).astype(np.uint32)


def scorer_from_counts(counts: np.ndarray, unigrams: np.ndarray, order: int) -> NGramScorer:
    """The n-gram scorer of ``counts`` (add-:data:`SMOOTHING`), as :meth:`NGramScorer.fit`.

    Parameters
    ----------
    counts : numpy.ndarray
        ``(n_symbols ** order,)`` n-gram counts (:func:`count_ngrams`).
    unigrams : numpy.ndarray
        ``(n_symbols,)`` symbol counts.
    order : int
        ``n``, at least 2.
    """
    n = len(unigrams)
    table = counts.reshape(-1, n).astype(np.float64) + SMOOTHING
    log_probs = np.log(table / table.sum(axis=1, keepdims=True)).ravel()
    context = np.log(table.sum(axis=1) / table.sum())
    symbols = unigrams.astype(np.float64) + SMOOTHING
    return NGramScorer(
        order=order,
        n_symbols=n,
        log_probs=log_probs.astype(np.float32),
        start_log_probs=context.astype(np.float32),
        unigram_log_probs=np.log(symbols / symbols.sum()).astype(np.float32),
    )


def count_english(path: Path) -> dict[str, np.ndarray]:
    """Count every alphabet of :data:`ALPHABETS` and write the counts to ``path`` (``.npz``).

    Returns the arrays written: ``{alphabet}_{order}`` for each order of :data:`ORDERS`.
    """
    arrays = {}
    for name in ALPHABETS:
        indices = english_indices(name)
        n = len(alphabet_named(name))
        for order in ORDERS:
            arrays[f"{name}_{order}"] = count_ngrams(indices, order, n)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
    return arrays


@cache
def english_baselines(alphabet: str) -> Baselines:
    """The baselines of real English over ``alphabet``, read from the shipped counts.

    Cached per process; a first call reads the file in a few tens of milliseconds.

    Parameters
    ----------
    alphabet : str
        ``"seed"`` or ``"letters"``.

    Returns
    -------
    Baselines
        Trigram and quadgram scorers and symbol frequencies; ``symbols`` is the symbols
        counted.

    Raises
    ------
    ValueError
        For an alphabet that is not counted.
    """
    if alphabet not in ALPHABETS:
        raise ValueError(f"Unknown alphabet {alphabet!r}; choose one of {', '.join(ALPHABETS)}.")
    with np.load(shipped_path(), allow_pickle=False) as data:
        unigrams, trigrams, quadgrams = (data[f"{alphabet}_{order}"] for order in ORDERS)
    total = int(unigrams.sum())
    frequencies = np.where(unigrams == 0, 0.5, unigrams.astype(np.float64))
    return Baselines(
        alphabet_named(alphabet),
        scorer_from_counts(trigrams, unigrams, 3),
        scorer_from_counts(quadgrams, unigrams, 4),
        frequencies / frequencies.sum(),
        total,
    )


def main() -> int:
    """Rebuild the shipped counts from the installed ``fortunes`` (prints what it wrote)."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_path()
    arrays = count_english(path)
    for name in ALPHABETS:
        print(f"{name}: {int(arrays[f'{name}_1'].sum()):,} symbols")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
