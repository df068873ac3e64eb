"""Decrypt without the key: rank keys with a language model and the classical baselines.

:func:`crack` is the one entry point for the CLI, the window and the benchmark. It scores
candidate plaintexts with up to three methods, side by side:

* ``lm``: a recurrent language model's log-likelihood
  (:func:`~cipherlab.core.network.log_likelihood`);
* ``ngram``: n-gram log-likelihood (:class:`~cipherlab.core.text.NGramScorer`;
  trigrams for Caesar-like families, quadgrams for Vigenère);
* ``chi2``: chi-squared against symbol frequencies (``-chi2 / 2`` as a log-likelihood).

The baselines the CLI and the window use are counted from real English and shipped
(:func:`~cipherlab.core.cryptanalysis.english_baselines`), so no process counts at start;
:func:`baselines_for` counts them instead from the text a language model learned from (the
first batches of its own training stream, drawn exactly as its trainer drew them), for a
comparison where neither side sees text the other could not. Caesar, ROT13, Atbash and
affine keys are all tried (:mod:`.key_ranking`); Vigenère, substitution and autokey keys are
searched (:mod:`.vigenere`, :mod:`.substitution`, :mod:`.autokey`).

Only the methods asked for are computed (``methods``): the CLI computes one (``--method``,
default ``ngram``), the window all three for its side-by-side columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..ciphers import alphabet_named
from ..settings import TrainConfig
from ..text import Alphabet, EncodedText, with_word_break
from .baselines import Baselines
from .confidence import assess, letter_probabilities, shipped_calibration
from .key_ranking import (
    ENUMERABLE,
    MAX_SCORED_SYMBOLS,
    KeyRanking,
    RankedKey,
    Scorer,
    candidate_ciphers,
    rank_keys,
)
from .word_breaks import break_positions, word_spans

if TYPE_CHECKING:  # torch loads only when a language model scores
    from ..network import CipherRNN, KeyDecoding

METHODS = ("lm", "ngram", "chi2")
"""Scoring methods, the recurrent language model first."""
AUTO = "auto"
"""The method that is ``lm`` where the language model pays and ``ngram`` elsewhere."""
CRACKABLE = (*ENUMERABLE, "vigenere", "substitution", "autokey")
"""Families :func:`crack` can break (the last three by searching their keys)."""
SAMPLE_SYMBOLS = MAX_SCORED_SYMBOLS
"""Letters of a long ciphertext that the key is found from: its first 2,000, which
:func:`~cipherlab.core.cryptanalysis.rank_keys` scores anyway (a Vigenère search's time grows
with the letters it reads: about 9 s for 2,000 with the language model, 150 s for 50,000)."""
BASELINE_BATCHES = 1_000
"""Training batches of the language model's stream that the n-gram counts are made from
(1,000 batches of 32 texts of 64 symbols: the first 2 million symbols it learned from)."""


@lru_cache(maxsize=4)
def baselines_for(config: TrainConfig, batches: int = BASELINE_BATCHES) -> Baselines:
    """The baselines counted from a language model's training text (cached per process)."""
    from ..learning import training_texts  # torch loads only when counting

    return Baselines.fit(training_texts(config, batches), alphabet_named(config.alphabet))


LM_PAYS_BELOW = {"caesar": 16, "rot13": 16, "atbash": 16, "affine": 16, "vigenere": 64}
"""Letters below which the language model's score is worth its cost, per family.

Measured on held-out real prose (the ``test`` part of fortunes; 100 messages a cell for
Caesar and affine, 30 for Vigenère), exact share of the language model against the n-gram
scorer: Caesar 0.96 vs 0.85 at 5 letters and 0.97 vs 0.89 at 6, then within 2 points from 7;
affine 0.76 vs 0.49 at 5 and 0.98 vs 0.80 at 8, both 1.00 at 16; Vigenère at 32 letters 0.97
vs 0.93 (period 7) and ties at 64, for 2-4 times the time. As the chooser among the
substitution search's candidates it tied the n-gram scorer at 64 and 100 letters, and an
autokey crack with it takes 20-45 s: neither family is listed."""


