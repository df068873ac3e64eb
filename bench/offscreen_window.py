"""Shared set-up for the GUI benchmarks: an offscreen main window with throw-away settings."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# a throw-away settings and data folder: never the user's own settings or autosave
os.environ.setdefault("CIPHERLAB_CONFIG_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))
os.environ.setdefault("CIPHERLAB_DATA_DIR", tempfile.mkdtemp(prefix="cipherlab-bench-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

import cipherlab.gui  # noqa: E402,F401  (binds pyqtgraph to PySide6)


def training_window(steps: int):
    """The main window, shown, set to train the Fast preset for ``steps`` steps at full speed.

    Auto-stop is off, so the run uses its whole budget. Returns ``(app, window)``; keep
    ``app`` alive while the window is used.
    """
    app = QApplication.instance() or QApplication([])
    from cipherlab.gui.app import create_main_window

    window = create_main_window()
    window.show()
    panel = window.trainingPanel
    panel.trainingSettings.autoStopCheck.setChecked(False)
    panel.fullSpeedButton.setChecked(True)  # the app's first runs are paced to be watched
    panel.set_config(replace(panel.config(), steps=steps))
    return app, window
