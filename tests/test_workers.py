"""Background workers: errors reach the caller and the worker still finishes."""

from cipherlab.gui.widgets import WorkerFailed, start_generator_worker


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


def test_a_paused_run_left_behind_is_stopped_not_waited_for(qtbot):
    # what the no-dangling-workers fixture does first: superqt's quit alone cannot reach
    # a run paused inside its worker, which would then never end
    from cipherlab.core.settings import PRESETS
    from cipherlab.gui.training import TrainingSession

    session = TrainingSession(PRESETS["tutorial"])
    session.control.pause()  # paused before its first step
    session.start()
    assert session.running and TrainingSession.stop_all() == 1
    qtbot.waitUntil(lambda: not session.running, timeout=5000)
    assert TrainingSession.stop_all() == 0
