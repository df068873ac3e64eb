"""Save every view of the window at 1280 x 720, in normal and presenter mode (under xvfb-run).

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_view_screenshots.py

Writes ``docs/screenshots/{normal,presenter}-{view}.png``: the Lessons panel after lesson 1's
Caesar run (``presenter-lesson-panel.png`` too when the panel floats beside a window too
narrow to hold it), the decoded text with its probability bars, the Runs tab after a normal
run and a run with the +13 mistake (its report above the curves), Key: unknown ranking the
keys of a Vigenère ciphertext, and the Inside and Generalisation tabs on the shipped Vigenère
model. Look at them after a layout change: every label whole, nothing squashed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-shot-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import cipherlab.gui  # noqa: F401  (binds pyqtgraph to PySide6)
from cipherlab.core.ciphers import SEED_CIPHER, make_cipher
from cipherlab.gui.app import create_main_window
from cipherlab.resources import example_models

SIZE = (1280, 720)
SETTLE_MS = 600
"""Time for the plots to redraw after a change, before the window is grabbed."""
SAMPLE = "MEET ME AT THE OLD BRIDGE AFTER DARK"
CRACK_SAMPLE = "MEET ME AT THE OLD BRIDGE AFTER DARK AND BRING THE MAPS WITH YOU"

Step = tuple[Callable[[], object], Callable[[], bool], str | None]
"""(what to do, when it is done, the PNG to save then or None)."""


def main(folder: str = "docs/screenshots") -> int:
    """Drive the window through :func:`steps` for both modes, saving each view."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_main_window()
    window.files.ask_save_changes = lambda _text: QMessageBox.StandardButton.Discard
    window.files.confirm_discard = lambda: True
    window.resize(*SIZE)
    window.show()
    Path(folder).mkdir(parents=True, exist_ok=True)
    panel, decode = window.trainingPanel, window.decodePanel
    settings = panel.trainingSettings
    ended: list[str] = []
    panel.runEnded.connect(ended.append)

    def train(mistake: str = "") -> None:
        for name, check in settings.mistakeChecks.items():
            check.setChecked(name == mistake)
        ended.clear()
        panel.start()

    def rank_keys() -> None:
        crack = decode.crackView
        crack.crackCipherSelector.setCurrentIndex(crack.crackCipherSelector.findData("vigenere"))
        crack.crackAlphabetSelector.setCurrentIndex(crack.crackAlphabetSelector.findData("letters"))
        decode.set_ciphertext(make_cipher("vigenere", "LEMON", "letters").encrypt(CRACK_SAMPLE))
        decode.set_key_mode("unknown")

    def open_vigenere() -> None:
        decode.set_key_mode("known")
        window.files.open_model(example_models()["vigenere"])
        cipher = window.current.bundle.cipher
        decode.set_ciphertext(cipher.encrypt("ATTACK-AT-DAWN-THE-BRIDGE-IS-OURS"))
        decode.refresh()
        panel.show_view(window.insideView)
        window.insideView.tabs.setCurrentIndex(0)

    def measure() -> None:
        panel.show_view(window.generalisationView)
        window.generalisationView.probeMessagesSpin.setValue(30)
        window.generalisationView.measure()

    def views(mode: str) -> list[Step]:
        def shot(view: str) -> str:
            return str(Path(folder) / f"{mode}-{view}.png")

        def presenter() -> None:
            window.presenterModeAction.setChecked(mode == "presenter")
            window.files.open_model(example_models()["caesar"])
            decode.set_key_mode("known")
            panel.viewTabs.setCurrentIndex(0)  # Loss and accuracy
            window.show_lessons()
            window.lessonsPanel.show_lesson(0)
            panel.fullSpeedButton.setChecked(True)
            panel.select_preset("fast")
            train()

        def lesson_panel() -> None:
            """A window too narrow for the panel beside it (presenter mode) floats it."""
            if window.lessonsDock.isFloating():
                window.lessonsDock.grab().save(shot("lesson-panel"))

        return [
            (presenter, lambda: bool(ended), shot("lesson")),
            (lesson_panel, lambda: True, None),
            (
                lambda: (
                    window.lessonsDock.hide(),
                    decode.set_ciphertext(SEED_CIPHER.encrypt(SAMPLE)),
                    decode.refresh(),
                    decode.decodingView.probabilityBars.select(3),
                ),
                lambda: True,
                shot("decode"),
            ),
            (lambda: train("rot13_inverse"), lambda: bool(ended), None),
            (lambda: panel.show_view(panel.historyPanel), lambda: True, shot("runs")),
            (rank_keys, lambda: not decode.crackView.busy, shot("key-unknown")),
            (open_vigenere, lambda: not window.insideView.busy, shot("inside")),
            (measure, lambda: not window.generalisationView.running, shot("generalisation")),
        ]

    queue: list[Step] = views("normal") + views("presenter")
    poll = QTimer(window)
    state: dict[str, object] = {}

    def advance() -> None:
        if "waiting" in state:
            ready, path = state["waiting"]  # type: ignore[misc]
            if not ready():
                return
            del state["waiting"]
            poll.stop()
            QTimer.singleShot(SETTLE_MS, lambda: (path and window.grab().save(path), start()))
            return

    def start() -> None:
        if not queue:
            window.presenterModeAction.setChecked(False)
            window.quit_without_asking()
            return
        action, ready, path = queue.pop(0)
        action()
        state["waiting"] = (ready, path)
        QTimer.singleShot(SETTLE_MS, poll.start)

    poll.timeout.connect(advance)
    poll.setInterval(200)
    QTimer.singleShot(500, start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
