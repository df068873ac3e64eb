"""What each beginner mistake costs, beside the normal run of the same task (lesson 5).

For Caesar and Vigenère with their Fast presets (default keys, seed 0, one torch thread), the
app's trainer runs normally and with each mistake, side by side in this process: steps and
seconds to the first evaluation at 100 % validation accuracy, the best validation accuracy
within the step budget (or the time limit), and the mean step-to-step change of the training
loss (how noisy the curve is). "+13 as its own inverse" applies only to Caesar.

    python bench/mistakes.py              # about 2 minutes on a busy 2-core machine
    python bench/mistakes.py --seconds 10 # a shorter time limit per run
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import torch

from cipherlab.core.learning import Trainer
from cipherlab.core.settings import MISTAKES, preset


def measure(family: str, mistakes: tuple[str, ...], seconds: float) -> dict[str, object]:
    """Train one run; evaluate every 10 steps; stop at 100 %, the budget or ``seconds``."""
    config = replace(preset("fast", cipher=family), mistakes=mistakes)
    trainer = Trainer(config)
    losses: list[float] = []
    best, reached, start = 0.0, None, time.perf_counter()
    for step in range(1, config.steps + 1):
        losses.append(trainer.step())
        if step % 10 == 0:
            best = max(best, trainer.evaluate()[1])
            if best >= 1.0:
                reached = (step, time.perf_counter() - start)
                break
        if time.perf_counter() - start > seconds:
            break
    changes = [abs(b - a) for a, b in zip(losses[5:], losses[6:], strict=False)]
    return {
        "steps": step,
        "reached": reached,
        "best": best,
        "noise": statistics.mean(changes) if changes else float("nan"),
        "seconds": time.perf_counter() - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per run")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(
        f"{'family':<10} {'run':<24} {'to 100 %':>16} {'best val. acc.':>15} "
        f"{'mean |Δloss|':>13} {'steps':>6} {'seconds':>8}"
    )
    for family in ("caesar", "vigenere"):
        runs: list[tuple[str, tuple[str, ...]]] = [("normal", ())]
        runs += [
            (m.label, (m.id,))
            for m in MISTAKES.values()
            if family == "caesar" or m.id != "rot13_inverse"
        ]
        for label, mistakes in runs:
            r = measure(family, mistakes, args.seconds)
            reached = r["reached"]
            to_100 = "never" if reached is None else f"{reached[0]} steps, {reached[1]:.1f} s"
            print(
                f"{family:<10} {label:<24} {to_100:>16} {r['best']:>14.1%} "
                f"{r['noise']:>13.3f} {r['steps']:>6} {r['seconds']:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
