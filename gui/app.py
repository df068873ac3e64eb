"""Application start-up: ``create_main_window`` (also used by tests) and ``run_app``."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow


def create_main_window() -> MainWindow:
    """The main window with the shipped default model loaded."""
    from resources import default_model_path

    return MainWindow(default_model_path())


def run_app(argv: list[str] | None = None) -> int:
    """Open the window and run the event loop; returns the exit status."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Cipher Lab")
    app.setOrganizationName("Cipher Lab")
    window = create_main_window()
    window.show()
    return app.exec()
