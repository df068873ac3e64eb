"""Decode latency: per keystroke (model call + widget update) and a 1 MB paste.

The real decode panel (offscreen) with the shipped model. A "keystroke" changes one
character of a text of N symbols and runs the panel's refresh plus the repaint that follows;
the 1 MB case times a paste until the whole result is shown, with a 5 ms heartbeat timer on
the GUI thread to check the window kept responding.

    python bench/decode_latency.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import cipherlab.gui  # noqa: E402,F401
from cipherlab.core.ciphers import SEED_CIPHER  # noqa: E402
from cipherlab.core.modelfile import load_model  # noqa: E402
from cipherlab.resources import default_model_path  # noqa: E402

PLAIN = "THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG "
LINE = 79  # characters per line of the "ordinary" megabyte text


def keystroke_ms(app: QApplication, panel, n: int, repeats: int = 60) -> list[float]:
    """Milliseconds per keystroke on an n-character text (decode + widgets + paint)."""
    base = SEED_CIPHER.encrypt((PLAIN * (n // len(PLAIN) + 1))[:n])
    times = []
    for i in range(repeats):
        text = base[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26]
        panel.ciphertextInput.blockSignals(True)  # time the decode, not the debounce timer
        panel.ciphertextInput.setPlainText(text)
        panel.ciphertextInput.blockSignals(False)
        start = time.perf_counter()
        panel.refresh()
        app.processEvents()  # the repaint the user waits for
        times.append((time.perf_counter() - start) * 1000)
    return times[5:]  # drop warm-up


def megabyte(panel, lines: bool) -> tuple[float, np.ndarray]:
    """Seconds from a 1 MB paste to the full result on screen, and the heartbeat gaps (ms).

    ``lines``: ordinary text, a newline every 79 characters; otherwise one 1 MB line.
    """
    text = (PLAIN * (1_000_000 // len(PLAIN) + 1))[:1_000_000]
    if lines:
        text = "\n".join(text[i : i + LINE] for i in range(0, len(text), LINE))[:1_000_000]
    text = SEED_CIPHER.encrypt(text)
    ticks: list[float] = []
    loop = QEventLoop()
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done = lambda d: loop.quit() if len(d.plaintext) == 1_000_000 else None  # noqa: E731
    panel.decoded.connect(done)
    beat.start(5)
    start = time.perf_counter()
    panel.ciphertextInput.setPlainText(text)
    loop.exec()
    seconds = time.perf_counter() - start
    beat.stop()
    panel.decoded.disconnect(done)
    return seconds, np.diff(np.asarray(ticks)) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from cipherlab.gui.decode_panel import DecodePanel

    bundle = load_model(default_model_path())
    panel = DecodePanel()
    panel.resize(700, 900)
    panel.show()
    panel.set_model(bundle.model, bundle.cipher, bundle.seq_len, "shipped model")
    print("offscreen decode panel, shipped model, torch single-threaded")
    import torch

    torch.set_num_threads(1)
    for n, target in ((64, 5), (1000, 30)):
        t = keystroke_ms(app, panel, n)
        med = statistics.median(t)
        print(
            f"keystroke, {n:5d} symbols: median {med:6.2f} ms, p90 "
            f"{np.percentile(t, 90):6.2f} ms (target median <= {target} ms: "
            f"{'met' if med <= target else 'MISSED'})"
        )
    for lines, name in ((True, "lines of 79"), (False, "one 1 MB line")):
        panel.ciphertextInput.setPlainText("")
        app.processEvents()
        seconds, gaps = megabyte(panel, lines)
        print(
            f"1 MB paste ({name}) to full result: {seconds:5.2f} s (target <= 3 s: "
            f"{'met' if seconds <= 3 else 'MISSED'}); GUI heartbeat gaps: median "
            f"{np.median(gaps):.1f} ms, max {gaps.max():.1f} ms (target < 100 ms: "
            f"{'met' if gaps.max() < 100 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
