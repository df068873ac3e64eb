"""Application start-up: ``create_main_window`` (also used by tests) and ``run_app``.

``run_app`` paints the window before torch is imported: the frame comes up first, and the
panels, torch and the model load right after, from the event loop.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow
from .quit_signals import QuitOnSignals
from .settings import Settings

FIRST_PAINT_WAIT_MS = 1000
"""Load the panels after this long even if the window has not been painted."""


def limit_torch_threads() -> None:
    """Apply the process's torch thread policy at start-up (:func:`use_threads`).

    One thread (:func:`~cipherlab.core.settings.default_threads`): the models are tiny, so
    intra-op threads buy nothing, and an OpenMP pool per thread that runs torch (the GUI
    decodes, the worker trains) would spin against the other on a 2-core machine. Threads
    that start later (the training thread, pool workers) take the same count.
    """
    from cipherlab.core.network import use_threads

    use_threads()


def warm_up_training() -> threading.Thread:
    """Import, in a background thread, what the first training run would import.

    torch's optimisers import ``torch._dynamo`` (about 830 modules, sympy among them) the
    first time one is built. Inside the first run, that import held the GIL in stretches
    of up to 150 ms, so the window froze for that long just after Train was clicked; done
    here, right after start-up, it is over before a user's first run (about a second).
    The thread is not a daemon: a window closed at once waits for it instead of exiting
    in the middle of an import.
    """

    def warm_up() -> None:
        import torch

        torch.optim.Adam([torch.zeros(1, requires_grad=True)])

    thread = threading.Thread(target=warm_up, name="cipherlab-warm-up")
    thread.start()
    return thread


def create_main_window(model: str | None = None) -> MainWindow:
    """The main window with ``model`` (default: the shipped model) loaded."""
    from cipherlab.resources import default_model_path

    limit_torch_threads()
    warm_up_training()
    window = MainWindow(default_model_path())
    if model:  # a bad file leaves the shipped model in place and says why
        assert window.files is not None  # not deferred: the panels are built
        window.files.open_model(model)
    return window


def start_model(settings: Settings, model: str | None) -> str | None:
    """The model to open at start-up: ``model``, else the last one used if it still exists."""
    if model:
        return model
    last = settings.get("files/last_model")
    return last if last and Path(last).is_file() else None


def run_app(
    model: str | None = None, train: bool = False, quit_after_s: float | None = None
) -> int:
    """Open the window and run the event loop; returns the exit status (0 on a normal close).

    SIGINT (Ctrl+C) and SIGTERM close the window as File → Quit does, without questions and
    losing nothing (:meth:`MainWindow.quit_keeping_work`); the exit status is then 0 too.

    Parameters
    ----------
    model : str, optional
        Model file to open instead of the last one used (or the shipped one).
    train : bool
        Start training as soon as the window is up.
    quit_after_s : float, optional
        Close the window this many seconds after it has loaded, without questions (a
        running training is stopped first).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Cipher Lab")
    app.setOrganizationName("Cipher Lab")
    window = MainWindow(deferred=True)
    quit_signals = QuitOnSignals(lambda _signum: window.quit_keeping_work(), app)
    window.show()

    def load_panels() -> None:  # after the first paint: this imports torch (about a second)
        if window.loaded:
            return
        limit_torch_threads()
        window.build_panels()
        QTimer.singleShot(0, load_model)
        warm_up_training()

    def load_model() -> None:  # one more turn of the loop shows "Loading model…"
        from cipherlab.resources import default_model_path

        if not window.isVisible():
            return
        window.finish_loading(default_model_path())
        files, panel = window.files, window.trainingPanel
        assert files is not None and panel is not None  # finish_loading built the panels
        chosen = start_model(window.settings, model)
        if chosen:  # a bad file leaves the shipped model in place and says why
            files.open_model(chosen)
        if not model and quit_after_s is None:  # a timed demo or smoke test asks nothing
            files.offer_restore()
        if train:
            panel.start_when_ready()
        if quit_after_s is not None:
            QTimer.singleShot(int(quit_after_s * 1000), window.quit_without_asking)

    window.placeholder.painted.connect(load_panels)
    # A window that is never painted (started minimised, say) still loads.
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, load_panels)
    try:
        status = app.exec()
    finally:
        quit_signals.uninstall()
    # Closing stopped any run, but a long step (or a run's set-up, at step 0) may outlast
    # the window's wait: no worker may outlive the objects its signals belong to (PySide
    # then prints "Signal source has been deleted" after a clean exit).
    QThreadPool.globalInstance().waitForDone()
    return status
