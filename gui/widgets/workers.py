"""Running work off the GUI thread in superqt generator workers.

:func:`start_generator_worker` starts one worker whose failures all reach the GUI as messages
(a training run uses it). :class:`LatestWorker` runs a view's background jobs when only the
newest request matters (decode this text, rank these keys, sample these weights): it starts
a job, asks an older one to quit, drops stale results, and stops everything when the window
closes.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Generator, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from superqt.utils import GeneratorWorker, create_worker


class WorkerFailed(Exception):
    """A RuntimeError raised inside a worker, re-raised under this type.

    The original is its ``__cause__``. superqt treats a RuntimeError from the work as "the
    worker was deleted": it warns and never emits ``errored`` or ``finished``, which would
    leave the GUI waiting for good. Other exceptions reach ``errored`` as they are.
    """


# what superqt's create_worker takes as `_connect`: signal name -> slot(s)
_Slots = dict[str, Callable[..., Any] | Sequence[Callable[..., Any]]]


def _reporting(
    generator_function: Callable[..., Generator[Any, Any, Any]], *args: Any
) -> Generator[Any, Any, Any]:
    try:
        return (yield from generator_function(*args))
    except RuntimeError as exc:
        raise WorkerFailed(str(exc) or type(exc).__name__) from exc


def start_generator_worker(
    generator_function: Callable[..., Generator[Any, Any, Any]],
    *args: Any,
    **connect: Callable[..., Any],
) -> GeneratorWorker:
    """Run ``generator_function(*args)`` in the global thread pool and return its worker.

    ``connect`` maps superqt signal names (``yielded``, ``returned``, ``errored``,
    ``finished``) to slots. An ``errored`` slot is required: passing it stops superqt from
    also re-raising the error on the GUI thread.
    """
    if "errored" not in connect:
        raise TypeError("start_generator_worker needs an `errored` slot")
    slots: _Slots = dict(connect)
    worker = create_worker(
        _reporting, generator_function, *args, _start_thread=False, _connect=slots
    )
    worker.start()
    return worker


class _Worker(GeneratorWorker):
    """A generator worker that says, across threads, when its thread began and ended it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.began = threading.Event()
        self.ended = threading.Event()

    def run(self) -> None:
        """Run the job (on a pool thread), marking its beginning and end."""
        self.began.set()
        try:
            super().run()
        finally:
            self.ended.set()


class _Job:
    """One submitted job: what to run, and the worker running it once started."""

    def __init__(self, function: Callable[..., Generator[Any, Any, Any]], args: tuple) -> None:
        self.function, self.args = function, args
        self.worker: _Worker | None = None
        self.dropped = False  # asked to quit, or replaced: its results are not delivered

    def drop(self) -> None:
        """Ask the worker to quit at its next step; its results are not delivered."""
        self.dropped = True
        if self.worker is not None:
            self.worker.quit()

    def wait(self, seconds: float) -> bool:
        """Block until the worker's thread is done with the job; True if it is."""
        worker = self.worker
        if worker is None or not worker.began.is_set():
            # asked to quit before it began: if a thread takes it up later, it stops at once
            return True
        return worker.ended.wait(seconds)


