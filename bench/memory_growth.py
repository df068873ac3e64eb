"""Resident memory growth over a long run with the live plot (offscreen main window).

RSS is read from /proc after the first 1,000 steps (torch, Qt and the plot warmed up) and
again at the end of a 20,000-step Fast run with the live plot and live decoding on. The
curve data itself needs about 0.7 MB (20,000 steps x 2 series x 2 float64 arrays).

    python bench/memory_growth.py --steps 20000
"""

from __future__ import annotations

import argparse
import time

from offscreen_window import training_window
from PySide6.QtCore import QEventLoop, QTimer


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=1_000)
    args = parser.parse_args()
    _app, window = training_window(args.steps)
    panel = window.trainingPanel
    samples: list[tuple[int, float]] = []
    loop = QEventLoop()

    def sample() -> None:
        samples.append((panel.step_count, rss_mb()))
        if not panel.running:
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(sample)
    timer.start(250)
    start = time.perf_counter()
    panel.start()
    loop.exec()
    seconds = time.perf_counter() - start
    warm = next(rss for step, rss in samples if step >= args.warmup)
    end = samples[-1][1]
    peak = max(rss for _, rss in samples)
    print(
        f"offscreen main window, Fast preset, {panel.step_count:,} steps in {seconds:.0f} s, "
        "live plot and live decoding on"
    )
    print(f"RSS after {args.warmup:,} steps: {warm:7.1f} MB")
    print(f"RSS at the end        : {end:7.1f} MB (peak {peak:.1f} MB)")
    print(
        f"growth                : {end - warm:7.1f} MB (target <= 30 MB: "
        f"{'met' if end - warm <= 30 else 'MISSED'})"
    )
    window.quit_without_asking()  # no Save question: nobody can answer it offscreen


if __name__ == "__main__":
    main()
