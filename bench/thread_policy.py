"""Training steps per second by torch thread count: 1 vs 2 threads side by side, in one process.

Each figure is the median steps/s (training steps and the preset's evaluations, as
``Trainer.run`` counts them) of a run of ``--steps`` steps, the thread counts alternating
round by round so that drifting load hits both. Three situations:

- ``quiet``: as the machine is (the load average is printed);
- ``busy``: one extra CPU-bound process per core but one (a browser, another job);
- ``decoding``: the run trains in a worker thread while the main thread decodes 1,000
  symbols in a loop, as the window's live decoding does during a run; both threads use the
  row's thread count.

    python bench/thread_policy.py [--steps 200] [--rounds 5] [--presets fast,vigenere]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading

import torch

from cipherlab.core.learning import Trainer
from cipherlab.core.network import decode
from cipherlab.core.settings import preset

BURN = "while True: pass"


def config_for(name: str, steps: int, seed: int):
    """The Fast preset for ``name``: ``fast`` (Caesar, the app's default), ``lm`` or a family."""
    if name == "fast":
        return preset("fast", steps=steps, seed=seed)
    if name == "lm":
        return preset("fast", task="lm", steps=steps, seed=seed)
    return preset("fast", cipher=name, steps=steps, seed=seed)


def steps_per_second(name: str, steps: int, seed: int, threads: int) -> float:
    """One run's steps/s in the calling thread with ``threads`` torch threads."""
    torch.set_num_threads(threads)
    trainer = Trainer(config_for(name, steps, seed))
    for _ in trainer.run():
        pass
    return trainer.step_count / trainer.elapsed_s


def while_decoding(name: str, steps: int, seed: int, threads: int) -> float:
    """Steps/s of a run in a worker thread while this thread decodes in a loop."""
    decoder = Trainer(config_for(name, 1, seed))  # a model of the same shape, untrained
    alphabet = decoder.cipher.alphabet
    text = "".join(alphabet.symbols[i % len(alphabet.symbols)] for i in range(1000))
    result: list[float] = []
    worker = threading.Thread(
        target=lambda: result.append(steps_per_second(name, steps, seed, threads))
    )
    torch.set_num_threads(threads)
    worker.start()
    while worker.is_alive():
        decode(decoder.model, alphabet, text)
    worker.join()
    return result[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--presets", default="fast", help="comma-separated: fast, lm or families")
    parser.add_argument("--situations", default="quiet,busy,decoding")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    counts = (1, 2)
    print(f"torch {torch.__version__}, {cores} cores, {args.steps} steps per run, median of "
          f"{args.rounds} runs; steps/s (training and evaluation)")  # fmt: skip
    print(f"{'preset':10} {'situation':10} {'load':>5} " + " ".join(f"{t:>2} thr" for t in counts)
          + "   2 / 1")  # fmt: skip
    for name in args.presets.split(","):
        for situation in args.situations.split(","):
            burners = []
            if situation == "busy":
                burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(cores - 1)]
            measure = while_decoding if situation == "decoding" else steps_per_second
            rates: dict[int, list[float]] = {t: [] for t in counts}
            try:
                load = os.getloadavg()[0]
                for seed in range(args.rounds):
                    for t in counts if seed % 2 == 0 else counts[::-1]:
                        rates[t].append(measure(name, args.steps, seed, t))
            finally:
                for proc in burners:
                    proc.kill()
                    proc.wait()
            medians = {t: statistics.median(v) for t, v in rates.items()}
            row = " ".join(f"{medians[t]:6.0f}" for t in counts)
            print(f"{name:10} {situation:10} {load:5.2f} {row}   {medians[2] / medians[1]:5.2f}x")
    torch.set_num_threads(1)


if __name__ == "__main__":
    main()
