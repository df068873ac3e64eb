"""Decode latency: per keystroke, and a 1 MB text put into the ciphertext box of the window.

The real main window (offscreen, at its default size, shipped model, torch single-threaded).

- Keystroke: one character of an N-symbol text changes, then the decode panel's refresh and
  the repaint that follows are timed (the debounce timer is left out). Measured in the whole
  window and, for comparison with earlier figures, in the decode panel alone (700 x 900), in
  interleaved rounds after a warm-up, so that a busy moment of the machine spreads over all.
- 1 MB: a 5 ms heartbeat timer runs on the GUI thread *before* the text is set, and keeps
  running until half a second after the full result (plaintext, exact answer, bars or heatmap)
  is shown, so every stall on the way is seen. The insertion (``setPlainText`` into the box)
  is timed on its own and set beside a bare ``QPlainTextEdit.setPlainText`` of the same text
  in a box of the same size and settings, measured in the same run. The last case gives the
  box the keyboard focus, as a paste does: its text cursor then blinks, and every blink
  repaints the box.

    python bench/decode_latency.py [--repeats 5] [--pairs 9] [--rounds 3] [--keystrokes 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402
from superqt.utils import signals_blocked  # noqa: E402

import cipherlab.gui  # noqa: E402,F401
from cipherlab.core.ciphers import SEED_CIPHER  # noqa: E402

PLAIN = "THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG "
LINE = 79  # characters per line of the "ordinary" megabyte text
SIZES = (64, 256, 1000)
TARGETS_MS = {64: 5, 1000: 30}
SETTLE_S = 0.5  # heartbeat kept running after the result, to catch deferred layout work
STALL_MS = 100


def keystroke_ms(app: QApplication, panel, n: int, count: int) -> list[float]:
    """Milliseconds of ``count`` keystrokes on an n-character text (decode + widgets + paint)."""
    base = SEED_CIPHER.encrypt((PLAIN * (n // len(PLAIN) + 1))[:n])
    times = []
    for i in range(count):
        text = base[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26]
        # time the decode, not the debounce timer
        with signals_blocked(panel.ciphertextBox.ciphertextInput):
            panel.set_ciphertext(text)
        start = time.perf_counter()
        panel.refresh()
        app.processEvents()  # the repaint the user waits for
        times.append((time.perf_counter() - start) * 1000)
    return times


def megabyte_text(lines: bool) -> str:
    """1,000,000 characters of ciphertext: lines of 79 characters, or one single line."""
    text = (PLAIN * (1_000_000 // len(PLAIN) + 1))[:1_000_000]
    if lines:
        text = "\n".join(text[i : i + LINE] for i in range(0, len(text), LINE))[:1_000_000]
    return SEED_CIPHER.encrypt(text)


def wait(seconds: float) -> None:
    """Run the event loop for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def bare_insert_s(template: QPlainTextEdit, text: str) -> float:
    """Seconds of a bare ``setPlainText`` in a box like ``template`` (size, wrap, scroll bars)."""
    box = QPlainTextEdit()
    box.setWordWrapMode(template.wordWrapMode())
    box.setVerticalScrollBarPolicy(template.verticalScrollBarPolicy())
    box.setFont(template.font())
    box.resize(template.size())
    box.show()
    QApplication.processEvents()
    start = time.perf_counter()
    box.setPlainText(text)
    seconds = time.perf_counter() - start
    box.close()
    box.deleteLater()
    QApplication.processEvents()
    return seconds


def window_insert_s(panel, text: str) -> float:
    """Seconds of ``setPlainText`` into the window's box (its decode is then cancelled)."""
    start = time.perf_counter()
    panel.set_ciphertext(text)
    seconds = time.perf_counter() - start
    panel.set_ciphertext("")  # before the debounce timer starts a decode
    wait(0.1)
    return seconds


def megabyte_in_window(panel, text: str) -> dict[str, float]:
    """Put ``text`` into the window's ciphertext box with a heartbeat already running.

    Returns the insertion time, the time to the full result and the heartbeat gaps (ms)
    from the end of the insertion until :data:`SETTLE_S` after the result.
    """
    ticks: list[float] = []
    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    shown: list[float] = []

    def done(decoding) -> None:
        if len(decoding.plaintext) == len(text):
            shown.append(time.perf_counter())
            loop.quit()

    panel.decoded.connect(done)
    beat.start(5)
    wait(0.1)  # the heartbeat is running before the text arrives
    start = time.perf_counter()
    panel.set_ciphertext(text)
    inserted = time.perf_counter()
    loop.exec()
    wait(SETTLE_S)
    beat.stop()
    panel.decoded.disconnect(done)
    after = np.asarray([inserted] + [t for t in ticks if t > inserted])
    gaps = np.diff(after) * 1000
    return {
        "insert_s": inserted - start,
        "result_s": shown[0] - start,
        "max_ms": float(gaps.max()),
        "p99_ms": float(np.percentile(gaps, 99)),
    }