def language_model_pays(family: str, symbols: int) -> bool:
    """True if the language model should score a ``family`` crack of ``symbols`` letters.

    Where it is not measurably better than the n-gram scorer (:data:`LM_PAYS_BELOW`), the
    crack does not pay for it: the window leaves its column out and leads with the n-gram
    scorer.

    Examples
    --------
    >>> language_model_pays("affine", 8), language_model_pays("caesar", 400)
    (True, False)
    >>> language_model_pays("vigenere", 40), language_model_pays("substitution", 40)
    (True, False)
    """
    return symbols < LM_PAYS_BELOW.get(family, 0)


def english_config(alphabet: str) -> TrainConfig:
    """The settings the shipped language model of ``alphabet`` was trained with.

    The Fast preset of a language model with :data:`~cipherlab.core.settings.LM_SHIPPED`'s
    sizes, on English prose.
    """
    from ..settings import LANGUAGE_MODEL, LM_SHIPPED, preset

    return preset("fast", task=LANGUAGE_MODEL.name, alphabet=alphabet, **LM_SHIPPED)


def lm_scorer(lm: CipherRNN, n: int, breaks: np.ndarray | None = None) -> Scorer:
    """A language model's score of candidate plaintexts over an ``n``-symbol alphabet.

    A model that reads only the alphabet scores the symbols. A model that also reads a
    word break (``letters+space``: index ``n``) scores each candidate with the ciphertext's
    word breaks put back where they pass through (``breaks``), since the plaintext has them
    there too; without breaks (run-on letters, five-letter groups) it scores the letters,
    each normalised over the letters alone.

    Parameters
    ----------
    lm : CipherRNN
        A language model whose vocabulary is ``n + 1`` or ``n + 2`` (start symbol, word
        break).
    n : int
        The cipher alphabet's size.
    breaks : numpy.ndarray, optional
        int64 ``(breaks,)``: symbol indices a word starts at, in increasing order
        (:func:`~cipherlab.core.cryptanalysis.word_breaks.break_positions`); empty or None
        for none.

    Returns
    -------
    Scorer
        int64 ``(keys, symbols)`` -> float64 ``(keys,)`` log-likelihoods (nats), the word
        breaks' own probabilities included.
    """
    from ..network import log_likelihood  # torch loads only for the language model

    if lm.config.vocab_size - 1 == n:
        return lambda texts: log_likelihood(lm, texts)
    if breaks is None or len(breaks) == 0:
        return lambda texts: log_likelihood(lm, texts, symbols=n)

    def score(texts: np.ndarray) -> np.ndarray:
        texts = np.atleast_2d(np.asarray(texts, dtype=np.int64))
        inside = breaks[(breaks > 0) & (breaks < texts.shape[1])]
        return log_likelihood(lm, np.insert(texts, inside, n, axis=1))

    return score


def scorers_for(
    family: str,
    baselines: Baselines,
    lm: CipherRNN | None = None,
    methods: Iterable[str] = METHODS,
    breaks: np.ndarray | None = None,
) -> dict[str, Scorer]:
    """The scorers of the ``methods`` asked for: ``lm`` (if a model is given), ``ngram``, ``chi2``.

    ``ngram`` is trigrams for the families whose keys are all tried and quadgrams for
    Vigenère, the classical choices; ``lm`` reads the ciphertext's word ``breaks`` if it
    reads word breaks at all (:func:`lm_scorer`).
    """
    wanted = set(methods)
    found: dict[str, Scorer] = {}
    if lm is not None and "lm" in wanted:
        found["lm"] = lm_scorer(lm, len(baselines.alphabet), breaks)
    if "ngram" in wanted:
        searched = family in ("vigenere", "substitution", "autokey")
        ngrams = baselines.quadgrams if searched else baselines.trigrams
        found["ngram"] = ngrams.score
    if "chi2" in wanted:
        found["chi2"] = baselines.chi2
    return found


