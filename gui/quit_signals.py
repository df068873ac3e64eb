"""SIGINT (Ctrl+C in the launching terminal) and SIGTERM end the app as File → Quit does.

Python runs a signal handler only when the interpreter gets control, and a Qt event loop
waiting for events never gives it: Ctrl+C did nothing, and SIGTERM's default action killed
the process with its run unrecorded and its model lost. Here the C-level handler also writes
the signal's number to a socket (:func:`signal.set_wakeup_fd`, the standard way to wake an
event loop) that a :class:`~PySide6.QtCore.QSocketNotifier` watches; the notifier's slot
runs on the GUI thread and asks the window to quit.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Slot

QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""The signals that end the app (SIGHUP, the terminal closing, keeps Python's default)."""


def _note(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do here (the notifier acts on the signal).

    It must exist all the same: without a Python handler the signal keeps its default
    action (SIGTERM ends the process at once), and none is written to the wakeup socket.
    """


class QuitOnSignals(QObject):
    """While installed, :data:`QUIT_SIGNALS` call ``quit(signum)`` on the GUI thread.

    Install it on the main thread, after the ``QApplication`` exists, and call
    :meth:`uninstall` when the event loop has returned (the previous handlers come back).

    Parameters
    ----------
    quit : callable
        Called with the signal's number, from the event loop, once per signal received.
    parent : QObject, optional
        Usually the application.
    """

    def __init__(self, quit: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)  # the C handler must never block on a full buffer
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Any] = {
            signum: signal.signal(signum, _note) for signum in QUIT_SIGNALS
        }
        self._installed = True

    def uninstall(self) -> None:
        """Put the previous handlers and wakeup descriptor back; close the socket."""
        if not self._installed:
            return
        self._installed = False
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    @Slot()
    def _on_wakeup(self) -> None:
        """Bytes arrived: one per signal, its number; each one asks to quit."""
        try:
            data = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        for signum in data:
            if signum in QUIT_SIGNALS:
                self._quit(signum)
