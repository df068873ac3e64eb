"""GUI responsiveness while training: gaps of a 5 ms heartbeat timer on the GUI thread.

The real main window (offscreen) trains the Fast preset with the live plot and live
decoding on; a QTimer on the GUI thread records how late each 5 ms tick arrives. The same
heartbeat is measured with the window idle first, in the same run, as the baseline.

    python bench/gui_responsiveness.py --steps 3000
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from offscreen_window import training_window
from PySide6.QtCore import QEventLoop, QTimer


def heartbeat_gaps(seconds: float | None, until=None) -> np.ndarray:
    """Run Qt's event loop with a 5 ms timer; return the gaps between its ticks in ms."""
    ticks: list[float] = []
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(5)
    start = time.perf_counter()

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        done = until() if until is not None else now - start > seconds
        if done:
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return np.diff(np.asarray(ticks)) * 1000


def summary(name: str, gaps: np.ndarray) -> str:
    return (
        f"{name:28} ticks {len(gaps):5d}  median {np.median(gaps):5.1f} ms  "
        f"p99 {np.percentile(gaps, 99):6.1f} ms  max {gaps.max():6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    _app, window = training_window(args.steps)
    panel = window.trainingPanel
    heartbeat_gaps(0.5)  # settle
    idle = heartbeat_gaps(3.0)
    started = time.perf_counter()
    panel.start()
    training = heartbeat_gaps(None, until=lambda: not panel.running)
    seconds = time.perf_counter() - started
    print(
        f"offscreen main window, Fast preset, {args.steps} steps in {seconds:.1f} s, "
        f"live plot and live decoding on"
    )
    print(summary("idle window (baseline)", idle))
    print(summary("while training", training))
    p99, worst = np.percentile(training, 99), training.max()
    print(f"ratio p99 training / idle   : {p99 / np.percentile(idle, 99):5.2f}")
    print(
        f"targets: p99 <= 20 ms ({'met' if p99 <= 20 else 'MISSED'}), "
        f"max <= 100 ms ({'met' if worst <= 100 else 'MISSED'})"
    )
    window.quit_without_asking()  # no Save question: nobody can answer it offscreen


if __name__ == "__main__":
    main()
