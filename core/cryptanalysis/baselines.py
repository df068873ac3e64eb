"""The classical scorers of a text: n-gram models and letter frequencies, fitted once.

What :func:`~cipherlab.core.cryptanalysis.crack`, the identifier and the calibration read
English with (the shipped ones: :func:`~cipherlab.core.cryptanalysis.english_baselines`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..text import Alphabet, NGramScorer, chi_squared, symbol_frequencies


@dataclass(frozen=True, eq=False)
class Baselines:
    """The classical scorers, fitted on one training text.

    Attributes
    ----------
    alphabet : Alphabet
        The symbols counted.
    trigrams, quadgrams : NGramScorer
        Order-3 and order-4 models (add-0.5 smoothing).
    frequencies : numpy.ndarray
        float64 ``(n,)``: symbol frequencies, sum 1.
    symbols : int
        Symbols counted.
    """

    alphabet: Alphabet
    trigrams: NGramScorer
    quadgrams: NGramScorer
    frequencies: np.ndarray
    symbols: int

    @classmethod
    def fit(cls, texts: np.ndarray, alphabet: Alphabet) -> Baselines:
        """Count ``texts``: int ``(texts, symbols)`` alphabet indices."""
        n = len(alphabet)
        return cls(
            alphabet,
            NGramScorer.fit(texts, 3, n),
            NGramScorer.fit(texts, 4, n),
            symbol_frequencies(texts, n),
            int(np.asarray(texts).size),
        )

    def chi2(self, texts: np.ndarray) -> np.ndarray:
        """``-chi2 / 2`` of each text against :attr:`frequencies` (a log-likelihood scorer)."""
        return -0.5 * chi_squared(texts, self.frequencies)
