"""Regenerate docs/screenshot.png from the real window (offscreen or under xvfb-run).

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/make_screenshot.py docs/screenshot.png

Trains the Tutorial preset (slowed down, so the curve has a shape), then a Fast run that is
compared with it, decodes a sample and selects a bar.
"""

from __future__ import annotations

import os
import sys
import tempfile

# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import cipherlab.gui  # noqa: F401  (binds pyqtgraph to PySide6)
from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.gui.app import create_main_window

SAMPLE = "Meet me at the café at 9, bring the KEY!"


def main(out: str) -> int:
    """Train two runs in the window, compare them, decode a sample, save a PNG."""
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
        QTimer.singleShot(400, lambda: (window.grab().save(out), window.quit_without_asking()))

    panel.runEnded.connect(after_run)
    panel.fullSpeedButton.setChecked(True)  # the app paces a first run to be watched
    panel.select_preset("tutorial")
    QTimer.singleShot(200, panel.start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
