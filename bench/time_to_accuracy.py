"""Time to 100 % validation accuracy: Fast vs Tutorial vs a bare-torch loop of the seed recipe.

All three run side by side in this process, on the CPU with one torch thread, for several
seeds; the clock covers training steps and validation evaluations (every ``--eval-every``
steps for the bare loop and Tutorial, the preset's own cadence for Fast), not start-up.

    python bench/time_to_accuracy.py --seeds 5
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.learning import Trainer, validation_set
from cipherlab.core.settings import preset


def bare_seed_recipe(seed: int, max_steps: int, eval_every: int) -> tuple[int, float]:
    """The tutorial's loop written with torch alone: seq-first LSTM, batch of 1, Adam 1e-3."""
    torch.manual_seed(seed)
    embed, lstm, linear = nn.Embedding(27, 5), nn.LSTM(5, 10), nn.Linear(10, 27)
    params = [*embed.parameters(), *lstm.parameters(), *linear.parameters()]
    optimizer = torch.optim.Adam(params, lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    val_cipher, val_plain = validation_set(SEED_CIPHER, 256, 32)
    val_cipher, val_plain = val_cipher.T.contiguous(), val_plain.T.contiguous()  # seq-first
    start = time.perf_counter()
    for step in range(1, max_steps + 1):
        plain = torch.randint(0, 27, (32, 1))
        cipher = (plain + 13) % 27
        optimizer.zero_grad()
        out, _ = lstm(embed(cipher))
        loss = loss_fn(linear(out).view(-1, 27), plain.view(-1))
        loss.backward()
        optimizer.step()
        if step % eval_every == 0:
            with torch.no_grad():
                out, _ = lstm(embed(val_cipher))
                if (linear(out).argmax(-1) == val_plain).float().mean().item() == 1.0:
                    return step, time.perf_counter() - start
    return -1, time.perf_counter() - start


def app_preset(name: str, seed: int, max_steps: int, **overrides) -> tuple[int, float]:
    """The app's training generator, stopped at the first 100 % evaluation."""
    trainer = Trainer(preset(name, seed=seed, steps=max_steps, **overrides))
    for record in trainer.run():
        if record.val_accuracy == 1.0:
            return record.step, record.elapsed_s
    return -1, trainer.elapsed_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--eval-every", type=int, default=50)
    parser.add_argument("--max-steps", type=int, default=20_000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    runs = {
        "bare torch, seed recipe": lambda s: bare_seed_recipe(s, args.max_steps, args.eval_every),
        "app Tutorial preset": lambda s: app_preset(
            "tutorial", s, args.max_steps, eval_every=args.eval_every
        ),
        "app Fast preset": lambda s: app_preset("fast", s, args.max_steps),
    }
    results: dict[str, list[tuple[int, float]]] = {name: [] for name in runs}
    for seed in range(args.seeds):
        for name, run in runs.items():  # interleaved, so drift in machine load hits all three
            results[name].append(run(seed))
    medians = {}
    print(f"torch {torch.__version__}, {args.seeds} seeds, 1 thread; median over seeds")
    print(f"{'run':28} {'steps to 100%':>14} {'seconds':>9}   per seed (steps/seconds)")
    for name, rows in results.items():
        if any(step < 0 for step, _ in rows):
            print(f"{name:28} did not reach 100 % within {args.max_steps} steps for some seed")
        steps = statistics.median(step for step, _ in rows)
        secs = statistics.median(sec for _, sec in rows)
        medians[name] = secs
        detail = " ".join(f"{st}/{sec:.3f}" for st, sec in rows)
        print(f"{name:28} {steps:14.0f} {secs:9.3f}   {detail}")
    bare, tut, fast = (medians[k] for k in runs)
    print(f"ratio bare seed recipe / Fast : {bare / fast:6.1f}x sooner (target >= 30x)")
    print(f"ratio app Tutorial / Fast     : {tut / fast:6.1f}x sooner")
    print(f"ratio app Tutorial / bare     : {tut / bare:6.2f} (the app's overhead on the recipe)")


if __name__ == "__main__":
    main()
