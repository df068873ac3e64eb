"""`cipherlab train` wall time by torch thread count, on an idle and on a busy CPU, one run.

Each figure is the median wall time of ``cipherlab train --preset fast --steps 400`` in a fresh
process. "Busy" runs one extra CPU-bound process (a Python busy loop) per core but one, as a
browser or another job would. Rows: ``--threads 1``, ``--threads N`` (all cores) and no flag
(the CLI's default).

    python bench/cli_threads.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

TRAIN = [sys.executable, "-m", "cipherlab", "train", "--preset", "fast", "--steps", "400"]
BURN = "while True: pass"


def wall_time(extra: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*TRAIN, *extra, "--no-progress"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    variants = {"--threads 1": ["--threads", "1"], f"--threads {cores}": ["--threads", str(cores)],
                "default (no flag)": []}  # fmt: skip
    print(f"{cores} cores; median of {args.runs} runs, seconds (400 Fast steps + start-up)")
    for load in ("idle", "busy"):
        burners = []
        if load == "busy":
            burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(cores - 1)]
        try:
            for name, extra in variants.items():
                times = [wall_time(extra) for _ in range(args.runs)]
                print(f"{load:5} {name:20} {statistics.median(times):7.2f} s")
        finally:
            for proc in burners:
                proc.kill()


if __name__ == "__main__":
    main()