def clear(panel) -> None:
    """Empty the box and let the window settle."""
    panel.set_ciphertext("")
    panel.refresh()
    wait(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="1 MB runs per case")
    parser.add_argument("--keystrokes", type=int, default=20, help="keystrokes per round")
    parser.add_argument("--rounds", type=int, default=3, help="keystroke rounds")
    parser.add_argument("--pairs", type=int, default=9, help="insertions timed per case")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from cipherlab.gui.app import create_main_window
    from cipherlab.gui.decoding import DecodePanel
    from cipherlab.gui.main_window import DEFAULT_SIZE

    window = create_main_window()  # runs torch single-threaded, as the app does
    for thread in threading.enumerate():  # start-up work in the background (the training
        if thread is not threading.main_thread() and not thread.daemon:  # warm-up import)
            thread.join(timeout=60)  # is over before anything is timed
    window.show()
    window.resize(*DEFAULT_SIZE)  # the offscreen screen is smaller than a real one
    wait(0.3)
    panel = window.decodePanel
    bundle = window.current.bundle
    alone = DecodePanel()
    alone.resize(700, 900)
    alone.show()
    alone.set_model(bundle.model, bundle.cipher, bundle.seq_len, "shipped model")
    wait(0.3)
    print(f"offscreen main window {window.width()} x {window.height()}, shipped model, ")
    print(f"torch single-threaded; keystroke = refresh + repaint; {args.rounds} rounds of")
    print(f"{args.keystrokes} keystrokes per size and view, interleaved; medians (p90)")
    views = (panel, alone)
    for view in views:  # warm-up
        keystroke_ms(app, view, SIZES[0], 20)
    times: dict[tuple[int, int], list[float]] = {(n, v): [] for n in SIZES for v in range(2)}
    for _ in range(args.rounds):
        for n in SIZES:
            for v, view in enumerate(views):
                times[n, v] += keystroke_ms(app, view, n, args.keystrokes)
    print(f"{'symbols':>8} {'whole window':>22} {'decode panel alone':>22}  target")
    for n in SIZES:
        row = [times[n, v] for v in range(2)]
        medians = [statistics.median(t) for t in row]
        target = TARGETS_MS.get(n)
        verdict = "" if target is None else f"<= {target} ms: "
        if target is not None:
            verdict += "met" if medians[0] <= target else "MISSED"
        cells = " ".join(
            f"{m:9.2f} ms ({float(np.percentile(t, 90)):5.2f} ms)"
            for m, t in zip(medians, row, strict=True)
        )
        print(f"{n:8d} {cells}  {verdict}")
    alone.close()
    clear(panel)

    print(f"\n1 MB into the window's ciphertext box, {args.repeats} runs, medians; gaps of a")
    print(f"5 ms heartbeat from the insertion to {SETTLE_S} s after the full result; the")
    print(f"insertion alone and a bare box's, {args.pairs} times each, alternating, medians")
    header = (
        f"{'text':<22} {'insert':>8} {'bare Qt':>8} {'result':>8} {'max gap':>9} "
        f"{'p99 gap':>9}  stall < {STALL_MS} ms"
    )
    print(header)
    cases = (("lines of 79, bars", True, False, False), ("one line, bars", False, False, False))
    cases += (("one line, heatmap", False, True, False),)
    cases += (("one line, box focused", False, False, True),)  # as after a paste: it blinks
    for name, lines, heatmap, focused in cases:
        text = megabyte_text(lines)
        panel.decodingView.heatmapToggle.setChecked(heatmap)
        if focused:
            window.activateWindow()
            panel.ciphertextBox.ciphertextInput.setFocus()
        else:
            panel.decodingView.heatmapToggle.setFocus()
        inserts, bare = [], []
        for _ in range(args.pairs):
            bare.append(bare_insert_s(panel.ciphertextBox.ciphertextInput, text))
            inserts.append(window_insert_s(panel, text))
        runs = []
        for _ in range(args.repeats):
            runs.append(megabyte_in_window(panel, text))
            clear(panel)

        def med(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        worst = max(r["max_ms"] for r in runs)
        print(
            f"{name:<22} {statistics.median(inserts) * 1000:6.0f} ms"
            f" {statistics.median(bare) * 1000:5.0f} ms"
            f" {med('result_s'):6.2f} s {med('max_ms'):6.0f} ms {med('p99_ms'):6.1f} ms"
            f"  {'met' if worst < STALL_MS else 'MISSED'} (worst max gap {worst:.0f} ms)"
        )
    panel.decodingView.heatmapToggle.setChecked(False)
    window.quit_without_asking()


if __name__ == "__main__":
    main()
