"""What cipher is this? The classical identifier's accuracy on held-out real prose.

Plaintexts are cut from the ``test`` part of the ``fortunes`` prose (and of ``python-docs``),
which the identifier's coefficients never saw (they are fitted on ``train`` and
``calibration``). Each family (plain English, shift/affine, substitution, Vigenère with a
random keyword of 2 to 12 letters, autokey with a random primer of 1 to 12) is drawn equally
often with random keys, over the ``letters`` alphabet (natural text: case, spaces and
punctuation pass through) at 16, 32, 64, 100, 200 and 400 letters. Prints the accuracy per
length, the confusion table at 100 letters, and how often the Vigenère period is right.

    python bench/identify_accuracy.py             # 200 messages per family and length
    python bench/identify_accuracy.py --quick     # 40
    python bench/identify_accuracy.py --fit       # refit resources/identification.json

``--fit`` draws 1,500 ciphertexts per family and alphabet (``letters`` natural, ``seed``
normalised) at 8 to 400 letters from the ``train`` and ``calibration`` parts of ``fortunes``
(seed 2026) and writes the coefficients.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from cipherlab.core.ciphers import alphabet_named
from cipherlab.core.cryptanalysis import english_baselines
from cipherlab.core.cryptanalysis.identification import (  # the fitting tools are not public
    FAMILY_LABELS,
    fit_identifier,
    identify,
    random_cipher_text,
    resource_path,
    training_examples,
)
from cipherlab.core.text import prose_messages

LENGTHS = (16, 32, 64, 100, 200, 400)
FIT_SEED = 2026


def fit(count: int) -> None:
    """Refit the coefficients and write them to ``resources/identification.json``."""
    rng = np.random.default_rng(FIT_SEED)
    examples = {}
    for name in ("letters", "seed"):
        alphabet = alphabet_named(name)
        freq = english_baselines(name).frequencies
        found = training_examples(alphabet, ("train", "calibration"), count, (8, 400), rng)
        examples[name] = (found, freq)
    started = time.perf_counter()
    model = fit_identifier(examples)
    data = {
        "command": f"python bench/identify_accuracy.py --fit --count {count}",
        "fitted_on": "fortunes prose, parts train and calibration, 8 to 400 letters, "
        f"{count} ciphertexts per family and alphabet (letters natural, seed normalised), "
        f"seed {FIT_SEED}",
        "model": model.to_json(),
    }
    resource_path().write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"fitted in {time.perf_counter() - started:.1f} s; wrote {resource_path()}")


def measure(count: int, sources: tuple[str, ...]) -> None:
    """Print accuracy per length and the confusion table at 100 letters."""
    alphabet = alphabet_named("letters")
    freq = english_baselines("letters").frequencies
    rng = np.random.default_rng(7)
    for source in sources:
        print(f"\n{source} (test part), {count} messages per family and length")
        print("letters  accuracy  vigenere period right")
        for length in LENGTHS:
            confusion = np.zeros((len(FAMILY_LABELS), len(FAMILY_LABELS)), dtype=int)
            periods = [0, 0]
            started = time.perf_counter()
            plains = prose_messages(
                source, "test", count * len(FAMILY_LABELS), length, alphabet, rng
            )
            for truth, label in enumerate(FAMILY_LABELS):
                for plain in plains[truth * count : (truth + 1) * count]:
                    text, period = random_cipher_text(label, plain, alphabet, rng)
                    found = identify(text, alphabet, freq)
                    confusion[truth, FAMILY_LABELS.index(found.best)] += 1
                    if period:
                        periods[0] += found.period == period
                        periods[1] += 1
            per = (time.perf_counter() - started) / (count * len(FAMILY_LABELS))
            accuracy = np.trace(confusion) / confusion.sum()
            print(
                f"{length:7d}  {accuracy:7.1%}  {periods[0] / periods[1]:7.1%}"
                f"   ({per * 1e3:.1f} ms per message)"
            )
            if length == 100:
                table = confusion
        print("\nconfusion at 100 letters (rows: truth, columns: identified)")
        print(" " * 13 + "".join(f"{label[:8]:>9}" for label in FAMILY_LABELS))
        for label, row in zip(FAMILY_LABELS, table, strict=True):
            print(f"{label:>13}" + "".join(f"{v:9d}" for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 messages per cell")
    parser.add_argument("--fit", action="store_true", help="refit the shipped coefficients")
    parser.add_argument("--count", type=int, default=1500, help="--fit: per family, alphabet")
    args = parser.parse_args()
    if args.fit:
        fit(args.count)
        return
    measure(40 if args.quick else 200, ("fortunes", "python-docs"))


if __name__ == "__main__":
    main()
