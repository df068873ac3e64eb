"""One training run in a worker thread (superqt ``GeneratorWorker``), with Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from superqt.utils import GeneratorWorker, create_worker

from core.ciphers import CaesarCipher
from core.live_feed import LiveUpdate, live_updates
from core.training import TrainConfig, Trainer


def _train(config: TrainConfig, cipher: CaesarCipher):
    # The Trainer (model, optimiser, data) is built and used only inside the worker thread.
    yield from live_updates(Trainer(config, cipher))


class TrainingSession(QObject):
    """Runs :func:`core.live_feed.live_updates` off the GUI thread.

    Signals
    -------
    updated(LiveUpdate)
        About 25 times a second while training, on the GUI thread.
    failed(str)
        The run raised (e.g. a non-finite loss); the message is for the user.
    ended()
        The worker has finished, whether by budget, stop or error.
    """

    updated = Signal(object)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, config: TrainConfig, cipher: CaesarCipher, parent: QObject | None = None):
        super().__init__(parent)
        self.config = config
        self.cipher = cipher
        self._worker: GeneratorWorker | None = None
        self._running = False

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the worker has finished."""
        return self._running

    def start(self) -> None:
        """Start training in the global thread pool."""
        worker = create_worker(_train, self.config, self.cipher, _start_thread=False)
        worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self._on_errored)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._running = True
        worker.start()

    def stop(self) -> None:
        """Ask the worker to stop at its next update (within ~50 ms); does not block."""
        if self._worker is not None:
            self._worker.quit()

    def wait(self, msecs: int = 2000) -> bool:
        """Stop and block until the worker thread is done; True if it finished in time."""
        self.stop()
        done = QThreadPool.globalInstance().waitForDone(msecs)
        if done:  # the queued `finished` signal may not have been delivered yet
            self._running = False
        return done

    @Slot(object)
    def _on_yielded(self, update: LiveUpdate) -> None:
        self.updated.emit(update)

    @Slot(object)
    def _on_errored(self, exc: BaseException) -> None:
        self.failed.emit(str(exc) or type(exc).__name__)

    @Slot()
    def _on_finished(self) -> None:
        self._running = False
        self._worker = None
        self.ended.emit()
