"""Substitution and autokey cracking on real prose, against subbreaker in the same run.

Plaintexts are cut from the ``test`` part of real English prose (Python's documentation and
the BSD fortunes, half each; :func:`cipherlab.core.text.prose_messages`), never the part the
solver's constants were chosen on (``calibration``). Each is encrypted with a random key and
cracked on one core (``OMP_NUM_THREADS=1``):

* **Substitution**, random permutations, at 64, 100, 200 and 400 letters, two ways:
  ``natural`` (the ``letters`` alphabet: case, spaces and punctuation passed through, so the
  word breaks show) and ``seed`` (normalised to ``A``-``Z`` and ``-``, the ``-`` enciphered
  too: a 27-symbol permutation, word breaks unknown). Ours is
  :func:`cipherlab.core.cryptanalysis.crack` with the ``ngram`` method (quadgrams, plus English
  words where the breaks show); subbreaker (``pip install subbreaker``: a quadgram
  hill-climber with its own English quadgrams, random restarts until the best optimum is hit
  three times, at most 1,000 climbs) runs on the same natural ciphertexts (it cannot read a
  27-symbol alphabet).
  Reported: the share decrypted exactly (every letter, compared upper case), the share with at
  least 90 % of letters right, and the median seconds per message.
* **Autokey**, random primers of 3, 7 and 12 letters, natural text of 100, 200 and 400
  letters: the share whose plaintext is exact.

The n-gram counts are the shipped real-English ones
(:func:`~cipherlab.core.cryptanalysis.english_baselines`), as in the app. Timings on a shared
machine are noisy: compare ours and subbreaker's from the same run.

    python bench/crack_substitution.py            # 20 messages per cell, about 15 minutes
    python bench/crack_substitution.py --quick    # 6 per cell
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, before numpy loads

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from peers import substitution_peers  # noqa: E402

from cipherlab.core.ciphers import AutokeyCipher, SubstitutionCipher  # noqa: E402
from cipherlab.core.cryptanalysis import crack, english_baselines  # noqa: E402
from cipherlab.core.text import prose_messages  # noqa: E402

LENGTHS = (64, 100, 200, 400)
PRIMERS = (3, 7, 12)
AUTOKEY_LENGTHS = (100, 200, 400)
SOURCES = ("python-docs", "fortunes")


def plaintexts(alphabet, count: int, length: int, natural: bool, seed: int) -> list[str]:
    """``count`` test-part messages of ``length`` letters, half from each source."""
    rng = np.random.default_rng(seed)
    half = count // 2
    return prose_messages(SOURCES[0], "test", count - half, length, alphabet, rng, natural) + (
        prose_messages(SOURCES[1], "test", half, length, alphabet, rng, natural) if half else []
    )


def letters_of(text: str) -> str:
    """The text's letters, upper case (how both solvers' answers are compared)."""
    return "".join(ch for ch in text.upper() if "A" <= ch <= "Z" or ch == "-")


def right_share(found: str, truth: str) -> float:
    a, b = letters_of(found), letters_of(truth)
    return sum(x == y for x, y in zip(a, b, strict=False)) / max(len(b), 1)


def cell(results: list[tuple[str, str, float]]) -> dict[str, float]:
    """Exact share, >= 90 % share and median seconds of ``(found, truth, seconds)``."""
    return {
        "exact": float(np.mean([letters_of(f) == letters_of(t) for f, t, _ in results])),
        "ninety": float(np.mean([right_share(f, t) >= 0.9 for f, t, _ in results])),
        "median_s": statistics.median(s for _, _, s in results),
    }


def substitution(count: int) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    others = substitution_peers().get("subbreaker")
    for mode in ("natural", "seed"):
        baselines = english_baselines("letters" if mode == "natural" else "seed")
        alphabet = baselines.alphabet
        for length in LENGTHS:
            texts = plaintexts(alphabet, count, length, mode == "natural", length)
            rng = np.random.default_rng(1_000 + length)
            ours, theirs = [], []
            for text in texts:
                key = SubstitutionCipher.random_key(rng, alphabet)
                ciphertext = SubstitutionCipher(alphabet, key).encrypt(text)
                start = time.perf_counter()
                found = crack(ciphertext, "substitution", baselines, None, "ngram").best
                ours.append((found.plaintext, text, time.perf_counter() - start))
                if others is not None and mode == "natural":
                    start = time.perf_counter()
                    theirs.append((others(ciphertext), text, time.perf_counter() - start))
            rows[f"ours {mode} {length}"] = cell(ours)
            if theirs:
                rows[f"subbreaker {mode} {length}"] = cell(theirs)
            for name in (f"ours {mode} {length}", f"subbreaker {mode} {length}"):
                if name in rows:
                    r = rows[name]
                    print(
                        f"{name:28s} exact {r['exact']:6.0%}  >=90% {r['ninety']:6.0%}  "
                        f"median {r['median_s']:6.2f} s",
                        flush=True,
                    )
            if theirs:
                ratio = rows[f"ours {mode} {length}"]["median_s"] / max(
                    rows[f"subbreaker {mode} {length}"]["median_s"], 1e-9
                )
                print(f"{'':28s} ours / subbreaker median time: {ratio:.2f}", flush=True)
    return rows


def autokey(count: int) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    baselines = english_baselines("letters")
    alphabet = baselines.alphabet
    for primer in PRIMERS:
        for length in AUTOKEY_LENGTHS:
            texts = plaintexts(alphabet, count, length, True, 7 * length + primer)
            rng = np.random.default_rng(primer * 1_000 + length)
            results = []
            for text in texts:
                key = AutokeyCipher.random_key(rng, alphabet, primer)
                ciphertext = AutokeyCipher(alphabet, key).encrypt(text)
                start = time.perf_counter()
                found = crack(ciphertext, "autokey", baselines, None, "ngram", 12).best
                results.append((found.plaintext, text, time.perf_counter() - start))
            name = f"autokey primer {primer} {length}"
            rows[name] = cell(results)
            r = rows[name]
            print(f"{name:28s} exact {r['exact']:6.0%}  median {r['median_s']:6.2f} s", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6 messages per cell")
    parser.add_argument("--count", type=int, default=20, help="messages per cell (20)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    count = 6 if args.quick else args.count
    crack("Xlmw mw e tiev", "substitution", english_baselines("letters"), None, "ngram")
    rows = {**substitution(count), **autokey(count)}
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
