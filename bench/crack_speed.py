"""Cracking speed and Vigenère accuracy on real prose: ours against the peer tools, side by side.

One run measures, on the ``test`` part of the ``fortunes`` prose (never fitted on; see
:mod:`cipherlab.core.text.prose`), normalised to upper-case letters and single spaces:

* **Time to first answer** of a fresh ``cipherlab crack`` process (a real subprocess, Caesar
  over 40 letters, the default method), against a fresh Python process that imports each peer
  and solves the same ciphertext.
* **Caesar** per 64-symbol message (seed alphabet): ours with the n-gram method alone and with
  the n-gram and chi-squared methods together (the window's classical columns); lantern's
  ``shift.crack`` with its quadgrams.
* **Vigenère** median and 90th percentile at 200 letters (periods 3, 5 and 7 in turn), and one
  message of 20,000 letters: ours (``crack``, the n-gram method, as the CLI) against
  vigenere-solver-ng (``vigenere.solve``, its defaults) and lantern (``vigenere.crack`` with its
  quadgrams).
* **Vigenère accuracy**: the share of messages whose plaintext comes back exactly, periods
  3/5/7 at 16/32/64/100/200 letters, random keys, the same ciphertexts for every tool.

The peers are optional (``pip install -e .[bench]``; called as :mod:`peers` calls them); a
missing one is left out. Timings are wall clock on whatever else the machine is doing: compare
tools within one run.

    python bench/crack_speed.py            # 40 messages per accuracy cell (about 10 minutes)
    python bench/crack_speed.py --quick    # 8 per cell
    python bench/crack_speed.py --part calibration   # for tuning (never tune on test)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np
from peers import Solver, caesar_peers, vigenere_peers

from cipherlab.core.ciphers import VigenereCipher, make_cipher
from cipherlab.core.cryptanalysis import crack, english_baselines
from cipherlab.core.text import LETTER_ALPHABET, SEED_ALPHABET, prose_messages

PERIODS = (3, 5, 7)
LENGTHS = (16, 32, 64, 100, 200)


def ours_vigenere(ciphertext: str) -> str:
    baselines = english_baselines("letters")
    ranking = crack(ciphertext, "vigenere", baselines, None, "ngram", methods=("ngram",))
    return ranking.best.plaintext


def messages(part: str, count: int, length: int, alphabet, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return prose_messages("fortunes", part, count, length, alphabet, rng, natural=False)


def vigenere_cases(part: str, period: int, length: int, count: int) -> list[tuple[str, str]]:
    """``(plaintext, ciphertext)`` pairs with random keys of exactly ``period`` letters."""
    rng = np.random.default_rng(period * 1_000 + length)
    cases = []
    for plaintext in messages(part, count, length, LETTER_ALPHABET, period * 7 + length):
        key = VigenereCipher.random_key(rng, LETTER_ALPHABET, period)
        cases.append((plaintext, make_cipher("vigenere", key, LETTER_ALPHABET).encrypt(plaintext)))
    return cases


def timed(solver: Solver, ciphertexts: list[str]) -> list[float]:
    times = []
    for ciphertext in ciphertexts:
        start = time.perf_counter()
        solver(ciphertext)
        times.append(time.perf_counter() - start)
    return times


PEER_START = {
    "vigenere-solver-ng": "import sys, vigenere; print(vigenere.solve(sys.argv[1]).plaintext)",
    "lantern": "import sys; from lantern import fitness; from lantern.modules import shift; "
    "print(shift.crack(sys.argv[1], fitness.english.quadgrams)[0].plaintext)",
}


def first_answer(command: list[str], repeats: int = 3) -> float:
    """Median wall-clock seconds of a fresh process running ``command``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 messages per accuracy cell")
    parser.add_argument("--count", type=int, default=40, help="messages per accuracy cell")
    parser.add_argument("--part", default="test", help="prose part measured (default test)")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    args = parser.parse_args()
    count = 8 if args.quick else args.count
    peers = vigenere_peers()
    tools: dict[str, Solver] = {"ours": ours_vigenere, **peers}
    began = time.perf_counter()
    print(f"fortunes/{args.part}; peers: {', '.join(peers) or 'none installed'}")

    if not args.no_speed:
        caesar_text = make_cipher("caesar", "3", LETTER_ALPHABET).encrypt(
            messages(args.part, 1, 40, LETTER_ALPHABET, 1)[0]
        )
        print("\n| time to first answer (fresh process, Caesar, 40 letters) | seconds |")
        print("|---|---|")
        ours = [sys.executable, "-m", "cipherlab", "crack", caesar_text]
        print(f"| cipherlab crack | {first_answer(ours):.2f} |")
        for name, code in PEER_START.items():
            if name in peers:
                print(f"| {name} | {first_answer([sys.executable, '-c', code, caesar_text]):.2f} |")

        seed = english_baselines("seed")
        rng = np.random.default_rng(5)
        texts = [
            make_cipher("caesar", str(int(rng.integers(1, 27))), SEED_ALPHABET).encrypt(m)
            for m in messages(args.part, 200, 64, SEED_ALPHABET, 2)
        ]
        print("\n| Caesar, 64 symbols | median ms per message |")
        print("|---|---|")
        for label, methods in (("ngram", ("ngram",)), ("ngram + chi2", ("ngram", "chi2"))):
            times = timed(
                lambda c, m=methods: crack(c, "caesar", seed, None, "ngram", methods=m), texts
            )
            print(f"| ours, {label} | {statistics.median(times) * 1000:.2f} |")
        caesar_lantern = caesar_peers().get("lantern")
        if caesar_lantern is not None:
            times = timed(caesar_lantern, texts)
            print(f"| lantern shift.crack | {statistics.median(times) * 1000:.2f} |")

        cases = [c for p in PERIODS for c in vigenere_cases(args.part, p, 200, 20)]
        long_plain = " ".join(messages(args.part, 100, 200, LETTER_ALPHABET, 3))
        long_text = make_cipher("vigenere", "QUARTZ", LETTER_ALPHABET).encrypt(long_plain)
        print("\n| Vigenère | median s, 200 letters | p90 s, 200 letters | s, 20,000 letters |")
        print("|---|---|---|---|")
        for name, solver in tools.items():
            times = timed(solver, [c for _, c in cases])
            whole = timed(solver, [long_text])[0]
            print(f"| {name} | {statistics.median(times):.3f} | "
                  f"{np.quantile(times, 0.9):.3f} | {whole:.2f} |", flush=True)  # fmt: skip

    print(f"\nVigenère exact share, {count} messages per cell, random keys")
    print("| period | letters | " + " | ".join(tools) + " |")
    print("|---|---|" + "---|" * len(tools))
    for period in PERIODS:
        for length in LENGTHS:
            cases = vigenere_cases(args.part, period, length, count)
            shares = []
            for solver in tools.values():
                right = sum(solver(cipher) == plain for plain, cipher in cases)
                shares.append(f"{right / count:.2f}")
            print(f"| {period} | {length} | " + " | ".join(shares) + " |", flush=True)
    print(f"\nTotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
