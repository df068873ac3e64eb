"""How honest is a crack's stated probability? Fit it on one part of real prose, measure on another.

Real English prose (:mod:`cipherlab.core.text.prose`, the ``fortunes`` source: ``apt-get
install fortunes``) is encrypted with random keys of every crackable family, at 3 to 400
letters, as natural text (``letters``: case, spaces and punctuation pass through) and as
seed text (normalised, ``-`` enciphered), and cracked. Each answer's
readings (:func:`cipherlab.core.cryptanalysis.reading_features`) and whether it was exactly
right are recorded. The n-gram counts are the shipped ones (:func:`english_baselines`,
counted from the ``train`` part), and only the n-gram method runs, as ``cipherlab crack`` does
by default.

Random letters are cracked beside the prose from 16 letters on (half as many): a text with no
English answer, which a fit on prose alone never sees.

* ``--fit`` fits the logistic calibration on the ``calibration`` part and writes
  ``resources/calibration.json`` (what the app ships):

      python bench/calibration.py --fit

* without it, the shipped calibration is measured on the ``test`` part, never fitted on:
  a reliability table (stated probability vs observed share exact, per bin), the share
  exact among answers stated at least 90 % likely, and the wrong answers stated at least
  99 % likely (the goal: none), then the share exact per verdict:

      python bench/calibration.py            # about 10 minutes on 2 cores
      python bench/calibration.py --quick    # a few messages per cell
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import numpy as np

from cipherlab.core.ciphers import alphabet_named, cipher_from_dict, family_named
from cipherlab.core.cryptanalysis import (
    CRACKABLE,
    FEATURES,
    GROUPS,
    Calibration,
    assess,
    crack,
    english_baselines,
    fit_calibration,
    shipped_calibration,
)
from cipherlab.core.text import prose_messages

LENGTHS = (3, 5, 8, 16, 32, 64, 100, 200, 400)
PERIODS = {"vigenere": (3, 5, 7), "autokey": (3, 7, 12)}
"""Key lengths tried for the periodic families (one cell each)."""
SLOW = {"substitution": 0.25}
"""Families whose cracks take seconds: this share of the messages per cell."""
SOURCE = "fortunes"
NOISE_FROM = 16
"""Shortest random-letter messages cracked (shorter ones are "too short to trust" anyway)."""
NOISE_SHARE = 0.5
"""Random-letter messages per cell, as a share of the prose messages: texts with no English
answer at all, which every answer to is wrong (a fit without them never saw a crack of
gibberish, and stated 72 % for a Vigenère crack of 82 random letters)."""
ENGLISH_WINDOW = 100
"""Letters per window when measuring real English's quadgram log-likelihood per symbol."""


def english_reading(alphabet_name: str, natural: bool) -> tuple[float, float]:
    """Mean and spread of real English's quadgram log-likelihood per symbol (calibration part)."""
    alphabet = alphabet_named(alphabet_name)
    baselines = english_baselines(alphabet_name)
    rng = np.random.default_rng(7)
    texts = prose_messages(SOURCE, "calibration", 400, ENGLISH_WINDOW, alphabet, rng, natural)
    rows = np.stack([alphabet.encode(t).indices for t in texts])
    per_symbol = baselines.quadgrams.score(rows) / ENGLISH_WINDOW
    return float(per_symbol.mean()), float(per_symbol.std() * np.sqrt(ENGLISH_WINDOW))


def cases(count: int, quick: bool):
    """(family, key length or None, alphabet name, natural, length, messages) per cell."""
    for family in CRACKABLE:
        for period in PERIODS.get(family, (None,)):
            for alphabet_name, natural in (("letters", True), ("seed", False)):
                if family == "rot13" and alphabet_name == "seed":
                    continue
                for length in LENGTHS:
                    n = max(2 if quick else 4, round(count * SLOW.get(family, 1.0)))
                    yield family, period, alphabet_name, natural, length, n


def noise(rng: np.random.Generator, count: int, length: int, natural: bool) -> list[str]:
    """``count`` texts of ``length`` uniformly random letters.

    Lower case in words of 2-8 letters for natural text, upper case run on for seed text.
    """
    texts = []
    for _ in range(count):
        letters = rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), length)
        if not natural:
            texts.append("".join(letters))
            continue
        words, at = [], 0
        while at < length:
            size = int(rng.integers(2, 9))
            words.append("".join(letters[at : at + size]).lower())
            at += size
        texts.append(" ".join(words))
    return texts


