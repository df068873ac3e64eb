"""One training run in a worker thread (superqt ``GeneratorWorker``), with Qt signals."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from superqt.utils import GeneratorWorker

from cipherlab.core.learning import LiveUpdate, RunControl, Trainer, live_updates
from cipherlab.core.settings import StopRule, TrainConfig

from ..widgets import start_generator_worker

if TYPE_CHECKING:
    from cipherlab.core.text import ReferenceEntropies


def _train(
    config: TrainConfig,
    control: RunControl,
    stop_rule: StopRule | None,
    threads: int,
    record_error: Callable[[Exception], None],
) -> Generator[ReferenceEntropies | LiveUpdate, None, None]:
    from cipherlab.core.network import use_threads

    # The thread policy, or the run's own count if the form asks for one; restored after
    # the run (torch's count is process-wide: threads that start later take it).
    use_threads(threads)
    try:
        if config.task_kind.writes_text:  # yardsticks first: the plot draws them as it starts
            from cipherlab.core.learning import reference_entropies

            yield reference_entropies(config)
        # The Trainer (model, optimiser, data) is built and used only inside the worker thread.
        trainer = Trainer(config)  # learns config.make_cipher(), on config.data
        # torch's own errors (a failed allocation is a RuntimeError) end the run with torch's
        # message: the sizes are bounded beforehand (settings.check_budget)
        yield from live_updates(trainer, control=control, stop_rule=stop_rule)
    except Exception as exc:
        # Recorded here, in the worker thread, before the worker ends: whoever records the
        # run's end reads it after the thread is done, even if queued signals are not
        # delivered any more (the window is closing).
        record_error(exc)
        raise
    finally:
        use_threads()


class TrainingSession(QObject):
    """Runs :func:`cipherlab.core.learning.live_updates` off the GUI thread.

    Parameters
    ----------
    config : TrainConfig
        The run's hyperparameters and task: the cipher (``config.make_cipher()``) it learns
        and the messages it learns on.
    stop_rule : StopRule, optional
        Auto-stop rule (None: train the whole step budget).
    threads : int
        torch CPU threads for the run (the form's default is the process's policy,
        :func:`~cipherlab.core.settings.default_threads`).
    steps_per_second : float, optional
        Initial speed limit (None = full speed).

    Signals
    -------
    updated(LiveUpdate)
        About 25 times a second while training, on the GUI thread.
    referencesReady(ReferenceEntropies)
        A language model's run, before its first step: the unigram and bigram entropies of
        its training text (:mod:`cipherlab.core.text.entropy`).
    ended()
        The worker has finished, whether by budget, target, stop or error.

    Attributes
    ----------
    error : Exception or None
        Why the run failed, once its worker is done: a
        :class:`~cipherlab.core.errors.NonFiniteLossError` when it diverged, a
        anything else as raised (torch's failed allocations are ``RuntimeError``); ``str(error)``
        is for the user. None for a run that ended normally.
    """

    updated = Signal(object)
    referencesReady = Signal(object)
    ended = Signal()
    _alive: weakref.WeakSet[TrainingSession] = weakref.WeakSet()

    @classmethod
    def stop_all(cls) -> int:
        """Ask every session whose worker is still alive to stop; returns how many.

        A paused run is waiting inside its worker for a resume, so asking its worker to
        quit (superqt's ``quit``) is not enough: :meth:`stop` wakes it too.
        """
        alive = [session for session in cls._alive if session.running]
        for session in alive:
            session.stop()
        return len(alive)

    def __init__(
        self,
        config: TrainConfig,
        stop_rule: StopRule | None = None,
        threads: int = 1,
        steps_per_second: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        # the cipher the run's model learns to invert (None: a language model has none)
        self.cipher = config.make_cipher() if config.task_kind.has_cipher else None
        self.alphabet = config.make_alphabet()
        self.stop_rule = stop_rule
        self.threads = threads
        self.control = RunControl(steps_per_second)
        self.error: Exception | None = None
        self._worker: GeneratorWorker | None = None
        self._running = False

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the worker has finished."""
        return self._running

    def start(self) -> None:
        """Start training in the global thread pool."""
        worker = start_generator_worker(
            _train,
            self.config,
            self.control,
            self.stop_rule,
            self.threads,
            self._record_error,
            yielded=self._on_yielded,
            errored=self._on_errored,
            finished=self._on_finished,
        )
        self._worker = worker
        self._running = True  # queued signals cannot arrive before this returns
        TrainingSession._alive.add(self)

    def stop(self) -> None:
        """Ask the run to stop before its next step (a paused run too); does not block.

        The generator then ends on its own and sends a last update with the weights, so a
        stopped model keeps what it learned.
        """
        self.control.stop()

    def wait(self, msecs: int = 2000) -> bool:
        """Stop and block until the worker thread is done; True if it finished in time."""
        self.stop()
        if self._worker is not None:
            self._worker.quit()  # and drop any update still in flight: the window is closing
        done = QThreadPool.globalInstance().waitForDone(msecs)
        if done:  # the queued `finished` signal may not have been delivered yet
            self._running = False
        return done

    @Slot(object)
    def _on_yielded(self, update: object) -> None:
        if isinstance(update, LiveUpdate):
            self.updated.emit(update)
        else:
            self.referencesReady.emit(update)

    def _record_error(self, exc: Exception) -> None:
        """Called on the worker thread; sets a plain attribute only (no Qt)."""
        self.error = exc

    @Slot(object)
    def _on_errored(self, exc: BaseException) -> None:
        """Required by the worker (otherwise superqt re-raises on the GUI thread)."""

    @Slot()
    def _on_finished(self) -> None:
        self._running = False
        self._worker = None
        self.ended.emit()
