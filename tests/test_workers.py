"""Background workers: errors reach the caller and the worker still finishes."""

from cipherlab.gui.workers import WorkerFailed, start_generator_worker


def test_a_runtime_error_in_a_worker_is_reported_and_the_worker_finishes(qtbot):
    def broken():
        yield 1
        raise RuntimeError("out of memory")

    errors, finished = [], []
    # slots connected before the worker starts: it may finish before this line returns
    start_generator_worker(broken, errored=errors.append, finished=lambda: finished.append(1))
    qtbot.waitUntil(lambda: finished == [1], timeout=2000)
    assert isinstance(errors[0], WorkerFailed) and str(errors[0]) == "out of memory"
    assert isinstance(errors[0].__cause__, RuntimeError)


def test_other_errors_reach_the_caller_as_they_are(qtbot):
    def broken():
        yield 1
        raise MemoryError("not enough memory for these sizes")

    errors, finished = [], []
    start_generator_worker(broken, errored=errors.append, finished=lambda: finished.append(1))
    qtbot.waitUntil(lambda: finished == [1], timeout=2000)
    assert type(errors[0]) is MemoryError and str(errors[0]) == "not enough memory for these sizes"
