"""Regenerate docs/screenshot.png and docs/screenshots/ from the real window (under xvfb-run).

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_screenshot.py docs/screenshot.png

Trains the Tutorial preset (slowed down, so the curve has a shape), then a Fast run that is
compared with it, decodes a sample and selects a bar. It saves the window at its default size,
then at each of :data:`SIZES` (a classroom projector and a full-HD screen) as
``docs/screenshots/window-WxH.png``; look at them after a layout change. Last, it opens the
Vigenère example model and saves its Generalisation view as
``docs/screenshots/generalisation.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import cipherlab.gui  # noqa: F401  (binds pyqtgraph to PySide6)
from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.gui.app import create_main_window

SAMPLE = "Meet me at the café at 9, bring the KEY!"
SIZES = ((1280, 720), (1920, 1080))
"""Window sizes saved in docs/screenshots/ (the screen must be at least as large)."""
SETTLE_MS = 400
"""Time for the plots to redraw after a change, before the window is grabbed."""


def main(out: str, sizes_dir: str = "docs/screenshots") -> int:
    """Train two runs in the window, compare them, decode a sample, save PNGs."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_main_window()
    # the second run replaces the first run's unsaved model: the script answers Discard
    window.files.ask_save_changes = lambda _text: QMessageBox.StandardButton.Discard
    window.show()
    panel = window.trainingPanel
    runs_done = []

    def after_run(_text: str) -> None:
        runs_done.append(1)
        if len(runs_done) == 1:
            panel.select_preset("fast")
            QTimer.singleShot(100, panel.start)
            return
        panel.history.set_overlaid(panel.history.runs[0], True)
        window.decodePanel.ciphertextInput.setPlainText(SEED_CIPHER.encrypt(SAMPLE))
        window.decodePanel.refresh()
        window.decodePanel.probabilityBars.select(2)
        panel.lossPlot.set_readout_step(25)
        QTimer.singleShot(SETTLE_MS, lambda: grab_and_resize(out, list(SIZES)))

    def grab_and_resize(path: str, sizes: list[tuple[int, int]]) -> None:
        """Save the window as it is, then resize it to the next size and come back."""
        window.grab().save(path)
        if not sizes:
            measure_generalisation()
            return
        width, height = sizes.pop(0)
        window.resize(width, height)
        Path(sizes_dir).mkdir(parents=True, exist_ok=True)
        following = str(Path(sizes_dir) / f"window-{width}x{height}.png")
        QTimer.singleShot(SETTLE_MS, lambda: grab_and_resize(following, sizes))

    def measure_generalisation() -> None:
        """Open the Vigenère example, measure 8 to 1,024 symbols, save the view."""
        from cipherlab.resources import example_models

        window.files.open_model(example_models()["vigenere"])
        window.generalisationDock.show()
        view = window.generalisationView
        view.probeMessagesSpin.setValue(30)
        view.measure()
        poll = QTimer(window)

        def check() -> None:
            if not view.running:
                poll.stop()
                view.grab().save(str(Path(sizes_dir) / "generalisation.png"))
                window.quit_without_asking()

        poll.timeout.connect(check)
        poll.start(200)

    panel.runEnded.connect(after_run)
    panel.fullSpeedButton.setChecked(True)  # the app paces a first run to be watched
    panel.select_preset("tutorial")
    QTimer.singleShot(200, panel.start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
