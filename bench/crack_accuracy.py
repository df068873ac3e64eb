"""Cracking without the key: the language model against the classical baselines, measured.

Held-out English-like text (its own stream, ``held-out-crack``, which the language models'
training stream never draws from), encrypted with random keys, cracked by each method in this
one process on the CPU (one torch thread), side by side:

* **Caesar** over the seed alphabet (27 symbols, as the published anchors), messages of 5, 8,
  12, 16, 24, 32 and 64 symbols, random shifts 1-26: ``lm`` (the shipped seed language model's
  posterior), ``ngram`` (trigram log-likelihood) and ``chi2`` (chi-squared), each the argmax of
  its own scores over all 27 shifts.
* **Vigenère** over the letters (26), periods 3, 5 and 7, messages of 40, 60, 100 and 200
  letters, random keywords: ``chi2`` = the classical baseline (Friedman period estimate, then
  per-column chi-squared), ``ngram`` = quadgram search over the likeliest periods (the
  n-gram-chosen period), ``lm`` = the language model refining the n-gram keys
  (:func:`cipherlab.core.cryptanalysis.crack`).

The n-gram and chi-squared counts come from the first 1,000 batches (2 million symbols) of
the language model's own training stream, as the app uses them. A message is cracked when the
best plaintext equals the plaintext exactly. Times are the median per message of the ``lm``
method (which computes all three scorers' views for the ranking).

    python bench/crack_accuracy.py                # about 15 minutes on 2 busy cores
    python bench/crack_accuracy.py --quick        # 60 Caesar, 8 Vigenère messages per cell
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

from cipherlab.core.ciphers import VigenereCipher, make_cipher
from cipherlab.core.cryptanalysis import (
    baselines_for,
    chi2_key,
    crack,
    english_config,
    friedman_period,
)
from cipherlab.core.learning import numpy_stream
from cipherlab.core.storage import load_model
from cipherlab.core.text import english_messages
from cipherlab.resources import language_model_path

CAESAR_LENGTHS = (5, 8, 12, 16, 24, 32, 64)
VIGENERE_PERIODS = (3, 5, 7)
VIGENERE_LENGTHS = (40, 60, 100, 200)
METHODS = ("lm", "ngram", "chi2")


def held_out(alphabet, count: int, length: int, cell: str) -> list[str]:
    """``count`` held-out plaintexts of ``length`` symbols (one stream per cell)."""
    rng = numpy_stream(len(cell) * 1_000 + length, f"held-out-crack-{cell}")
    rows = english_messages(rng, count, length, alphabet)
    return ["".join(alphabet.symbols[i] for i in row) for row in rows]


def caesar_cell(length: int, count: int, baselines, lm) -> dict:
    alphabet = baselines.alphabet
    rng = np.random.default_rng(length)
    exact = dict.fromkeys(METHODS, 0)
    times = []
    for plaintext in held_out(alphabet, count, length, "caesar"):
        cipher = make_cipher("caesar", str(int(rng.integers(1, len(alphabet)))), alphabet)
        start = time.perf_counter()
        ranking = crack(cipher.encrypt(plaintext), "caesar", baselines, lm, "lm")
        times.append(time.perf_counter() - start)
        for method, index in ranking.winners.items():
            exact[method] += ranking.keys[index].plaintext == plaintext
    return {"exact": {m: exact[m] / count for m in METHODS}, "time": statistics.median(times)}


def vigenere_cell(period: int, length: int, count: int, baselines, lm) -> dict:
    alphabet = baselines.alphabet
    n = len(alphabet)
    rng = np.random.default_rng(period * 1_000 + length)
    exact = dict.fromkeys(METHODS, 0)
    times = []
    for plaintext in held_out(alphabet, count, length, f"vigenere{period}"):
        keyword = VigenereCipher.random_key(rng, alphabet, period)
        cipher = make_cipher("vigenere", keyword, alphabet)
        ciphertext = cipher.encrypt(plaintext)
        # classical: Friedman's period, then per-column chi-squared
        indices = alphabet.encode(ciphertext).indices
        guess = friedman_period(indices, n)
        key = chi2_key(indices, guess, baselines.frequencies)
        chi2_cipher = make_cipher("vigenere", "".join(alphabet.symbols[s] for s in key), alphabet)
        exact["chi2"] += chi2_cipher.decrypt(ciphertext) == plaintext
        ngram = crack(ciphertext, "vigenere", baselines, None, "ngram")
        exact["ngram"] += ngram.best.plaintext == plaintext
        start = time.perf_counter()
        ranking = crack(ciphertext, "vigenere", baselines, lm, "lm")
        times.append(time.perf_counter() - start)
        exact["lm"] += ranking.best.plaintext == plaintext
    return {"exact": {m: exact[m] / count for m in METHODS}, "time": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages per cell")
    parser.add_argument("--caesar", type=int, default=500, help="messages per Caesar cell")
    parser.add_argument("--vigenere", type=int, default=40, help="messages per Vigenère cell")
    args = parser.parse_args()
    caesar_n, vigenere_n = (60, 8) if args.quick else (args.caesar, args.vigenere)
    torch.set_num_threads(1)
    began = time.perf_counter()

    seed_lm = load_model(language_model_path("seed"))
    seed_base = baselines_for(english_config("seed"))
    bits = seed_lm.metadata["metrics"].get("val_bits_per_symbol")
    print(f"Caesar, seed alphabet (27), {caesar_n} held-out messages per length; "
          f"LM {bits:.3f} bits/symbol")  # fmt: skip
    print("| symbols | LM exact | trigram exact | chi² exact | LM − trigram | median time |")
    print("|---|---|---|---|---|---|")
    for length in CAESAR_LENGTHS:
        r = caesar_cell(length, caesar_n, seed_base, seed_lm.model)
        e = r["exact"]
        gap = (e["lm"] - e["ngram"]) * 100
        print(f"| {length} | {e['lm']:.3f} | {e['ngram']:.3f} | {e['chi2']:.3f} | "
              f"{gap:+.1f} pts | {r['time'] * 1000:.1f} ms |", flush=True)  # fmt: skip

    letters_lm = load_model(language_model_path("letters"))
    letters_base = baselines_for(english_config("letters"))
    bits = letters_lm.metadata["metrics"].get("val_bits_per_symbol")
    print(f"\nVigenère, letters (26), {vigenere_n} held-out messages per cell; "
          f"LM {bits:.3f} bits/symbol")  # fmt: skip
    print("| period | letters | LM exact | quadgram search exact | Friedman + chi² exact | "
          "LM − quadgram | median LM time |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for period in VIGENERE_PERIODS:
        for length in VIGENERE_LENGTHS:
            r = vigenere_cell(period, length, vigenere_n, letters_base, letters_lm.model)
            e = r["exact"]
            gap = (e["lm"] - e["ngram"]) * 100
            print(f"| {period} | {length} | {e['lm']:.3f} | {e['ngram']:.3f} | "
                  f"{e['chi2']:.3f} | {gap:+.1f} pts | {r['time']:.2f} s |",
                  flush=True)  # fmt: skip
    print(f"\nTotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
