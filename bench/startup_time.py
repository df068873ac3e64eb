"""Time to first paint: Cipher Lab vs a bare PySide6 window, measured in the same run.

Each start is a fresh subprocess; the clock runs from just before the process is spawned to
the first paint event of the main window (``time.time()`` in both processes). For Cipher
Lab it also records when the model is loaded and the example is decoded ("ready"). Starts
alternate between the two programs, after one discarded warm-up of each (disk cache).

Usage::

    python bench/startup_time.py [--runs 7]

Target (issue 4): Cipher Lab's median first paint <= 4x the bare window's.
Settings and autosave go to a temporary folder, so a user's own files are never touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 4.0


def child(mode: str) -> None:
    """Run one program until its first paint (and, for the app, until it is ready)."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    marks: dict[str, float] = {}

    def report() -> None:
        print(" ".join(f"{k}={v:.6f}" for k, v in marks.items()), flush=True)
        os._exit(0)  # the measurement is done; skip teardown

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if (
                "paint" not in marks
                and event.type() == QEvent.Type.Paint
                and obj.isWidgetType()
                and isinstance(obj.window(), QMainWindow)
            ):
                marks["paint"] = time.time()
                if mode == "bare":
                    QTimer.singleShot(0, report)
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    if mode == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1440, 860)
        window.show()
        app.exec()
        return

    def poll() -> None:
        windows = [w for w in app.topLevelWidgets() if hasattr(w, "decodePanel")]
        panel = windows[0].decodePanel if windows else None
        if (
            panel is not None
            and windows[0].current.bundle is not None
            and panel.decoding is not None
        ):
            marks["ready"] = time.time()
            report()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    from cipherlab.cli import main

    main(["gui"])


def start(mode: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning ``mode`` to each of its marks."""
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    if proc.returncode != 0 or "paint=" not in proc.stdout:
        raise SystemExit(f"{mode} start failed:\n{proc.stdout}\n{proc.stderr}")
    marks = dict(item.split("=") for item in proc.stdout.split())
    return {k: float(v) - t0 for k, v in marks.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each program (default 7)")
    parser.add_argument("--child", choices=["bare", "app"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CIPHERLAB_CONFIG_DIR": home, "CIPHERLAB_DATA_DIR": home}
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        start("bare", env), start("app", env)  # warm-up, discarded
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(start("bare", env))
            app.append(start("app", env))
    bare_paint = statistics.median(r["paint"] for r in bare)
    app_paint = statistics.median(r["paint"] for r in app)
    app_ready = statistics.median(r["ready"] for r in app)
    ratio = app_paint / bare_paint
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'native')}, {args.runs} starts each, medians")
    print(f"bare PySide6 window, first paint: {bare_paint * 1000:7.0f} ms")
    print(f"Cipher Lab, first paint:          {app_paint * 1000:7.0f} ms")
    print(f"Cipher Lab, model loaded:         {app_ready * 1000:7.0f} ms")
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"first-paint ratio: {ratio:.2f}x ({verdict} the <= {TARGET_RATIO:g}x target)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