def crack(
    ciphertext: str,
    family: str,
    baselines: Baselines,
    lm: CipherRNN | None = None,
    method: str = "lm",
    max_period: int = 16,
    symbols: int | None = None,
    methods: Iterable[str] | None = None,
    fixed: Mapping[str, str] | None = None,
) -> KeyRanking:
    """Rank the keys of ``ciphertext`` under ``family`` with the methods asked for.

    Every letter of ``ciphertext`` is read (a Vigenère search's time grows with them): for a
    long text, pass its first :data:`SAMPLE_SYMBOLS` letters (:func:`leading_text`) with
    ``symbols``, then decrypt the whole text with the key found
    (:meth:`~cipherlab.core.ciphers.Cipher.decrypt_pieces`).

    Parameters
    ----------
    ciphertext : str
        Any text; characters outside the alphabet pass through.
    family : str
        One of :data:`CRACKABLE`.
    baselines : Baselines
        The classical scorers; their alphabet is the cipher's.
    lm : CipherRNN, optional
        A language model over the same alphabet (``task="lm"``); without it, ``lm`` is not
        a method.
    method : str
        The method whose posterior orders the ranking (``lm`` falls back to ``ngram`` when
        no language model is given). :data:`AUTO` is ``lm`` where the language model pays
        (:func:`language_model_pays`) and ``ngram`` elsewhere, where the language model is
        then not computed at all.
    max_period : int
        Vigenère: the longest period tried; autokey: the longest primer (1 to 32).
    symbols : int, optional
        The alphabet symbols of the whole text when ``ciphertext`` is its start: the
        ranking reports them and its warnings weigh them. Default: ``ciphertext``'s own.
    methods : iterable of str, optional
        The methods computed (default: all of :data:`METHODS` that can be); ``method`` is
        always one of them, and a Vigenère ``lm`` brings ``ngram`` (the language model
        refines the n-gram search's keys). Each is costly: ask only for those shown.
    fixed : mapping of str to str, optional
        Substitution: ciphertext letter -> plaintext letter pairs every candidate keeps.

    Returns
    -------
    KeyRanking
        Never raises for short, empty or symbol-less input: it warns instead. Its
        ``scores``, ``posteriors`` and ``winners`` hold the methods computed.

    Raises
    ------
    ValueError
        If the family cannot be cracked here, the method is unknown, or the language
        model's alphabet is not the baselines'.
    """
    if family not in CRACKABLE:
        raise ValueError(
            f"Cracking {family} is not supported; choose one of {', '.join(CRACKABLE)}."
        )
    if method == AUTO:  # the language model only where it pays
        letters = (
            symbols if symbols is not None else baselines.alphabet.encode(ciphertext).n_symbols
        )
        if lm is None or not language_model_pays(family, letters):
            lm, method = None, "ngram"
        else:
            method = "lm"
        if methods is not None:  # asked for as a method too: the one it resolved to
            methods = [method if m == AUTO else m for m in methods]
    wanted = set(METHODS if methods is None else methods) | {method}
    for name in sorted(wanted):
        if name not in METHODS:
            raise ValueError(f"Unknown method {name!r}; choose one of {', '.join(METHODS)}.")
    if method == "lm" and lm is None:
        method = "ngram"  # no language model: the n-gram method leads
        wanted.add("ngram")
    if family == "vigenere" and "lm" in wanted:
        wanted.add("ngram")
    alphabet = baselines.alphabet
    reads = with_word_break(alphabet)
    if lm is not None and lm.config.vocab_size - 1 not in (len(alphabet), len(reads)):
        raise ValueError(
            f"The language model reads {lm.config.vocab_size - 1} symbols, the text's "
            f"alphabet {len(alphabet)}: use the language model of this alphabet."
        )
    breaks = None if lm is None else break_positions(word_spans(ciphertext, alphabet))
    scorers = scorers_for(family, baselines, lm, wanted, breaks)
    ranking = _rank(ciphertext, family, baselines, scorers, method, max_period, symbols, fixed)
    if alphabet.name not in shipped_calibration().english:
        return ranking  # an alphabet the calibration never measured: no chance right
    found = assess(ranking, ciphertext, family, baselines)
    honest = letter_probabilities(ranking.confidence, found.probability, len(alphabet))
    return replace(ranking, assessment=found, confidence=honest)


def _rank(
    ciphertext: str,
    family: str,
    baselines: Baselines,
    scorers: dict[str, Scorer],
    method: str,
    max_period: int,
    symbols: int | None,
    fixed: Mapping[str, str] | None,
) -> KeyRanking:
    """The ranking of ``family``'s keys (see :func:`crack`), before it is assessed."""
    alphabet = baselines.alphabet
    if family == "vigenere":
        from .vigenere import context_tables, crack_vigenere

        return crack_vigenere(
            ciphertext,
            alphabet,
            scorers,
            method,
            baselines.frequencies,
            max_period,
            symbols=symbols,
            tables=context_tables(baselines.trigrams, baselines.quadgrams),
        )
    if family == "substitution":
        from .substitution import crack_substitution

        return crack_substitution(
            ciphertext,
            alphabet,
            scorers,
            method,
            baselines.quadgrams,
            baselines.frequencies,
            fixed,
            symbols=symbols,
        )
    if family == "autokey":
        from .autokey import crack_autokey

        return crack_autokey(
            ciphertext, alphabet, scorers, method, baselines.frequencies, max_period, symbols
        )
    candidates = candidate_ciphers(family, alphabet)
    return rank_keys(ciphertext, candidates, scorers, method, symbols=symbols)


