"""How likely a crack's answer is to be right: a calibrated probability and a plain verdict.

A ranking's posterior (:mod:`.key_ranking`) is a softmax over the candidates a search found,
so it says how much better the best key is than the *other candidates*, not whether the best
is right: an 82-letter Vigenère text cracked to gibberish had posterior 1.0. The probability
here is instead *measured*: a logistic regression, fitted on cracks of real English prose
held out from every test (:func:`fit_calibration`), of whether the best plaintext is exactly
right, from four readings of the answer (:func:`reading_features`):

``fit``
    How English the best plaintext reads for its length: its quadgram log-likelihood per
    symbol as a z-score against real English of the same length (``(l - mean) /
    (spread / sqrt(symbols))``, the mean and spread measured per alphabet on real prose).
``margin``
    The quadgram log-likelihood (nats) by which the best plaintext beats the best *other*
    plaintext among the top candidates (negative when a lower-ranked candidate reads better),
    squashed as ``sign(m) * log1p(|m|)``.
``agreement``
    The share of letters on which the other readings agree with the best plaintext: the
    top candidate under chi-squared against English letter frequencies (always computed, a
    cheap second opinion), and the winner of every other method that ranked the keys.
``log_symbols``, ``few_symbols``
    The log of the number of letters read, and :data:`FEW` divided by it (large only for
    very short texts, where a few letters fit several words).

plus one intercept per family group (:data:`GROUPS`). The logistic model is the standard
"Platt scaling" of a score into a probability (Platt, 1999); the probability is kept inside
``[MIN_PROBABILITY, MAX_PROBABILITY]`` so no answer is ever shown as certain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .key_ranking import Assessment

if TYPE_CHECKING:
    from .baselines import Baselines
    from .key_ranking import KeyRanking

FEATURES = ("fit", "unlike_english", "margin", "agreement", "log_symbols", "few_symbols")
"""The readings of an answer, in the order of a calibration's weights. ``unlike_english`` is
``-min(fit, 0)² / 2``, the log-density of a reading that far below real English's mean: a
linear weight on ``fit`` alone let the length outweigh a Caesar crack of random letters read
10 spreads below English (stated 43 % on average, right 1 time in 36)."""
GROUPS = {
    "caesar": "shift",
    "rot13": "shift",
    "atbash": "shift",
    "affine": "affine",
    "vigenere": "vigenere",
    "substitution": "substitution",
    "autokey": "autokey",
}
"""Family -> the group whose intercept it shares (affine has 12 times Caesar's keys, so more
chances that a wrong key reads as English: it has its own)."""
VERDICTS = ("solved", "probably", "too short to trust", "not English")
"""The plain verdicts, surest first."""
SOLVED = 0.95
"""A probability at least this is "solved"."""
PROBABLY = 0.6
"""A probability at least this (below :data:`SOLVED`) is "probably"."""
SOLVED_FROM = 5
"""Letters an answer needs to be "solved": Caesar cracks of 3 and 4 letters stated at least
95 % likely were exactly right only 75 % and 90 % of the time (fortunes ``test`` part), so
below this the verdict says "probably" at most, and the probability is at most
:data:`SHORT_MAX`."""
SHORT_MAX = 0.9
"""The most an answer of fewer than :data:`SOLVED_FROM` letters is stated."""
NOT_ENGLISH_FIT = -3.0
"""A ``fit`` z-score below this reads less like English than nearly all real English does."""
LONG_ENOUGH = 40
"""Letters from which an unsure answer is blamed on the reading, not the length."""
MIN_PROBABILITY = 0.001
MAX_PROBABILITY = 0.995
"""The stated probability never leaves ``[MIN_PROBABILITY, MAX_PROBABILITY]``."""
FEW = 8.0
"""The ``few_symbols`` reading is ``FEW / symbols``."""
TOP = 16
"""Candidates looked at for the margin."""
MAX_SYMBOLS = 2_000
"""Letters read (the start of a long text), as the ranking scores them."""
CALIBRATION_FILE = "calibration.json"
"""The shipped calibration's name in ``cipherlab.resources``."""


