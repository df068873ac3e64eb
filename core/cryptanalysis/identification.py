"""What cipher is this? A probability per cipher family from classical statistics.

:func:`identify` reads a ciphertext's letter statistics and gives each family a probability:

* ``english``: not enciphered (plaintext);
* ``shift``: Caesar, ROT13, Atbash or affine: one alphabet, mapped by ``c = a p + b``;
* ``substitution``: one alphabet, any permutation;
* ``vigenere``: periodic shifts, with the likeliest period and its probability;
* ``autokey``: shifts keyed by a primer, then by the plaintext itself.

The statistics (:func:`features`) are the textbook ones: the index of coincidence (the chance
that two letters drawn from the text are equal: about 0.066 for English letters, ``1/n`` for
uniform noise), the mean index of coincidence of the text cut into ``p`` columns for each
period ``p`` (high at a Vigenère key's period), the index of coincidence of the differences
``c[i] - c[i-k]`` (an autokey ciphertext's differences at its primer's length are differences of
plaintext letters, so they are as uneven as English's although its letters look uniform),
chi-squared of the letter counts against English (plain), against English under the best
affine map (the shift family) and sorted (the best any substitution can do), the share of
common English words when word breaks pass through, and the length.

A small multinomial logistic regression turns them into probabilities; its coefficients ship
in ``resources/identification.json`` and are refitted by ``python bench/identify_accuracy.py
--fit`` (:func:`fit_identifier`) on ciphertexts made from the ``train`` and ``calibration``
parts of the ``fortunes`` prose (never ``test``), at lengths 8 to 400. A trained cipher
identifier's probabilities are combined with these by :func:`combine` (their product,
renormalised: naive Bayes on equal priors).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..text import Alphabet
from .vigenere import index_of_coincidence, period_scores, shortest_period

if TYPE_CHECKING:
    from ..network import CipherRNN
    from .baselines import Baselines
    from .key_ranking import KeyRanking

FAMILY_LABELS = ("english", "shift", "substitution", "vigenere", "autokey")
"""The families told apart, in a fixed order."""
LABEL_TITLES = {
    "english": "Plain English",
    "shift": "Shift or affine",
    "substitution": "Substitution",
    "vigenere": "Vigenère",
    "autokey": "Autokey",
}
CRACKED_AS = {"shift": "affine", "vigenere": "vigenere", "substitution": "substitution",
              "autokey": "autokey"}  # fmt: skip
"""Label -> the cipher family :func:`~cipherlab.core.cryptanalysis.crack` breaks it as (the
affine family's keys include every Caesar, ROT13 and Atbash key)."""
MAX_PERIOD = 16
"""Longest period (and difference lag) measured."""
FLOOR = 1e-6
"""Every label keeps at least about this probability: no ciphertext makes a family certain."""
COMMON_WORDS = frozenset(
    "THE OF AND TO A IN IS IT YOU THAT HE WAS FOR ON ARE WITH AS I HIS THEY BE AT ONE HAVE "
    "THIS FROM OR HAD BY NOT BUT WHAT ALL WERE WE WHEN YOUR CAN SAID THERE AN EACH WHICH SHE "
    "DO HOW THEIR IF WILL UP ABOUT OUT MANY THEN THEM SO SOME HER WOULD MAKE LIKE HIM INTO "
    "TIME HAS LOOK TWO MORE NO MY IS ME BE".split()
)
"""Frequent English words: their share among a text's words is high only for plaintext."""
FEATURES = (
    "inverse_sqrt_length",
    "log_length",
    "ioc",
    "ioc_t",
    "best_period_ioc",
    "best_period_ioc_t",
    "period_gain",
    "difference_ioc_mean",
    "difference_ioc_max",
    "difference_ioc_max_t",
    "period_ioc_at_lag",
    "period_ioc_at_lag_t",
    "difference_ioc_double",
    "autokey_ioc",
    "autokey_ioc_t",
    "autokey_gain",
    "vigenere_fit",
    "autokey_fit",
    "fit_gain",
    "chi2_plain",
    "chi2_affine",
    "chi2_sorted",
    "affine_gap",
    "common_words",
    "word_breaks",
)
"""The names of :func:`features`' values, in order."""
RESOURCE = "identification.json"


@dataclass(frozen=True)
class TextStatistics:
    """A ciphertext's letter statistics: what the window plots beside the candidates.

    Attributes
    ----------
    symbols : str
        The alphabet's symbols, in order.
    frequencies : numpy.ndarray
        float64 ``(n,)``: each symbol's share of the ciphertext's letters (zeros if none).
    english : numpy.ndarray
        float64 ``(n,)``: English's shares.
    ioc : float
        The ciphertext's index of coincidence.
    english_ioc, random_ioc : float
        English's (``sum f^2``) and a uniform text's (``1/n``), for reference.
    period_iocs : numpy.ndarray
        float64 ``(MAX_PERIOD,)``: mean column index of coincidence for periods 1 to 16
        (NaN where a column would hold fewer than 2 letters).
    length : int
        Alphabet symbols in the ciphertext.
    period_fits : numpy.ndarray
        float64 ``(MAX_PERIOD,)``: for each period, nats per letter by which the best Caesar
        shift of each column fits English better than chance, less ``log n`` per column
        (:func:`shift_fit`; NaN where the columns would be too short).
    """

    symbols: str
    frequencies: np.ndarray
    english: np.ndarray
    ioc: float
    english_ioc: float
    random_ioc: float
    period_iocs: np.ndarray
    length: int
    period_fits: np.ndarray


@dataclass(frozen=True)
class Identification:
    """Each family's probability for one ciphertext.

    Attributes
    ----------
    probabilities : dict of str to float
        Label (:data:`FAMILY_LABELS`) -> probability; they sum to 1 and none is 0 or 1.
    period : int
        The likeliest Vigenère period (1 when the text is too short to tell).
    period_probability : float
        Its probability, given that the cipher is Vigenère.
    statistics : TextStatistics
        The letter statistics it was read from.
    """

    probabilities: dict[str, float]
    period: int
    period_probability: float
    statistics: TextStatistics

    @property
    def ranked(self) -> list[tuple[str, float]]:
        """``(label, probability)``, likeliest first."""
        return sorted(self.probabilities.items(), key=lambda kv: -kv[1])

    @property
    def best(self) -> str:
        """The likeliest label."""
        return self.ranked[0][0]

    def describe(self, label: str | None = None) -> str:
        """``"Vigenère (period 5, 88 %)"``: a label's title, period and probability."""
        label = label or self.best
        p = self.probabilities[label]
        period = f"period {self.period}, " if label == "vigenere" else ""
        return f"{LABEL_TITLES[label]} ({period}{percent_text(p)})"

    def to_json(self) -> dict:
        """Plain JSON: probabilities (likeliest first), period, IoC and length."""
        return {
            "family": self.best,
            "probabilities": {k: round(v, 6) for k, v in self.ranked},
            "vigenere_period": self.period,
            "vigenere_period_probability": round(self.period_probability, 6),
            "ioc": round(self.statistics.ioc, 6),
            "english_ioc": round(self.statistics.english_ioc, 6),
            "random_ioc": round(self.statistics.random_ioc, 6),
            "symbols": self.statistics.length,
        }


def percent_text(p: float) -> str:
    """A probability as a whole percentage that never reads 0 % or 100 % (``"93 %"``)."""
    if p >= 0.995:
        return "> 99 %"
    if p < 0.005:
        return "< 1 %"
    return f"{p:.0%}".replace("%", " %")


def affine_maps(n: int) -> np.ndarray:
    """Every map ``p = a c + b mod n`` with ``a`` coprime to ``n``: int ``(maps, n)``."""
    c = np.arange(n)
    return np.array([(a * c + b) % n for a in range(1, n) if math.gcd(a, n) == 1 for b in range(n)])


def _chi2(counts: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Chi-squared per letter of ``counts`` (``(..., n)``) against ``expected`` counts."""
    total = max(float(counts.sum(axis=-1).max()), 1.0)
    return (((counts - expected) ** 2) / expected).sum(axis=-1) / total


def difference_ioc(indices: np.ndarray, n: int, lag: int) -> float:
    """Index of coincidence of ``c[i] - c[i - lag] mod n`` (0 if fewer than 2 differences)."""
    if len(indices) <= lag + 1:
        return 0.0
    return index_of_coincidence((indices[lag:] - indices[:-lag]) % n, n)


def autokey_ioc(indices: np.ndarray, n: int, primer: int) -> float:
    """Mean index of coincidence of the letters an autokey of this primer length would give.

    With a primer of ``m`` letters, ``p[i] = c[i] - p[i - m]``: along each chain ``j, j + m,
    j + 2m, ...`` the plaintext is ``A[k] -/+ x`` for the alternating sums ``A[k] = c[k] -
    c[k-1] + c[k-2] - ...`` and the chain's unknown primer letter ``x`` (minus at even
    ``k``, plus at odd). So at the right length the even and the odd ``A`` of each chain are
    each one Caesar shift of English, as uneven as English; at a wrong one (or for any other
    cipher) they wander like a random walk. The autokey's analogue of the IoC per period.
    """
    iocs = []
    for j in range(primer):
        chain = indices[j::primer]
        signs = np.where(np.arange(len(chain)) % 2 == 0, 1, -1)
        sums = (signs * np.cumsum(signs * chain)) % n
        for half in (sums[0::2], sums[1::2]):
            if len(half) > 1:
                iocs.append(index_of_coincidence(half, n))
    return float(np.mean(iocs)) if iocs else 1.0 / n


def shift_fit(groups: list[np.ndarray], shifts: np.ndarray) -> float:
    """Nats by which the best Caesar shift of each group fits English better than chance.

    Each group's letters are decrypted by the shift that makes them likeliest under English's
    frequencies; the sum over groups of that log-likelihood ratio against a uniform text, less
    ``log n`` per group (the price of choosing its key letter out of ``n``). ``shifts`` is
    float ``(n, n)``: row ``k``, English's log frequencies of the letters decrypted by ``k``.
    """
    n = len(shifts)
    total = 0.0
    for group in groups:
        counts = np.bincount(group, minlength=n)
        total += float((shifts @ counts).max()) + len(group) * math.log(n) - math.log(n)
    return total


def periodic_fits(indices: np.ndarray, frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shift_fit` per letter for Vigenère periods and autokey primers 1 to 16.

    Vigenère: the columns ``j, j + p, ...``; autokey: each chain's even and odd alternating
    sums (:func:`autokey_ioc`). Float64 ``(MAX_PERIOD,)`` each, NaN for a period with fewer
    than 6 letters per column.
    """
    n = len(frequencies)
    log_english = np.log(np.asarray(frequencies, dtype=np.float64))
    shifts = np.array([np.roll(log_english, -k) for k in range(n)])  # row k: decrypt by k
    indices = np.asarray(indices, dtype=np.int64)
    length = max(len(indices), 1)
    vigenere = np.full(MAX_PERIOD, np.nan)
    autokey = np.full(MAX_PERIOD, np.nan)
    for m in range(1, MAX_PERIOD + 1):
        if length < 6 * m:
            break
        vigenere[m - 1] = shift_fit([indices[j::m] for j in range(m)], shifts) / length
        halves = []
        for j in range(m):
            chain = indices[j::m]
            signs = np.where(np.arange(len(chain)) % 2 == 0, 1, -1)
            sums = (signs * np.cumsum(signs * chain)) % n
            halves += [sums[0::2], sums[1::2]]
        autokey[m - 1] = shift_fit(halves, shifts) / length
    return vigenere, autokey


def english_difference_ioc(frequencies: np.ndarray) -> float:
    """The index of coincidence of the difference of two independent English letters."""
    n = len(frequencies)
    d = np.array([(frequencies * np.roll(frequencies, k)).sum() for k in range(n)])
    return float((d**2).sum())


def text_statistics(
    indices: np.ndarray,
    alphabet: Alphabet,
    frequencies: np.ndarray,
    period_fits: np.ndarray | None = None,
) -> TextStatistics:
    """The letter statistics of ``indices`` (a ciphertext's alphabet indices).

    Parameters
    ----------
    indices : numpy.ndarray
        int ``(length,)``.
    alphabet : Alphabet
        The ciphertext's alphabet.
    frequencies : numpy.ndarray
        float ``(n,)``: English's symbol frequencies, sum 1.
    period_fits : numpy.ndarray, optional
        :func:`periodic_fits`' Vigenère fits, if already computed.

    Returns
    -------
    TextStatistics
    """
    n = len(alphabet)
    indices = np.asarray(indices, dtype=np.int64)
    counts = np.bincount(indices, minlength=n).astype(np.float64)
    shares = counts / counts.sum() if len(indices) else counts
    iocs = np.full(MAX_PERIOD, np.nan)
    usable = min(MAX_PERIOD, len(indices) // 2)
    if usable:
        iocs[:usable] = period_scores(indices, n, usable)
    return TextStatistics(
        alphabet.symbols,
        shares,
        np.asarray(frequencies, dtype=np.float64),
        index_of_coincidence(indices, n),
        float((np.asarray(frequencies) ** 2).sum()),
        1.0 / n,
        iocs,
        len(indices),
        periodic_fits(indices, frequencies)[0] if period_fits is None else period_fits,
    )


def features(
    text: str, alphabet: Alphabet, frequencies: np.ndarray
) -> tuple[np.ndarray, TextStatistics]:
    """The classical statistics of ``text`` that :func:`identify` weighs (:data:`FEATURES`).

    Indices of coincidence are scaled so that 0 is a uniform text's and 1 English's (so one
    model serves both alphabets); a ``_t`` feature is the same times ``sqrt(length) / 10``,
    a signal-to-noise ratio, since a short text's estimates scatter.

    Parameters
    ----------
    text : str
        The ciphertext; characters outside ``alphabet`` pass through (word breaks).
    alphabet : Alphabet
        Its alphabet.
    frequencies : numpy.ndarray
        float ``(n,)``: English's symbol frequencies, sum 1.

    Returns
    -------
    values : numpy.ndarray
        float64 ``(len(FEATURES),)``.
    statistics : TextStatistics
    """
    n = len(alphabet)
    f = np.asarray(frequencies, dtype=np.float64)
    indices = np.asarray(alphabet.encode(text).indices, dtype=np.int64)
    vigenere_fits, autokey_fits = periodic_fits(indices, f)
    stats = text_statistics(indices, alphabet, f, vigenere_fits)
    length = max(len(indices), 1)
    root = math.sqrt(length) / 10

    def scaled(ioc: float, english: float) -> float:
        return (ioc - 1 / n) / (english - 1 / n)

    ioc = scaled(stats.ioc, stats.english_ioc)
    columns = stats.period_iocs[1:]
    best_period = float(np.nanmax(columns)) if np.isfinite(columns).any() else stats.ioc
    best_period = scaled(best_period, stats.english_ioc)
    english_diff = english_difference_ioc(f)
    lags = [
        scaled(difference_ioc(indices, n, k), english_diff)
        for k in range(1, MAX_PERIOD + 1)
        if length > k + 1
    ] or [0.0]
    # the lag whose differences look most like English's: a Vigenère period (its columns'
    # letters are uneven too, and so are the differences at twice the lag) or an autokey
    # primer's length (neither)
    lag = int(np.argmax(lags)) + 1
    at_lag = stats.period_iocs[lag - 1] if lag > 1 else stats.ioc
    at_lag = scaled(float(at_lag) if np.isfinite(at_lag) else 1 / n, stats.english_ioc)
    double = scaled(difference_ioc(indices, n, 2 * lag), english_diff)
    autokey = max(
        (
            scaled(autokey_ioc(indices, n, m), stats.english_ioc)
            for m in range(1, MAX_PERIOD + 1)
            if length >= 4 * m
        ),
        default=0.0,
    )
    vigenere_fit = float(np.nanmax(vigenere_fits)) if np.isfinite(vigenere_fits).any() else 0.0
    autokey_fit = float(np.nanmax(autokey_fits)) if np.isfinite(autokey_fits).any() else 0.0
    counts = np.bincount(indices, minlength=n).astype(np.float64)
    expected = length * f
    chi2_plain = float(_chi2(counts, expected))
    chi2_affine = float(_chi2(counts[_maps(n)], expected).min())
    chi2_sorted = float(_chi2(np.sort(counts), np.sort(expected)))
    words = [w for w in "".join(c if c.isalpha() else " " for c in text.upper()).split()]
    breaks = len(words) > 1 and len(indices) < len(text.strip())
    common = sum(w in COMMON_WORDS for w in words) / len(words) if breaks else 0.0
    values = [
        1 / math.sqrt(length),
        math.log(length),
        ioc,
        ioc * root,
        best_period,
        best_period * root,
        best_period - ioc,
        float(np.mean(lags)),
        max(lags),
        max(lags) * root,
        at_lag,
        at_lag * root,
        double,
        autokey,
        autokey * root,
        autokey - best_period,
        vigenere_fit,
        autokey_fit,
        autokey_fit - vigenere_fit,
        math.log(chi2_plain + 1e-3),
        math.log(chi2_affine + 1e-3),
        math.log(chi2_sorted + 1e-3),
        math.log(chi2_plain + 1e-3) - math.log(chi2_affine + 1e-3),
        common,
        float(breaks),
    ]
    return np.array(values, dtype=np.float64), stats


@lru_cache(maxsize=4)
def _maps(n: int) -> np.ndarray:
    return affine_maps(n)


@dataclass(frozen=True)
class IdentifierModel:
    """A fitted multinomial logistic regression over :data:`FEATURES`.

    Attributes
    ----------
    mean, scale : numpy.ndarray
        float ``(features,)``: the standardisation of the features.
    weights : numpy.ndarray
        float ``(labels, features)``.
    bias : numpy.ndarray
        float ``(labels,)``.
    period_sharpness, period_cost : float
        The period model (:func:`period_probabilities`).
    """

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    period_sharpness: float
    period_cost: float

    def probabilities(self, values: np.ndarray) -> np.ndarray:
        """Each label's probability, float ``(..., labels)``, floored at :data:`FLOOR`."""
        z = (values - self.mean) / self.scale
        logits = z @ self.weights.T + self.bias
        logits -= logits.max(axis=-1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=-1, keepdims=True)
        return (p + FLOOR) / (1 + FLOOR * len(FAMILY_LABELS))

    def to_json(self) -> dict:
        """The coefficients as plain JSON."""
        return {
            "labels": list(FAMILY_LABELS),
            "features": list(FEATURES),
            "mean": self.mean.round(8).tolist(),
            "scale": self.scale.round(8).tolist(),
            "weights": self.weights.round(8).tolist(),
            "bias": self.bias.round(8).tolist(),
            "period_sharpness": round(self.period_sharpness, 6),
            "period_cost": round(self.period_cost, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> IdentifierModel:
        """Read :meth:`to_json`'s output.

        Raises
        ------
        ValueError
            If its labels or features are not this module's.
        """
        if tuple(data["labels"]) != FAMILY_LABELS or tuple(data["features"]) != FEATURES:
            raise ValueError("The identification coefficients are for other features; refit.")
        return cls(
            np.array(data["mean"], dtype=np.float64),
            np.array(data["scale"], dtype=np.float64),
            np.array(data["weights"], dtype=np.float64),
            np.array(data["bias"], dtype=np.float64),
            float(data["period_sharpness"]),
            float(data["period_cost"]),
        )


def resource_path() -> Path:
    """Where the shipped coefficients are (``resources/identification.json``)."""
    from importlib.resources import files

    return Path(str(files("cipherlab.resources").joinpath(RESOURCE)))


@lru_cache(maxsize=1)
def shipped_model() -> IdentifierModel:
    """The shipped coefficients (read once)."""
    data = json.loads(resource_path().read_text(encoding="utf-8"))
    return IdentifierModel.from_json(data["model"])


def period_probabilities(stats: TextStatistics, sharpness: float, cost: float) -> np.ndarray:
    """Each period's probability given that the cipher is Vigenère: ``(MAX_PERIOD,)``.

    Period ``p``'s log weight is ``sharpness * length * fit_p - cost * p`` for its
    :attr:`~TextStatistics.period_fits` (nats per letter, already less ``log n`` per key
    letter, so a multiple of the period, which fits as well, pays for its length). A text too
    short for any period gets period 1.
    """
    periods = np.arange(1, MAX_PERIOD + 1)
    logw = sharpness * max(stats.length, 1) * stats.period_fits - cost * periods
    logw = np.where(np.isfinite(logw), logw, -np.inf)
    if not np.isfinite(logw).any():
        return np.eye(MAX_PERIOD)[0]
    w = np.exp(logw - logw.max())
    return w / w.sum()


def identify(
    ciphertext: str,
    alphabet: Alphabet,
    frequencies: np.ndarray,
    model: IdentifierModel | None = None,
) -> Identification:
    """Each cipher family's probability for ``ciphertext``, from classical statistics.

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside ``alphabet`` pass through (and count as word breaks).
    alphabet : Alphabet
        The ciphertext's alphabet (e.g. ``Baselines.alphabet``).
    frequencies : numpy.ndarray
        float ``(n,)``: English's symbol frequencies (e.g. ``Baselines.frequencies``).
    model : IdentifierModel, optional
        Default: the shipped coefficients (:func:`shipped_model`).

    Returns
    -------
    Identification
        Probabilities over :data:`FAMILY_LABELS` that sum to 1, none exactly 0 or 1. An empty text
        gets the model's answer for one letter (near its priors).

    Examples
    --------
    >>> found = identify("Wkh txlfn eurzq ira", alphabet_named("letters"), english)
    >>> found.best
    'shift'
    """
    model = model or shipped_model()
    values, stats = features(ciphertext, alphabet, frequencies)
    p = model.probabilities(values)
    periods = period_probabilities(stats, model.period_sharpness, model.period_cost)
    best = int(np.argmax(periods))
    return Identification(
        {label: float(v) for label, v in zip(FAMILY_LABELS, p, strict=True)},
        best + 1,
        float(periods[best]),
        stats,
    )


def combine(classical: Mapping[str, float], network: Mapping[str, float]) -> dict[str, float]:
    """The families' probabilities from two identifiers at once: their product, renormalised.

    Multiplying treats the two as independent evidence about the family (naive Bayes with
    equally likely families, the prior both were trained under): a label both find likely
    gains, one either finds unlikely loses. They are not truly independent (both read the same
    letters), so the combination is surer than it has a right to be when they agree. Each
    probability is first raised to at least :data:`FLOOR`, so that one model's certainty
    cannot veto the other, and no label reaches exactly 0 or 1.

    Parameters
    ----------
    classical : Mapping of str to float
        Label -> probability from the classical statistics (:attr:`Identification.probabilities`).
    network : Mapping of str to float
        Label -> probability from a cipher identifier (the same labels, e.g. from
        :func:`~cipherlab.core.network.label_probabilities` over ``IDENTIFY_LABELS``).

    Returns
    -------
    dict of str to float
        Label -> combined probability, in ``classical``'s order; they sum to 1.

    Raises
    ------
    ValueError
        If the two name different labels.

    Examples
    --------
    >>> combine({"shift": 0.5, "vigenere": 0.5}, {"shift": 0.9, "vigenere": 0.1})
    {'shift': 0.9, 'vigenere': 0.1}
    """
    if set(classical) != set(network):
        raise ValueError(
            f"the identifiers name different families: {', '.join(classical)} and "
            f"{', '.join(network)}."
        )
    product = {k: max(p, FLOOR) * max(network[k], FLOOR) for k, p in classical.items()}
    total = sum(product.values())
    return {k: v / total for k, v in product.items()}


def crackable_family(found: Identification) -> tuple[str, str]:
    """The family to crack after ``found``, and a note when it is not the likeliest label.

    The likeliest family that :func:`~cipherlab.core.cryptanalysis.crack` can break, where a
    family it cannot break yet adds its probability to its kin's (substitution and plain
    English to the shift's: one alphabet; autokey to Vigenère's: several). A shift is cracked
    as ``affine``, whose keys include every Caesar, ROT13 and Atbash key.

    Returns
    -------
    family : str
        One of :data:`~cipherlab.core.cryptanalysis.CRACKABLE`.
    note : str
        Empty, or one sentence: the text looks like plaintext, or the likeliest family
        cannot be cracked yet.
    """
    from .cracking import CRACKABLE

    # a family that cannot be cracked yet lends its probability to its crackable kin: a
    # substitution is monoalphabetic like a shift, an autokey polyalphabetic like a Vigenère
    kin = {"substitution": "shift", "autokey": "vigenere", "english": "shift"}
    weights: dict[str, float] = {}
    for label, p in found.probabilities.items():
        if CRACKED_AS.get(label) not in CRACKABLE:
            label = kin[label]
        weights[label] = weights.get(label, 0.0) + p
    family = CRACKED_AS[max(weights, key=lambda k: weights[k])]
    best = found.best
    if best == "english":
        return family, f"the text looks like plaintext already; cracked as {family}"
    if CRACKED_AS[best] != family:
        return family, (
            f"{LABEL_TITLES[best]} cannot be cracked here yet; cracked as {family}, the "
            "likeliest kin that can"
        )
    return family, ""


def crack_identified(
    ciphertext: str,
    found: Identification,
    baselines: Baselines,
    lm: CipherRNN | None = None,
    method: str = "lm",
    max_period: int = 16,
    symbols: int | None = None,
    methods: Iterable[str] | None = None,
) -> tuple[KeyRanking, str, str]:
    """Crack ``ciphertext`` as the likeliest crackable family of ``found``.

    A shift is cracked as ``affine``; when its best key multiplies by 1 (a Caesar shift), the
    text is ranked again as ``caesar``, so the key reads ``+3`` rather than ``a=1, b=3``.
    The other parameters are :func:`~cipherlab.core.cryptanalysis.crack`'s.

    Returns
    -------
    ranking : KeyRanking
    family : str
        The family cracked.
    note : str
        As :func:`crackable_family`.
    """
    from .cracking import crack

    family, note = crackable_family(found)
    ranking = crack(ciphertext, family, baselines, lm, method, max_period, symbols, methods)
    if family == "affine" and getattr(ranking.best.cipher, "a", None) == 1:
        family = "caesar"
        ranking = crack(ciphertext, family, baselines, lm, method, max_period, symbols, methods)
    return ranking, family, note


# ------------------------------------------------------------------------------ fitting
def random_cipher_text(
    label: str, plaintext: str, alphabet: Alphabet, rng: np.random.Generator
) -> tuple[str, int]:
    """``plaintext`` enciphered by a random key of the family ``label``.

    Returns
    -------
    ciphertext : str
    period : int
        The Vigenère key's shortest period (0 for the other families).
    """
    from ..ciphers import make_cipher, valid_multipliers

    n = len(alphabet)
    letters = alphabet.symbols

    def keyword(lo: int, hi: int) -> str:
        return "".join(letters[i] for i in rng.integers(0, n, int(rng.integers(lo, hi + 1))))

    if label == "english":
        return plaintext, 0
    if label == "shift":
        kind = ["caesar", "atbash", "affine"][int(rng.integers(0, 3))]
        if kind == "caesar":
            cipher = make_cipher("caesar", str(int(rng.integers(1, n))), alphabet)
        elif kind == "atbash":
            cipher = make_cipher("atbash", None, alphabet)
        else:
            a = int(rng.choice(valid_multipliers(n)))
            cipher = make_cipher("affine", f"{a},{int(rng.integers(0, n))}", alphabet)
    elif label == "substitution":
        cipher = make_cipher("substitution", "".join(rng.permutation(list(letters))), alphabet)
    elif label == "vigenere":
        key = keyword(2, 12)
        cipher = make_cipher("vigenere", key, alphabet)
        period = len(shortest_period(np.array([letters.index(c) for c in key])))
        return cipher.encrypt(plaintext), period
    else:
        cipher = make_cipher("autokey", keyword(1, 12), alphabet)
    return cipher.encrypt(plaintext), 0


def training_examples(
    alphabet: Alphabet,
    parts: Sequence[str],
    count: int,
    lengths: tuple[int, int],
    rng: np.random.Generator,
    source: str = "fortunes",
) -> list[tuple[str, str, int]]:
    """``count`` ciphertexts per label, ``(ciphertext, label, Vigenère period)``.

    Lengths are drawn log-uniformly in ``lengths``; plaintexts are cut from ``parts`` of the
    prose ``source`` (natural text over ``letters``, normalised over ``seed``).
    """
    from ..text import prose_messages

    natural = alphabet.name == "letters"
    found: list[tuple[str, str, int]] = []
    lo, hi = math.log(lengths[0]), math.log(lengths[1])
    plains = [  # cut long messages (one costly call per part), then shorten each
        m
        for part in parts
        for m in prose_messages(
            source, part, -(-count * len(FAMILY_LABELS) // len(parts)), lengths[1], alphabet, rng,
            natural=natural,
        )
    ]  # fmt: skip
    rng.shuffle(plains)
    for i, label in enumerate(FAMILY_LABELS):
        for plain in plains[i * count : (i + 1) * count]:
            length = round(math.exp(rng.uniform(lo, hi)))
            text, period = random_cipher_text(
                label, first_symbols(plain, alphabet, length), alphabet, rng
            )
            found.append((text, label, period))
    return found


def first_symbols(text: str, alphabet: Alphabet, count: int) -> str:
    """The start of ``text`` up to its ``count``-th alphabet symbol (all of it if fewer)."""
    positions = alphabet.encode(text).positions
    return text if len(positions) <= count else text[: positions[count - 1] + 1]


def fit_identifier(
    examples: Mapping[str, tuple[list[tuple[str, str, int]], np.ndarray]],
    steps: int = 3000,
    l2: float = 1e-3,
) -> IdentifierModel:
    """Fit the logistic regression and the period model to labelled ciphertexts.

    Parameters
    ----------
    examples : mapping of str to (list, numpy.ndarray)
        Alphabet name -> (:func:`training_examples`' output, English frequencies).
    steps : int
        Full-batch gradient steps (Adam).
    l2 : float
        Weight decay on the standardised weights.

    Returns
    -------
    IdentifierModel
    """
    from ..ciphers import alphabet_named

    rows, labels, period_stats = [], [], []
    for name, (found, freq) in examples.items():
        alphabet = alphabet_named(name)
        for text, label, period in found:
            values, stats = features(text, alphabet, freq)
            rows.append(values)
            labels.append(FAMILY_LABELS.index(label))
            if period:
                period_stats.append((stats, period))
    x = np.array(rows)
    y = np.array(labels)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    k = len(FAMILY_LABELS)
    onehot = np.eye(k)[y]
    w = np.zeros((k, z.shape[1]))
    b = np.zeros(k)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        logits = z @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) / len(z)
        gw, gb = g.T @ z + l2 * w, g.sum(axis=0)
        for i, (param, grad) in enumerate(((w, gw), (b, gb))):
            m, v = moments[2 * i], moments[2 * i + 1]
            m[:] = beta1 * m + (1 - beta1) * grad
            v[:] = beta2 * v + (1 - beta2) * grad**2
            param -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    sharpness, cost = _fit_periods(period_stats)
    return IdentifierModel(mean, scale, w, b, sharpness, cost)


def _fit_periods(found: list[tuple[TextStatistics, int]]) -> tuple[float, float]:
    """The period model's ``(sharpness, cost)`` of greatest likelihood, on a grid."""
    best = (-math.inf, 1.0, 0.1)
    for sharpness in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0):
        for cost in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8):
            ll = sum(
                math.log(period_probabilities(s, sharpness, cost)[p - 1] + 1e-12) for s, p in found
            )
            if ll > best[0]:
                best = (ll, sharpness, cost)
    return best[1], best[2]