def leading_text(
    pieces: Iterable[str], alphabet: Alphabet, symbols: int = SAMPLE_SYMBOLS
) -> tuple[str, int]:
    """The start of a long text that holds its first ``symbols`` alphabet symbols.

    What :func:`crack` needs of a long ciphertext, read a piece at a time (memory: one
    piece, plus the start).

    Parameters
    ----------
    pieces : iterable of str
        The text, in pieces of any length (e.g. 1 MiB each).
    alphabet : Alphabet
        The cipher's symbols.
    symbols : int
        Alphabet symbols wanted, at least 1.

    Returns
    -------
    start : str
        The whole text if it has at most ``symbols`` symbols; else the text up to just
        before symbol number ``symbols`` (counting from 0).
    total : int
        Alphabet symbols in the whole text.
    """
    kept: list[EncodedText] = []
    held = total = 0
    for encoded in alphabet.encode_pieces(pieces):
        total += encoded.n_symbols
        if held <= symbols:
            kept.append(encoded)
            held += encoded.n_symbols
    start = EncodedText.join(kept) if kept else None
    if start is None:
        return "", 0
    return (start.split(symbols)[0].text if held > symbols else start.text), total


SPREAD_KEYS = 64
"""Most keys whose decryptions spread a position's probability over letters (the rest of the
posterior, below :data:`SPREAD_FLOOR` each, stays on the best key's letter)."""
SPREAD_FLOOR = 1e-4


def ranking_decoding(
    ranking: KeyRanking, ciphertext: str, key: RankedKey | None = None
) -> KeyDecoding:
    """One key's decryption as a :class:`KeyDecoding`, for the text views and the bars.

    Position ``i``'s probabilities over the alphabet are the posterior (under the ranking's
    method) of the keys that decrypt it to each letter, so the distribution shows the letters
    the other likely keys give; when the ranking is assessed, they are then shrunk toward
    uniform by its chance right (:func:`~cipherlab.core.cryptanalysis.letter_probabilities`),
    so no bar claims more than the answer's measured chance of being right.

    Parameters
    ----------
    ranking : KeyRanking
        From :func:`crack` on ``ciphertext``.
    ciphertext : str
        The text that was ranked.
    key : RankedKey, optional
        The key to show (default: the best).

    Returns
    -------
    KeyDecoding
        ``plaintext`` is the key's decryption (case and pass-through kept);
        ``probabilities`` is float32 ``(symbols, n)``, each row summing to 1; ``chosen`` is
        the key's letters, whatever the likeliest letter of each position.
    """
    from ..network import KeyDecoding

    shown = key if key is not None else ranking.best
    alphabet = shown.cipher.alphabet
    encoded = alphabet.encode(ciphertext)
    n = len(alphabet)
    indices = np.asarray(encoded.indices, dtype=np.int64)
    rows = np.arange(len(indices))
    probabilities = np.zeros((len(indices), n), dtype=np.float64)
    spread = [
        k
        for k in ranking.keys[:SPREAD_KEYS]
        if k.posteriors[ranking.method] >= SPREAD_FLOOR or k is ranking.best
    ]
    for k in spread:
        probabilities[rows, k.cipher.decrypt_indices(indices)] += k.posteriors[ranking.method]
    left = 1.0 - probabilities.sum(axis=1)  # the keys too unlikely to spread: on the best's
    probabilities[rows, ranking.best.cipher.decrypt_indices(indices)] += np.maximum(left, 0.0)
    if ranking.assessment is not None:  # never surer than the answer's chance right
        probabilities = letter_probabilities(probabilities, ranking.assessment.probability, n)
    letters = np.asarray(shown.cipher.decrypt_indices(indices), dtype=np.int64)
    return KeyDecoding(
        encoded, shown.plaintext, probabilities.astype(np.float32), alphabet, letters
    )
