"""Import cost of the cheap modules vs one that needs torch, in fresh processes, one run.

Each figure is the median over fresh interpreters of the time to import one module (measured
inside the child with ``time.perf_counter``, so interpreter start-up is excluded). The cheap
modules (settings and argument parsing) must not pull torch in; ``cipherlab.core.network`` does,
and is the baseline they are compared with.

    python bench/import_cost.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

MODULES = (
    "cipherlab.core.settings.run_config",
    "cipherlab.cli",
    "cipherlab.core.session.current_model",
    "cipherlab.core.network.model",
)
CHILD = (
    "import sys, time\n"
    "t = time.perf_counter()\n"
    "__import__(sys.argv[1])\n"
    "print(time.perf_counter() - t, 'torch' in sys.modules)\n"
)


def import_seconds(module: str) -> tuple[float, bool]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, module], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), out[1] == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for module in MODULES:  # one discarded warm-up each (disk cache)
        import_seconds(module)
    print(f"median of {args.runs} fresh processes each")
    for module in MODULES:
        results = [import_seconds(module) for _ in range(args.runs)]
        median = statistics.median(s for s, _ in results)
        torch = "imports torch" if results[0][1] else "no torch"
        print(f"import {module:<30} {median * 1000:8.1f} ms   ({torch})")


if __name__ == "__main__":
    main()
