"""Regenerate docs/screenshot.png from the real window (offscreen or under xvfb-run).

QT_QPA_PLATFORM=offscreen python docs/make_screenshot.py docs/screenshot.png
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import gui  # noqa: F401  (binds pyqtgraph to PySide6)
from core.ciphers import SEED_CIPHER
from gui.app import create_main_window

SAMPLE = "Meet me at the café at 9, bring the KEY!"


def main(out: str) -> int:
    """Train the Fast preset in the window, decode a sample, select a bar, save a PNG."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_main_window()
    window.resize(1280, 760)
    window.show()
    panel = window.trainingPanel

    def after_training(_text: str) -> None:
        window.decodePanel.ciphertextInput.setPlainText(SEED_CIPHER.encrypt(SAMPLE))
        window.decodePanel.refresh()
        window.decodePanel.probabilityBars.select(2)
        QTimer.singleShot(300, lambda: (window.grab().save(out), window.close()))

    panel.runEnded.connect(after_training)
    QTimer.singleShot(200, panel.start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