class LatestWorker(QObject):
    """Runs a view's background jobs, one at a time, where only the newest request matters.

    :meth:`submit` starts a job at once if none runs; otherwise the job waits for the
    running one to end (replacing any job already waiting, which then never starts), and the
    running job is asked to quit at its next ``yield`` unless ``interrupt`` is False. Results
    (the signals below) come only from a job no newer submit has replaced or cancelled;
    they are emitted on the GUI thread.

    Parameters
    ----------
    parent : QObject, optional
        Usually the view whose jobs it runs.
    interrupt : bool
        True (the default): a newer submit asks the running job to quit and drops its
        results (a new text makes the old decode useless). False: the running job finishes
        and its results are delivered before the newest job starts, so a steady stream of
        requests (a training run's weights) still shows something.

    Signals
    -------
    yielded(object)
        A value the current job yielded (its progress).
    returned(object)
        The current job's return value.
    errored(object)
        The exception the current job raised (a RuntimeError arrives as
        :class:`WorkerFailed`).
    busyChanged(bool)
        :attr:`busy` changed.
    """

    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, interrupt: bool = True) -> None:
        super().__init__(parent)
        self.interrupt = interrupt
        self._running: _Job | None = None  # its thread runs, or is about to
        self._waiting: _Job | None = None  # the newest job, started when the running one ends
        self._closed = False
        self._was_busy = False

    @property
    def busy(self) -> bool:
        """True while a job runs (a cancelled one too, until it has stopped) or waits."""
        return self._running is not None or self._waiting is not None

    @property
    def active(self) -> bool:
        """True while the newest job's results are still to come (False once cancelled)."""
        running = self._running is not None and not self._running.dropped
        return self._waiting is not None or running

    def submit(self, function: Callable[..., Generator[Any, Any, Any]], *args: Any) -> bool:
        """Run ``function(*args)`` in the global thread pool, now or after the running job.

        Parameters
        ----------
        function : generator function
            The job. It should ``yield`` every few tens of milliseconds (its progress, or
            None): a request to quit takes effect at a ``yield``. Its return value arrives
            in :attr:`returned`. Only plain data should cross threads (no tensors that
            require grad).
        *args
            Passed to ``function``.

        Returns
        -------
        bool
            False after :meth:`shutdown` (nothing is started), else True.

        Raises
        ------
        TypeError
            If ``function`` is not a generator function.
        """
        if not inspect.isgeneratorfunction(function):
            raise TypeError(f"{function!r} is not a generator function")
        if self._closed:
            return False
        job = _Job(function, args)
        if self._waiting is not None:
            self._waiting.drop()  # replaced before it started: it never will
        if self._running is None:
            self._waiting = None
            self._start(job)
        else:
            self._waiting = job
            if self.interrupt:
                self._running.drop()
        self._report_busy()
        return True

    @Slot()
    def cancel(self) -> bool:
        """Ask the running job to quit and forget the waiting one; no results follow.

        Returns
        -------
        bool
            True if results were still to come (:attr:`active` was True).
        """
        had_results = self.active
        if self._waiting is not None:
            self._waiting.drop()
            self._waiting = None
        if self._running is not None:
            self._running.drop()
        self._report_busy()
        return had_results

    def shutdown(self, msecs: int = 3000) -> bool:
        """Cancel, then block until the running job's thread is done (the window closes).

        Nothing starts after this: :meth:`submit` returns False.

        Parameters
        ----------
        msecs : int
            The longest wait, in milliseconds (a job's step takes a few tens).

        Returns
        -------
        bool
            True if no job of this worker is left running.
        """
        self._closed = True
        self.cancel()
        running, self._running = self._running, None
        done = running is None or running.wait(msecs / 1000)
        self._report_busy()
        return done

    # ------------------------------------------------------------------ internal
    def _start(self, job: _Job) -> None:
        # The receivers are @Slot methods of this GUI-thread object, never lambdas: PySide6
        # >= 6.8 crashed delivering a worker's signals to plain callables (PYSIDE-3124).
        slots: _Slots = {
            "yielded": self._on_yielded,
            "returned": self._on_returned,
            "errored": self._on_errored,  # connected, so superqt does not re-raise it
            "finished": self._on_finished,
        }
        worker = create_worker(
            _reporting,
            job.function,
            *job.args,
            _start_thread=False,
            _connect=slots,
            _worker_class=_Worker,
        )
        assert isinstance(worker, _Worker)  # create_worker is typed as returning its base
        job.worker = worker
        self._running = job
        worker.start()

    def _current(self) -> _Job | None:
        """The running job, if the signal being delivered is its worker's and it counts."""
        job = self._running
        if job is None or job.dropped or job.worker is None:
            return None
        return job if self.sender() is job.worker.signals else None

    @Slot(object)
    def _on_yielded(self, value: object) -> None:
        if self._current() is not None:
            self.yielded.emit(value)

    @Slot(object)
    def _on_returned(self, value: object) -> None:
        if self._current() is not None:
            self.returned.emit(value)

    @Slot(object)
    def _on_errored(self, exc: BaseException) -> None:
        if self._current() is not None:
            self.errored.emit(exc)

    @Slot()
    def _on_finished(self) -> None:
        job = self._running
        if job is None or job.worker is None or self.sender() is not job.worker.signals:
            return  # a job left behind by shutdown
        self._running = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(waiting)
        self._report_busy()

    def _report_busy(self) -> None:
        busy = self.busy
        if busy != self._was_busy:
            self._was_busy = busy
            self.busyChanged.emit(busy)
