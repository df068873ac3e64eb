"""Application start-up: ``create_main_window`` (also used by tests) and ``run_app``."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow


def limit_torch_threads() -> None:
    """Run torch single-threaded in this process.

    The models are tiny, so intra-op threads buy nothing, and a second OpenMP pool (one
    per thread that runs torch: the GUI decodes, the worker trains) spins against the
    other on a 2-core machine, making training about 4x slower.
    """
    import torch

    torch.set_num_threads(1)


def create_main_window(model: str | None = None) -> MainWindow:
    """The main window with ``model`` (default: the shipped model) loaded."""
    from resources import default_model_path

    limit_torch_threads()
    window = MainWindow(default_model_path())
    if model:  # a bad file leaves the shipped model in place and says why
        window.open_model(model)
    return window


def run_app(
    model: str | None = None, train: bool = False, quit_after_s: float | None = None
) -> int:
    """Open the window and run the event loop; returns the exit status (0 on a normal close).

    Parameters
    ----------
    model : str, optional
        Model file to open instead of the shipped one.
    train : bool
        Start training as soon as the window is up.
    quit_after_s : float, optional
        Close the window after this many seconds (as a user would, so a running
        training is stopped first).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Cipher Lab")
    app.setOrganizationName("Cipher Lab")
    window = create_main_window(model)
    window.show()
    if train:
        QTimer.singleShot(0, window.trainingPanel.start)
    if quit_after_s is not None:
        QTimer.singleShot(int(quit_after_s * 1000), window.close)
    return app.exec()
