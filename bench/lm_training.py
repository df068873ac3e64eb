"""A language model learning English-like text, against the letter-count yardsticks.

Trains the Fast language-model preset (the window's default for **Task: Language model**)
on the seed alphabet, one torch thread as the window's default, and prints side by side:
the unigram and bigram entropies of its training text (bits per symbol: what letter counts
and letter pairs alone reach) and, for the network, the training seconds and steps at which
its held-out cross-entropy first fell below each of them, and where it ends.

    python bench/lm_training.py             # the preset's 8,000 steps (about 4 minutes)
    python bench/lm_training.py --steps 2000
"""

from __future__ import annotations

import argparse
import math
import time

import torch

from cipherlab.core.learning import Trainer, reference_entropies
from cipherlab.core.settings import preset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=None, help="step budget (preset's)")
    parser.add_argument("--alphabet", default="seed", choices=("seed", "letters"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    config = preset("fast", task="lm", alphabet=args.alphabet)
    if args.steps:
        config = preset("fast", task="lm", alphabet=args.alphabet, steps=args.steps)
    began = time.perf_counter()
    refs = reference_entropies(config)
    counted = time.perf_counter() - began
    lines = {"unigram": refs.unigram_bits, "bigram": refs.bigram_bits}
    crossed: dict[str, tuple[int, float]] = {}
    trainer = Trainer(config)
    last = None
    for progress in trainer.run():
        if progress.val_loss is None:
            continue
        bits = progress.val_loss / math.log(2)
        last = (progress.step, progress.elapsed_s, bits)
        for name, level in lines.items():
            if name not in crossed and bits < level:
                crossed[name] = (progress.step, progress.elapsed_s)
    print(f"Language model, Fast preset ({config.steps:,} steps, hidden {config.hidden_size}, "
          f"{args.alphabet} alphabet, English-like text)")  # fmt: skip
    print(f"References counted from its first 50 batches in {counted:.1f} s")
    print("| yardstick | bits per symbol | network below it at step | after |")
    print("|---|---|---|---|")
    for name, level in lines.items():
        step, seconds = crossed.get(name, (None, None))
        where = f"{step:,} | {seconds:.1f} s" if step else "never | –"
        print(f"| {name} entropy of the training text | {level:.3f} | {where} |")
    step, seconds, bits = last
    print(f"| the network at the end | {bits:.3f} | step {step:,} | {seconds:.1f} s |")


if __name__ == "__main__":
    main()