def crack_cases(part: str, count: int, quick: bool, calibration: Calibration):
    """Crack every case of ``part``: (family, alphabet, readings, right, assessment) each.

    ``calibration`` gives the reading of English the ``fit`` z-scores use, and the probability.
    From :data:`NOISE_FROM` letters each cell also cracks random letters (:func:`noise`),
    encrypted the same way: an answer to them is right only if it is the random text itself.
    Each answer is (family, alphabet, readings, right, assessment, is_noise).
    """
    answers = []
    for family, period, alphabet_name, natural, length, n in cases(count, quick):
        alphabet = alphabet_named(alphabet_name)
        baselines = english_baselines(alphabet_name)
        rng = np.random.default_rng([length, period or 0, natural, len(family)])
        cls = family_named(family)
        prose = prose_messages(SOURCE, part, n, length, alphabet, rng, natural)
        extra = max(1, round(n * NOISE_SHARE)) if length >= NOISE_FROM else 0
        gibberish = noise(rng, extra, length, natural)
        for number, plaintext in enumerate([*prose, *gibberish]):
            key = (
                cls.random_key(rng, alphabet, period)  # type: ignore[call-arg]
                if period
                else cls.random_key(rng, alphabet)
            )
            cipher = cipher_from_dict({"family": family, "key": key, "alphabet": alphabet.name})
            ciphertext = cipher.encrypt(plaintext)
            ranking = crack(ciphertext, family, baselines, None, "ngram", methods=("ngram",))
            right = ranking.best.plaintext == plaintext
            found = assess(ranking, ciphertext, family, baselines, calibration)
            answers.append((family, alphabet_name, found.features, right, found, number >= n))
            if not right and found.probability >= 0.99:
                what = "random letters" if number >= n else "prose"
                print(f"    wrong at {found.probability:.1%} ({what}): {plaintext!r} read as "
                      f"{ranking.best.plaintext!r}")  # fmt: skip
        print(f"  {family} {period or ''} {alphabet_name} {length}: {n} + {extra} cracked",
              flush=True)  # fmt: skip
    return answers


def fit(count: int, quick: bool) -> None:
    english = {name: english_reading(name, name == "letters") for name in ("letters", "seed")}
    unfitted = Calibration(
        dict.fromkeys(FEATURES, 0.0), dict.fromkeys(GROUPS.values(), 0.0), english, ""
    )
    answers = crack_cases("calibration", count, quick, unfitted)
    calibration = fit_calibration(
        [a[2] for a in answers],
        [a[0] for a in answers],
        [a[3] for a in answers],
        english,
        f"{len(answers)} n-gram cracks of real prose ({SOURCE}, calibration part; "
        f"{', '.join(CRACKABLE)}; {LENGTHS[0]}-{LENGTHS[-1]} letters; natural and seed text; "
        f"{sum(a[5] for a in answers)} of them of random letters, {NOISE_FROM} letters on)",
    )
    from cipherlab.resources import data_path

    path = data_path("calibration.json")
    path.write_text(calibration.to_json() + "\n", encoding="utf-8")
    print(f"Wrote {path}: {len(answers)} answers, {np.mean([a[3] for a in answers]):.1%} exact")


BINS = (0.0, 0.1, 0.5, 0.9, 0.99, 1.0)


def measure(count: int, quick: bool) -> None:
    calibration = shipped_calibration()
    everything = crack_cases("test", count, quick, calibration)
    gibberish = [a for a in everything if a[5]]
    answers = [a for a in everything if not a[5]]
    print(f"\nRandom letters ({len(gibberish)} cracks, {NOISE_FROM}-{LENGTHS[-1]} letters; an "
          "answer is right only if it is the random text: ROT13 and Atbash, with one key, "
          "always are)")  # fmt: skip
    print("| family | cracks | right | stated >= 50 % | of those right | stated >= 90 % | "
          "of those right | verdict not English |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for family in CRACKABLE:
        mine = [a for a in gibberish if a[0] == family]
        if not mine:
            continue
        stated = np.array([a[4].probability for a in mine])
        right = np.array([a[3] for a in mine])
        print(f"| {family} | {len(mine)} | {right.sum()} | {(stated >= 0.5).sum()} | "
              f"{right[stated >= 0.5].sum()} | {(stated >= 0.9).sum()} | "
              f"{right[stated >= 0.9].sum()} | "
              f"{sum(a[4].verdict == 'not English' for a in mine)} |")  # fmt: skip
    stated = np.array([a[4].probability for a in answers])
    right = np.array([a[3] for a in answers])
    print(f"\nReliability on the test part ({len(answers)} cracks, {right.mean():.1%} exact)")
    print("| stated probability | answers | mean stated | observed exact |")
    print("|---|---|---|---|")
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = (stated >= low) & ((stated < high) if high < 1 else (stated <= high))
        if inside.any():
            print(f"| {low:.0%}–{high:.0%} | {inside.sum()} | {stated[inside].mean():.1%} | "
                  f"{right[inside].mean():.1%} |")  # fmt: skip
    sure = stated >= 0.9
    print(f"\nStated >= 90 %: {sure.sum()} answers, {right[sure].mean():.1%} exact (goal >= 90 %)")
    print(f"Wrong answers stated >= 99 %: {int(((stated >= 0.99) & ~right).sum())} (goal 0)")
    by_verdict: dict[str, list[bool]] = defaultdict(list)
    for a in answers:
        by_verdict[a[4].verdict].append(a[3])
    print("\n| verdict | answers | exact |")
    print("|---|---|---|")
    for verdict, outcomes in by_verdict.items():
        print(f"| {verdict} | {len(outcomes)} | {np.mean(outcomes):.1%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit and write the calibration")
    parser.add_argument("--quick", action="store_true", help="a few messages per cell")
    parser.add_argument("--count", type=int, default=24, help="messages per cell")
    args = parser.parse_args()
    began = time.perf_counter()
    count = 3 if args.quick else args.count
    (fit if args.fit else measure)(count, args.quick)
    print(f"\nTotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
