"""Background workers: errors reach the caller and the worker still finishes."""

from cipherlab.gui.workers import WorkerFailed, start_generator_worker


def test_a_runtime_error_in_a_worker_is_reported_and_the_worker_finishes(qtbot):
    def broken():
        yield 1
        raise RuntimeError("out of memory")

    errors = []
    with qtbot.waitSignal(
        start_generator_worker(broken, errored=errors.append).finished, timeout=2000
    ):
        pass
    assert isinstance(errors[0], WorkerFailed) and str(errors[0]) == "out of memory"
