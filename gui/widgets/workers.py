"""Starting superqt generator workers so that every failure reaches the GUI as a message."""

from __future__ import annotations

from collections.abc import Callable, Generator

from superqt.utils import GeneratorWorker, create_worker


class WorkerFailed(Exception):
    """A RuntimeError raised inside a worker, re-raised under this type.

    The original is its ``__cause__``. superqt treats a RuntimeError from the work as "the
    worker was deleted": it warns and never emits ``errored`` or ``finished``, which would
    leave the GUI waiting for good. Other exceptions reach ``errored`` as they are.
    """


def _reporting(generator_function: Callable[..., Generator], *args) -> Generator:
    try:
        return (yield from generator_function(*args))
    except RuntimeError as exc:
        raise WorkerFailed(str(exc) or type(exc).__name__) from exc


def start_generator_worker(
    generator_function: Callable[..., Generator], *args, **connect: Callable
) -> GeneratorWorker:
    """Run ``generator_function(*args)`` in the global thread pool and return its worker.

    ``connect`` maps superqt signal names (``yielded``, ``returned``, ``errored``,
    ``finished``) to slots. An ``errored`` slot is required: passing it stops superqt from
    also re-raising the error on the GUI thread.
    """
    if "errored" not in connect:
        raise TypeError("start_generator_worker needs an `errored` slot")
    worker = create_worker(
        _reporting, generator_function, *args, _start_thread=False, _connect=connect
    )
    worker.start()
    return worker
