"""`cipherlab decode` peak memory and time for 1 MB and 10 MB of ciphertext, one run.

Each row is a fresh ``cipherlab decode --file`` process; peak resident memory comes from the
child's ``ru_maxrss``. The baseline is the same command on an empty file (Python, torch and
the model loaded, nothing decoded): the goal is a peak under 500 MB above it for any size,
and time that grows linearly.

    python bench/decode_memory.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from cipherlab.core.ciphers import SEED_CIPHER

LINE = "THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG, voilà 👋 " * 2 + "\n"


def run(path: str, *flags: str) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB (``ru_maxrss`` is in kB on Linux) and output bytes."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cipherlab", "decode", "--file", path, *flags],
        stdout=subprocess.PIPE,
    )
    size = 0
    while chunk := proc.stdout.read(1 << 20):
        size += len(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise RuntimeError(f"decode failed with status {status}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, size


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = {"empty": os.path.join(folder, "empty.txt")}
        open(files["empty"], "w").close()
        for megabytes in (1, 10):
            path = os.path.join(folder, f"{megabytes}mb.txt")
            text = LINE * (megabytes * 2**20 // len(LINE.encode()) + 1)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(SEED_CIPHER.encrypt(text)[: megabytes * 2**20 // 2 * 2])
            files[f"{megabytes} MB"] = path
        _, idle, _ = run(files["empty"])
        print(f"baseline (empty file): peak {idle:,.0f} MB")
        header = ("input", "mode", "seconds", "peak MB", "above base", "output")
        print("{:8} {:12} {:>8} {:>9} {:>11} {:>10}".format(*header))
        for name in ("1 MB", "10 MB"):
            for flags in ((), ("--json",), ("--json", "--full")):
                seconds, peak, size = run(files[name], *flags)
                mode = " ".join(flags) or "plain"
                print(f"{name:8} {mode:12} {seconds:8.1f} {peak:9,.0f} {peak - idle:11,.0f} "
                      f"{size / 2**20:8.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