@dataclass(frozen=True)
class Calibration:
    """A fitted logistic model from an answer's readings to the probability it is right.

    Attributes
    ----------
    weights : dict of str to float
        One weight per name in :data:`FEATURES`.
    intercepts : dict of str to float
        One intercept per group in :data:`GROUPS`' values.
    english : dict of str to tuple of float
        Per alphabet name, the ``(mean, spread)`` of real English's quadgram
        log-likelihood per symbol (nats), for the ``fit`` z-score.
    fitted_on : str
        What the model was fitted on (source, part, cracks), for people.
    not_english : dict of str to float
        Per family, the most a reading that is not English (:func:`reads_unlike_english`)
        may be stated: the share of the family's such answers that were exactly right where
        the model was fitted (with one right and one wrong added). The logistic model, linear
        in its readings, let length outweigh a reading of gibberish (24 % for a Vigenère
        crack of 82 random letters, none of which are ever right); ROT13 and Atbash, with
        one key, are right even on gibberish, so the cap is the family's own.
    """

    weights: dict[str, float]
    intercepts: dict[str, float]
    english: dict[str, tuple[float, float]]
    fitted_on: str
    not_english: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        """The calibration as JSON (what :func:`load_calibration` reads)."""
        return json.dumps(
            {
                "weights": self.weights,
                "intercepts": self.intercepts,
                "english": {k: list(v) for k, v in self.english.items()},
                "fitted_on": self.fitted_on,
                "not_english": self.not_english,
            },
            indent=2,
        )

    def probability(self, features: Mapping[str, float], family: str) -> float:
        """The calibrated probability that an answer with ``features`` is exactly right.

        Never above :attr:`not_english` for a reading that is not English.
        """
        logit = self.intercepts.get(GROUPS.get(family, "shift"), 0.0)
        logit += sum(self.weights[name] * features[name] for name in FEATURES)
        value = 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))
        if reads_unlike_english(features):
            value = min(value, self.not_english.get(family, 1.0))
        return min(max(value, MIN_PROBABILITY), MAX_PROBABILITY)


