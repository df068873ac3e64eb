"""Rank every key of a small key space by how English-like its plaintext is.

For the families whose keys can all be tried (Caesar: ``n`` shifts; ROT13 and Atbash: one
key; affine: ``phi(n) * n`` keys, 486 over 27 symbols), cracking is enumeration: decrypt the
ciphertext with every key, score each candidate plaintext with one or more scorers, and turn
each scorer's scores into a posterior over keys.

A scorer maps candidate plaintexts, int64 ``(keys, symbols)`` alphabet indices, to float64
``(keys,)`` log-likelihoods in nats (higher = more English-like): an n-gram model
(:class:`~cipherlab.core.text.NGramScorer`), chi-squared (as ``-chi2 / 2``, the log of
its Gaussian likelihood up to a constant) or a recurrent language model. The posterior of key
``k`` under a scorer is ``softmax(scores)[k]``: a uniform prior over keys, the scorer's
likelihood taken at face value. The per-letter confidence of the winning decryption at
position ``i`` is the posterior mass of the keys that decrypt position ``i`` to the same
letter, so it is high where the plausible keys agree (the probability bars show it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..ciphers import Cipher, make_cipher, valid_multipliers
from ..text import Alphabet

Scorer = Callable[[np.ndarray], np.ndarray]
"""``score(candidates)``: int64 ``(keys, symbols)`` -> float64 ``(keys,)`` log-likelihoods."""

ENUMERABLE = ("caesar", "rot13", "atbash", "affine")
"""Families whose every key is tried."""
MAX_SCORED_SYMBOLS = 2_000
"""Symbols of a long ciphertext that are scored (the first ones): far more than any key
space here needs, and a 1 MB paste is ranked as fast as a page."""
SURE = 0.9
"""A winner's posterior below this gets a warning that several keys are about as likely."""
SHORT = 8
"""Fewer symbols than this get a warning whatever the posterior: a scorer's posterior is only
as good as its model, and a few letters often decrypt to more than one word."""


def candidate_ciphers(family: str, alphabet: Alphabet) -> list[Cipher]:
    """Every key of ``family`` over ``alphabet``, as ciphers.

    Raises
    ------
    ValueError
        If ``family`` is not in :data:`ENUMERABLE`, or cannot act on ``alphabet``.
    """
    n = len(alphabet)
    if family == "caesar":
        keys = [str(shift) for shift in range(n)]
    elif family == "affine":
        keys = [f"{a},{b}" for a in valid_multipliers(n) for b in range(n)]
    elif family in ("rot13", "atbash"):
        return [make_cipher(family, None, alphabet)]
    else:
        raise ValueError(
            f"Keys of {family!r} cannot all be tried; enumerable: {', '.join(ENUMERABLE)}."
        )
    return [make_cipher(family, key, alphabet) for key in keys]


@dataclass
class RankedKey:
    """One candidate key with its scores.

    Attributes
    ----------
    cipher : Cipher
        The cipher with this key.
    scores : dict of str to float
        Log-likelihood (nats) of the candidate plaintext under each scorer.
    posteriors : dict of str to float
        Posterior probability of this key under each scorer, in ``[0, 1]``.
    """

    cipher: Cipher
    scores: dict[str, float]
    posteriors: dict[str, float]
    _ciphertext: str = field(repr=False, default="")

    @property
    def key_label(self) -> str:
        """The key for people (``"+3"``, ``"a=5, b=8"``; ``""`` for a keyless family)."""
        return self.cipher.key_label()

    @property
    def plaintext(self) -> str:
        """The whole ciphertext decrypted with this key (pass-through kept)."""
        return self.cipher.decrypt(self._ciphertext)


@dataclass(frozen=True)
class Assessment:
    """How likely a crack's best answer is to be right, measured.

    Attributes
    ----------
    probability : float
        Calibrated probability that the best plaintext is exactly right, in
        ``(0, 1)`` (never 0 or 1).
    verdict : str
        One of :data:`~cipherlab.core.cryptanalysis.confidence.VERDICTS`.
    reason : str
        One plain sentence saying why.
    features : dict of str to float
        The readings it was computed from
        (:data:`~cipherlab.core.cryptanalysis.confidence.FEATURES`).
    """

    probability: float
    verdict: str
    reason: str
    features: dict[str, float]


