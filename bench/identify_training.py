"""Identify: validation accuracy against training time, and which families it confuses.

Trains the Identify task's Fast preset (``preset("fast", task="identify")``: 100-symbol
messages of English-like text, each under a family drawn uniformly from
``english, shift, substitution, vigenere, autokey`` with a random key) on the CPU with one
torch thread, and beside it, in the same process and under the same clock, a baseline: the
same task with the seed tutorial's hyperparameters (``preset("tutorial", task="identify")``
at 100 symbols: batch 1, ``Embedding(27, 5) -> LSTM(5, 10)``, Adam 1e-3). Each prints its
validation accuracy (the fixed, seeded 256-message set) at 15, 30, 60 and 90 s of training.

Then the Fast model reads messages it was never tuned on: real prose from the ``test`` part
of ``python-docs`` and ``fortunes`` (:func:`~cipherlab.core.text.prose_messages`, normalised
to the alphabet), encrypted the same way with a fixed seed, and the script prints its
accuracy on them and the confusion matrix (rows: the true family, columns: the answer).

    python bench/identify_training.py            # 90 s each, about 4 minutes
    python bench/identify_training.py --seconds 30
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np
import torch

from cipherlab.core.learning import Trainer
from cipherlab.core.learning.data import identify_batch
from cipherlab.core.network import label_logits
from cipherlab.core.settings import IDENTIFY_LABELS, TrainConfig, preset
from cipherlab.core.text import prose_messages

MARKS = (15, 30, 60, 90, 120, 180, 300)
"""Seconds of training at which the accuracy is reported."""
TEST_SEED = 2024
"""Seed of the prose messages' choice and of their families and keys."""


def accuracy_over_time(config: TrainConfig, seconds: float) -> tuple[Trainer, dict[int, str]]:
    """Train ``config`` for ``seconds``; the validation accuracy at each of :data:`MARKS`."""
    trainer = Trainer(replace(config, steps=10**7))
    marks = [m for m in MARKS if m <= seconds]
    found: dict[int, str] = {}
    for progress in trainer.run():
        if progress.val_accuracy is not None:
            while marks and progress.elapsed_s >= marks[0]:
                found[marks.pop(0)] = f"{progress.val_accuracy:.1%} (step {progress.step})"
        if progress.elapsed_s >= seconds:
            break
    if marks and trainer.elapsed_s >= marks[0]:  # the last mark fell between evaluations
        found[marks[0]] = f"{trainer.evaluate()[1]:.1%} (step {trainer.step_count})"
    return trainer, found


def prose_test(trainer: Trainer, count: int) -> tuple[float, np.ndarray]:
    """Accuracy and confusion matrix on ``count`` messages of each prose source's test part."""
    alphabet, length = trainer.alphabet, trainer.config.seq_len
    rng = np.random.default_rng(TEST_SEED)
    texts = [
        text
        for source in ("python-docs", "fortunes")
        for text in prose_messages(source, "test", count, length, alphabet, rng, natural=False)
    ]
    plain = np.stack([alphabet.encode(text).indices for text in texts])
    ciphertext, labels = identify_batch(plain, alphabet, rng)
    with torch.inference_mode():
        trainer.model.eval()
        answers = label_logits(trainer.model(ciphertext), len(IDENTIFY_LABELS)).argmax(-1)
    confusion = np.zeros((len(IDENTIFY_LABELS),) * 2, dtype=int)
    np.add.at(confusion, (labels.numpy(), answers.numpy()), 1)
    return float(np.trace(confusion) / confusion.sum()), confusion


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--messages", type=int, default=250, help="per prose source")
    args = parser.parse_args()
    torch.set_num_threads(1)
    fast = preset("fast", task="identify")
    tutorial = preset("tutorial", task="identify", seq_len=fast.seq_len)
    results = {}
    for name, config in (("Fast", fast), ("Tutorial recipe", tutorial)):
        results[name] = accuracy_over_time(config, args.seconds)
        print(f"{name}: " + ", ".join(f"{s} s {a}" for s, a in results[name][1].items()))
    accuracy, confusion = prose_test(results["Fast"][0], args.messages)
    print(f"\nFast on real prose (test parts, {confusion.sum()} messages): {accuracy:.1%}")
    width = max(map(len, IDENTIFY_LABELS)) + 2
    print("true \\ answer".ljust(width) + "".join(label[:8].rjust(10) for label in IDENTIFY_LABELS))
    for label, row in zip(IDENTIFY_LABELS, confusion, strict=True):
        print(label.ljust(width) + "".join(f"{n:10d}" for n in row))


if __name__ == "__main__":
    main()