def load_calibration(path: str | Path) -> Calibration:
    """Read a calibration written by :meth:`Calibration.to_json`.

    Raises
    ------
    OSError
        If the file cannot be read.
    ValueError
        If it is not a calibration (a missing weight, intercept or alphabet).
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        weights = {name: float(data["weights"][name]) for name in FEATURES}
        intercepts = {group: float(data["intercepts"][group]) for group in set(GROUPS.values())}
        english = {name: (float(pair[0]), float(pair[1])) for name, pair in data["english"].items()}
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{path} is not a crack calibration: {exc!r} is missing.") from None
    try:
        capped = {str(k): float(v) for k, v in dict(data.get("not_english", {})).items()}
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path} is not a crack calibration: {exc!r}.") from None
    return Calibration(weights, intercepts, english, str(data.get("fitted_on", "")), capped)


@cache
def shipped_calibration() -> Calibration:
    """The calibration that ships in ``resources/`` (read once per process)."""
    from cipherlab.resources import data_path

    return load_calibration(data_path(CALIBRATION_FILE))


def english_fit(log_likelihood: float, symbols: int, english: tuple[float, float]) -> float:
    """The ``fit`` z-score of a text of ``symbols`` letters with total ``log_likelihood``.

    Parameters
    ----------
    log_likelihood : float
        Quadgram log-likelihood of the whole text (nats).
    symbols : int
        Its alphabet symbols (>= 1).
    english : tuple of float
        ``(mean, spread)`` per symbol of real English (:attr:`Calibration.english`).

    Returns
    -------
    float
        0 for a text as English as the average, negative for less; clipped to [-30, 10].
    """
    mean, spread = english
    z = (log_likelihood / symbols - mean) / (spread / math.sqrt(symbols))
    return float(min(max(z, -30.0), 10.0))


def reading_features(
    ranking: KeyRanking, ciphertext: str, baselines: Baselines, english: tuple[float, float]
) -> dict[str, float]:
    """The readings (:data:`FEATURES`) of a ranking's best answer.

    Parameters
    ----------
    ranking : KeyRanking
        A ranking of ``ciphertext``'s keys (any family, any method).
    ciphertext : str
        The text ranked (its first :data:`MAX_SYMBOLS` letters are read).
    baselines : Baselines
        Their quadgrams score the candidates.
    english : tuple of float
        ``(mean, spread)`` of real English per symbol, for ``fit``.

    Returns
    -------
    dict of str to float
        One value per name in :data:`FEATURES`.
    """
    indices = np.asarray(
        baselines.alphabet.encode(ciphertext).indices[:MAX_SYMBOLS], dtype=np.int64
    )
    symbols = len(indices)
    if symbols == 0:
        return {
            "fit": 0.0,
            "unlike_english": 0.0,
            "margin": 0.0,
            "agreement": 1.0,
            "log_symbols": 0.0,
            "few_symbols": 0.0,
        }
    plain = np.stack([k.cipher.decrypt_indices(indices) for k in ranking.keys[:TOP]])
    scores = baselines.quadgrams.score(plain)
    different = np.any(plain != plain[0], axis=1)
    margin = float(scores[0] - scores[different].max()) if different.any() else 0.0
    chi2_best = plain[int(np.argmax(baselines.chi2(plain)))]
    winners = [chi2_best] + [
        np.asarray(ranking.keys[i].cipher.decrypt_indices(indices))
        for i in ranking.winners.values()
    ]
    agreement = min(float(np.mean(w == plain[0])) for w in winners)
    fit = english_fit(float(scores[0]), symbols, english)
    return {
        "fit": fit,
        "unlike_english": -(min(fit, 0.0) ** 2) / 2,
        "margin": math.copysign(math.log1p(abs(margin)), margin),
        "agreement": agreement,
        "log_symbols": math.log(symbols),
        "few_symbols": FEW / symbols,
    }


def chance_text(probability: float) -> str:
    """A stated probability for people: ``"99.5%"`` at 99 % and above, else ``"81%"``."""
    return f"{probability:.1%}" if probability >= 0.99 else f"{probability:.0%}"


def reads_unlike_english(features: Mapping[str, float]) -> bool:
    """True for a reading that is not English: less like it than nearly all real English.

    That is :data:`LONG_ENOUGH` letters or more whose ``fit`` z-score is below
    :data:`NOT_ENGLISH_FIT`.
    """
    return features["fit"] < NOT_ENGLISH_FIT and features["log_symbols"] >= math.log(LONG_ENOUGH)


def verdict_of(probability: float, features: Mapping[str, float], symbols: int) -> tuple[str, str]:
    """The plain verdict (:data:`VERDICTS`) for a calibrated probability, and why.

    Returns
    -------
    verdict : str
        One of :data:`VERDICTS`.
    reason : str
        One sentence (without the probability, which the caller shows beside it).
    """
    if symbols == 0:
        return "too short to trust", "There are no letters to read."
    if probability >= SOLVED and symbols >= SOLVED_FROM:
        return "solved", "It reads as English, well ahead of every other reading."
    if probability >= PROBABLY:
        return "probably", "It reads as English, but another reading is possible."
    if reads_unlike_english(features):
        return (
            "not English",
            "The best reading does not read as English: the cipher, the alphabet or the "
            "language may be another.",
        )
    if symbols < LONG_ENOUGH:
        return "too short to trust", f"Only {symbols} letters: several readings fit."
    return "not English", "No reading stands out as English: the cipher may be another."


def letter_probabilities(confidence: np.ndarray, probability: float, n: int) -> np.ndarray:
    """Per-letter probabilities that never claim more than the answer's chance right.

    Parameters
    ----------
    confidence : numpy.ndarray
        float ``(symbols,)`` or ``(symbols, n)``: the ranking's posterior mass per letter
        (relative to the candidates found).
    probability : float
        The answer's calibrated chance of being right.
    n : int
        Alphabet size.

    Returns
    -------
    numpy.ndarray
        ``probability * confidence + (1 - probability) / n``: if the answer is wrong, nothing
        is known about a letter (uniform over the alphabet). Rows of an ``(symbols, n)``
        input that sum to 1 still sum to 1.
    """
    return probability * np.asarray(confidence, dtype=np.float64) + (1.0 - probability) / n


def assess(
    ranking: KeyRanking,
    ciphertext: str,
    family: str,
    baselines: Baselines,
    calibration: Calibration | None = None,
) -> Assessment:
    """The calibrated probability and verdict of a ranking's best answer.

    Parameters
    ----------
    ranking : KeyRanking
        From :func:`~cipherlab.core.cryptanalysis.crack` on ``ciphertext``.
    ciphertext : str
        The text that was ranked.
    family : str
        Its cipher family (a key of :data:`GROUPS`).
    baselines : Baselines
        The classical scorers of the ranking's alphabet.
    calibration : Calibration, optional
        Default: the shipped one (:func:`shipped_calibration`).

    Returns
    -------
    Assessment
    """
    calibration = calibration or shipped_calibration()
    english = calibration.english[baselines.alphabet.name]
    features = reading_features(ranking, ciphertext, baselines, english)
    symbols = min(ranking.symbols, MAX_SYMBOLS) if features["log_symbols"] else 0
    probability = calibration.probability(features, family) if symbols else MIN_PROBABILITY
    if symbols < SOLVED_FROM:
        probability = min(probability, SHORT_MAX)
    verdict, reason = verdict_of(probability, features, symbols)
    return Assessment(probability, verdict, reason, features)


def fit_calibration(
    rows: Sequence[Mapping[str, float]],
    families: Sequence[str],
    right: Sequence[bool],
    english: Mapping[str, tuple[float, float]],
    fitted_on: str,
    l2: float = 1e-2,
    steps: int = 50,
) -> Calibration:
    """Fit the logistic model by Newton's method (iteratively reweighted least squares).

    Parameters
    ----------
    rows : sequence of mapping
        One answer's readings each (:func:`reading_features`).
    families : sequence of str
        Each answer's family.
    right : sequence of bool
        Whether each answer was exactly right.
    english : mapping
        Per alphabet, the ``(mean, spread)`` used for ``fit``.
    fitted_on : str
        What the answers were (kept in the file, for people).
    l2 : float
        Ridge penalty on every coefficient (keeps a separable set finite).
    steps : int
        Newton steps.

    Returns
    -------
    Calibration

    Raises
    ------
    ValueError
        If the three sequences differ in length or are empty.
    """
    if not rows or not len(rows) == len(families) == len(right):
        raise ValueError("Give as many families and outcomes as readings, at least one.")
    groups = sorted(set(GROUPS.values()))
    x = np.array(
        [
            [row[name] for name in FEATURES] + [GROUPS[f] == g for g in groups]
            for row, f in zip(rows, families, strict=True)
        ],
        dtype=np.float64,
    )
    y = np.asarray(right, dtype=np.float64)
    beta = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -50, 50)))
        gradient = x.T @ (p - y) + l2 * beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(beta))
        beta -= np.linalg.solve(hessian, gradient)
    n = len(FEATURES)
    caps = {}
    for family in sorted(set(families)):
        unlike = [
            bool(r)
            for row, f, r in zip(rows, families, right, strict=True)
            if f == family and reads_unlike_english(row)
        ]
        caps[family] = (sum(unlike) + 1) / (len(unlike) + 2)  # one right and one wrong added
    return Calibration(
        {name: float(beta[i]) for i, name in enumerate(FEATURES)},
        {g: float(beta[n + i]) for i, g in enumerate(groups)},
        {k: (float(v[0]), float(v[1])) for k, v in english.items()},
        fitted_on,
        caps,
    )
