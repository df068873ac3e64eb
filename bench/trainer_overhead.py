"""Trainer overhead: steps/s of the app's training generator vs a bare torch loop.

Same model (the Fast preset's CipherRNN), same batch size, same evaluation cadence, one
torch thread. The app side runs :func:`cipherlab.core.learning.live_updates` (progress records,
NumPy packing, weight copies) with a consumer that keeps every update, as the GUI does.
Runs alternate, several repetitions, medians.

    python bench/trainer_overhead.py --steps 2000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.learning import (
    Trainer,
    cross_entropy,
    live_updates,
    new_model,
    random_batch,
    stream_generator,
    validation_set,
)
from cipherlab.core.settings import preset


def bare_loop(steps: int, seed: int) -> float:
    """Steps per second of a plain loop: batch, forward, loss, backward, Adam, eval."""
    config = preset("fast", steps=steps, seed=seed)
    model = new_model(config, 27)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    gen = stream_generator(seed, "train")
    val_x, val_y = validation_set(SEED_CIPHER, config.validation_size, config.seq_len)
    start = time.perf_counter()
    for step in range(1, steps + 1):
        x, y = random_batch(SEED_CIPHER, config.batch_size, config.seq_len, gen)
        optimizer.zero_grad()
        loss = cross_entropy(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        loss.item()
        if step % config.eval_every == 0:
            with torch.inference_mode():
                (model(val_x).argmax(-1) == val_y).float().mean().item()
    return steps / (time.perf_counter() - start)


def app_generator(steps: int, seed: int) -> float:
    """Steps per second of Trainer + live_updates with a consumer keeping the updates."""
    trainer = Trainer(preset("fast", steps=steps, seed=seed))
    kept = []
    start = time.perf_counter()
    for update in live_updates(trainer):
        kept.append(update)
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    bare, app = [], []
    for seed in range(args.repeats):
        bare.append(bare_loop(args.steps, seed))
        app.append(app_generator(args.steps, seed))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"torch {torch.__version__}, Fast preset model, {args.steps} steps x {args.repeats}")
    print(f"bare torch loop      : {b:8.0f} steps/s  ({', '.join(f'{v:.0f}' for v in bare)})")
    print(f"app generator + feed : {a:8.0f} steps/s  ({', '.join(f'{v:.0f}' for v in app)})")
    print(f"ratio app / bare     : {a / b:8.3f} (target >= 0.9)")


if __name__ == "__main__":
    main()