@dataclass(frozen=True)
class KeyRanking:
    """Candidate keys ranked by one scorer's posterior, with every scorer's view.

    Attributes
    ----------
    keys : tuple of RankedKey
        All candidates, most probable first under :attr:`method`.
    method : str
        The scorer that orders :attr:`keys` (and whose winner :attr:`confidence` describes).
    winners : dict of str to int
        Per scorer, the index in :attr:`keys` of its most probable key.
    confidence : numpy.ndarray
        float64 ``(symbols,)``: per alphabet symbol of the best decryption, the posterior mass
        of the keys that decrypt it to the same letter (in ``[0, 1]``); once
        :func:`~cipherlab.core.cryptanalysis.crack` has assessed the ranking, that mass
        shrunk by the chance right (never above it, plus ``(1 - chance) / n``).
    symbols : int
        Alphabet symbols in the ciphertext (pass-through characters are not counted).
    warning : str or None
        A plain sentence when the answer is unsure (short text, no symbols), else None.
    assessment : Assessment or None
        The best answer's calibrated chance of being right and its verdict
        (:func:`~cipherlab.core.cryptanalysis.assess`); :func:`~cipherlab.core.
        cryptanalysis.crack` fills it in.
    """

    keys: tuple[RankedKey, ...]
    method: str
    winners: dict[str, int]
    confidence: np.ndarray
    symbols: int
    warning: str | None
    assessment: Assessment | None = None

    @property
    def best(self) -> RankedKey:
        """The most probable key under :attr:`method`."""
        return self.keys[0]


def posterior(scores: np.ndarray) -> np.ndarray:
    """``softmax(scores)``: float64, sums to 1 (a uniform prior over the candidates)."""
    shifted = np.asarray(scores, dtype=np.float64) - np.max(scores)
    weights = np.exp(shifted)
    return weights / weights.sum()


def rank_keys(
    ciphertext: str,
    candidates: list[Cipher],
    scorers: Mapping[str, Scorer],
    method: str,
    log_prior: np.ndarray | None = None,
    symbols: int | None = None,
) -> KeyRanking:
    """Decrypt ``ciphertext`` with every candidate and rank the keys.

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside the candidates' alphabet pass through.
    candidates : list of Cipher
        One per key, all over the same alphabet (see :func:`candidate_ciphers`).
    scorers : mapping of str to Scorer
        Named scorers (e.g. ``{"lm": ..., "ngram": ..., "chi2": ...}``).
    method : str
        The scorer in ``scorers`` that orders the ranking.
    log_prior : numpy.ndarray, optional
        float ``(keys,)``: log prior probability of each candidate (nats), added to every
        scorer's log-likelihood before the softmax (default: uniform). A Vigenère key of
        period ``p`` has ``-p log n``: one of ``n^p`` keys.
    symbols : int, optional
        When ``ciphertext`` is the start of a longer text (:func:`~cipherlab.core.
        cryptanalysis.leading_text`): the alphabet symbols in the whole text, which the
        ranking reports and its warning weighs. Default: those of ``ciphertext``.

    Returns
    -------
    KeyRanking
        Never raises for short or empty input: a text with no alphabet symbols gives every
        key the same posterior and a warning.

    Raises
    ------
    ValueError
        If ``method`` is not in ``scorers`` or there are no candidates.
    """
    if method not in scorers:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(scorers)}.")
    if not candidates:
        raise ValueError("There are no candidate keys to rank.")
    alphabet = candidates[0].alphabet
    encoded = alphabet.encode(ciphertext)
    scored = np.asarray(encoded.indices[:MAX_SCORED_SYMBOLS], dtype=np.int64)
    plain = np.stack([c.decrypt_indices(scored) for c in candidates])  # (keys, symbols)
    scores = {name: np.asarray(score(plain), dtype=np.float64) for name, score in scorers.items()}
    prior = np.zeros(len(candidates)) if log_prior is None else np.asarray(log_prior, float)
    posteriors = {name: posterior(s + prior) for name, s in scores.items()}
    order = np.argsort(-posteriors[method], kind="stable")
    keys = tuple(
        RankedKey(
            candidates[k],
            {name: float(s[k]) for name, s in scores.items()},
            {name: float(p[k]) for name, p in posteriors.items()},
            ciphertext,
        )
        for k in order
    )
    rank_of = np.empty(len(order), dtype=np.int64)
    rank_of[order] = np.arange(len(order))
    winners = {name: int(rank_of[np.argmax(p)]) for name, p in posteriors.items()}
    best = plain[order[0]]
    confidence = (posteriors[method][:, None] * (plain == best[None, :])).sum(axis=0)
    n_symbols = len(encoded.indices) if symbols is None else symbols
    return KeyRanking(
        keys, method, winners, confidence, n_symbols, _warning(n_symbols, keys[0], method)
    )


def _warning(symbols: int, best: RankedKey, method: str) -> str | None:
    if symbols == 0:
        return "No alphabet symbols: there is nothing to decrypt, and every key fits."
    sure = best.posteriors[method]
    if symbols < SHORT:
        plural = "s" if symbols != 1 else ""
        return f"Only {symbols} symbol{plural}: too short to be sure (the best key has {sure:.0%})."
    if sure < SURE:
        return (
            f"{symbols} symbol{'s' if symbols != 1 else ''}: several keys are about as likely "
            f"(the best has {sure:.0%})."
        )
    return None
