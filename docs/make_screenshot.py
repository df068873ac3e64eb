"""Regenerate docs/screenshot.png and docs/screenshots/ from the real window (under xvfb-run).

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_screenshot.py docs/screenshot.png

Trains the Tutorial preset (slowed down, so the curve has a shape), then a Fast run that is
compared with it, decodes a sample and selects a bar. It saves the window at its default size,
then at each of :data:`SIZES` (a classroom projector and a full-HD screen) as
``docs/screenshots/window-WxH.png``; look at them after a layout change. Last, it opens the
Vigenère example model and saves its Generalisation view as
``docs/screenshots/generalisation.png``, ranks the keys of a Vigenère ciphertext in
**Key: unknown** (``docs/screenshots/key-unknown.png``, at 1280 x 720) and trains a language
model for 600 steps (``docs/screenshots/language-model.png``: its loss in bits per symbol
under the two reference lines, and the text it writes). Last, each view of **View > Inside
the network** on the Vigenère example (``docs/screenshots/inside-*.png``).
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
INSIDE_SAMPLE = "ATTACK-AT-DAWN-THE-BRIDGE-IS-OURS"
CRACK_SAMPLE = "MEET ME AT THE OLD BRIDGE AFTER DARK AND BRING THE MAPS WITH YOU"
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
        window.decodePanel.set_ciphertext(SEED_CIPHER.encrypt(SAMPLE))
        window.decodePanel.refresh()
        window.decodePanel.decodingView.probabilityBars.select(2)
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
        window.trainingPanel.show_view(window.generalisationView)
        view = window.generalisationView
        view.probeMessagesSpin.setValue(30)
        view.measure()
        poll = QTimer(window)

        def check() -> None:
            if not view.running:
                poll.stop()
                view.grab().save(str(Path(sizes_dir) / "generalisation.png"))
                rank_keys()

        poll.timeout.connect(check)
        poll.start(200)

    def rank_keys() -> None:
        """Key unknown: rank the keys of a Vigenère ciphertext, save the window."""
        from cipherlab.core.ciphers import make_cipher

        window.trainingPanel.viewTabs.setCurrentIndex(0)  # the loss plot's tab
        window.resize(*SIZES[0])
        decode = window.decodePanel
        crack = decode.crackView
        crack.crackCipherSelector.setCurrentIndex(crack.crackCipherSelector.findData("vigenere"))
        crack.crackAlphabetSelector.setCurrentIndex(crack.crackAlphabetSelector.findData("letters"))
        cipher = make_cipher("vigenere", "LEMON", "letters")
        decode.set_ciphertext(cipher.encrypt(CRACK_SAMPLE))
        decode.set_key_mode("unknown")
        poll = QTimer(window)

        def check() -> None:
            if not crack.busy and crack.keyCandidates.rowCount():
                poll.stop()
                QTimer.singleShot(SETTLE_MS, save_and_train_a_language_model)

        poll.timeout.connect(check)
        poll.start(200)

    def save_and_train_a_language_model() -> None:
        window.grab().save(str(Path(sizes_dir) / "key-unknown.png"))
        window.decodePanel.set_key_mode("known")
        panel.runEnded.disconnect(after_run)
        panel.runEnded.connect(lambda _text: QTimer.singleShot(1500, save_language_model))
        task = panel.trainingSettings.task
        task.taskSelector.setCurrentIndex(task.taskSelector.findData("lm"))
        panel.trainingSettings.form.editor("steps").setText("600")
        panel.start()

    def save_language_model() -> None:
        window.grab().save(str(Path(sizes_dir) / "language-model.png"))
        look_inside()

    def look_inside() -> None:
        """The Vigenère example in each "Inside the network" view, one PNG per view."""
        from cipherlab.resources import example_models

        window.files.confirm_discard = lambda: True  # the language model run is not kept
        window.files.open_model(example_models()["vigenere"])
        decode = window.decodePanel
        cipher = window.current.bundle.cipher
        decode.set_ciphertext(cipher.encrypt(INSIDE_SAMPLE))
        decode.refresh()
        decode.decodingView.probabilityBars.select(12)
        window.trainingPanel.show_view(window.insideView)
        inside = window.insideView
        names = iter(enumerate(("mapping", "hidden-state", "saliency", "embeddings")))
        poll = QTimer(window)
        state: dict = {}

        def next_view() -> None:
            item = next(names, None)
            if item is None:
                poll.stop()
                window.quit_without_asking()
                return
            state["tab"] = item
            inside.tabs.setCurrentIndex(item[0])
            if item[1] == "hidden-state":
                inside.hiddenStateView.sortUnitsCheck.setChecked(True)

        def check() -> None:
            if "tab" in state and not inside.busy:
                index, name = state.pop("tab")
                QTimer.singleShot(
                    SETTLE_MS,
                    lambda: (
                        inside.grab().save(str(Path(sizes_dir) / f"inside-{name}.png")),
                        next_view(),
                    ),
                )

        poll.timeout.connect(check)
        poll.start(200)
        next_view()

    panel.runEnded.connect(after_run)
    panel.fullSpeedButton.setChecked(True)  # the app paces a first run to be watched
    panel.select_preset("tutorial")
    QTimer.singleShot(200, panel.start)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
