"""The main window with thousands of runs in its history: this tree beside an older one.

Issue 19 (item 9): with 5,000 run files the window froze for 9 s at start, because the run
list found each run's row with ``list.index`` over whole records (a dataclass ``==`` per
comparison, so quadratic). Here each side runs in a fresh subprocess: it builds ``--runs``
ended runs in memory (no files: reading them is timed elsewhere), hands them to the window
as its run history, and times

- **build**: ``MainWindow(shipped model)`` with the panels, after one warm-up window with
  an empty history (so torch's and pyqtgraph's imports are not counted);
- **tick**: ticking one run in the list to overlay it on the plot;
- **start**: a new run entering the list (what Train does to it);
- **live line**: the twice-a-second refresh of the running run's line.

Usage::

    python bench/many_runs.py [--runs 5000] [--before REF]

``--before`` names the commit to compare with (default: the last one before the fix); its
files are exported with ``git archive`` into a temporary folder. Settings and data go to a
temporary folder, so a user's own files are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "8e27917f"  # the last commit before issue 19's run-list fix
"""The default tree to compare with."""

CHILD = r"""
import json, os, sys, time
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import cipherlab.core.session as session
from cipherlab.core.session import RunHistory
from cipherlab.core.settings import PRESETS
from cipherlab.resources import default_model_path

count = int(sys.argv[1])
history = RunHistory()  # in memory: no folder, so nothing is read or written
steps = np.arange(1.0, 51.0)
for seed in range(1, count + 1):
    run = history.start(replace(PRESETS["fast"], seed=seed))
    run.loss.extend(steps, np.linspace(3.0, 0.1, 50))
    run.smoothed.extend(steps, np.linspace(3.0, 0.1, 50))
    run.val_accuracy.extend(steps[::10], np.linspace(0.1, 1.0, 5))
    run.step = 50
    history.end(run)  # stopped
runs = list(history.runs)
histories = [RunHistory(), history]  # the warm-up window's (empty), then the measured one
session.RunHistory = lambda folder=None: histories.pop(0)  # what the window makes its own

app = QApplication([])
from cipherlab.gui.main_window import MainWindow

warm = MainWindow(default_model_path())  # imports torch and pyqtgraph, builds every view once
warm.quit_without_asking()
start = time.perf_counter()
window = MainWindow(default_model_path())
build = time.perf_counter() - start
window.show()
app.processEvents()
panel = window.trainingPanel
run_list = panel.historyPanel.runList
assert run_list.count() == count, run_list.count()

start = time.perf_counter()
run_list.item(count // 2).setCheckState(Qt.CheckState.Checked)  # as a click on its box does
tick = time.perf_counter() - start
assert history.overlaid == [runs[count // 2]]

start = time.perf_counter()
history.start(PRESETS["fast"])  # the row a new run gets (Train also starts a worker)
new_run = time.perf_counter() - start

refresh = panel.historyPanel._refresh_running  # the list's 2 Hz timer slot
start = time.perf_counter()
for _ in range(20):
    refresh()
live = (time.perf_counter() - start) / 20

history.end(history.current)
window.quit_without_asking()
print(json.dumps({"build": build, "tick": tick, "start": new_run, "live": live}))
"""


def export_tree(ref: str, folder: Path) -> Path:
    """The files of commit ``ref`` of this repository, written into ``folder``."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def measure(tree: Path, runs: int) -> dict[str, float]:
    """Seconds for each step of :data:`CHILD`, in a fresh process importing from ``tree``."""
    scratch = tempfile.mkdtemp(prefix="cipherlab-bench-")
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "QT_QPA_PLATFORM": "offscreen",
        "CIPHERLAB_CONFIG_DIR": os.path.join(scratch, "config"),
        "CIPHERLAB_DATA_DIR": os.path.join(scratch, "data"),
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(runs)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if out.returncode:
        raise SystemExit(f"the benchmark failed in {tree}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure both trees and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5000, help="runs in the history")
    parser.add_argument("--before", default=BEFORE, help="the commit to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cipherlab-before-") as folder:
        before = measure(export_tree(args.before, Path(folder)), args.runs)
    after = measure(ROOT, args.runs)
    print(f"{args.runs:,} runs in the history; seconds (before = {args.before}, after = this tree)")
    print(f"{'':12}{'before':>10}{'after':>10}{'speed-up':>10}")
    for key, title in (
        ("build", "build"),
        ("tick", "tick"),
        ("start", "start"),
        ("live", "live line"),
    ):
        ratio = before[key] / after[key] if after[key] else float("inf")
        print(f"{title:12}{before[key]:10.3f}{after[key]:10.4f}{ratio:9.0f}x")


if __name__ == "__main__":
    main()
