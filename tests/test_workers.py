"""Background workers: errors reach the caller, the worker still finishes, the latest wins."""

import threading

import pytest

from cipherlab.gui.widgets import LatestWorker, WorkerFailed, start_generator_worker


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


# ------------------------------------------------------------ the latest request wins
def counting(tag, ran=None):
    """Yields ``(tag, i)`` until asked to quit (at a yield): a job that never ends by itself."""
    if ran is not None:
        ran.append(tag)
    i = 0
    while True:
        yield tag, i
        i += 1


def quick(tag, ran=None):
    if ran is not None:
        ran.append(tag)
    yield tag, 0
    return tag


def record(latest):
    got = []
    latest.yielded.connect(lambda value: got.append(("yielded", value[0])))
    latest.returned.connect(lambda value: got.append(("returned", value)))
    latest.errored.connect(lambda exc: got.append(("errored", exc)))
    return got


def test_an_older_jobs_results_never_arrive_after_a_newer_submit(qtbot):
    latest = LatestWorker()
    got = record(latest)
    with qtbot.waitSignal(latest.yielded, timeout=5000):  # A runs, its values queue up
        latest.submit(counting, "A")
    cut = len(got)
    with qtbot.waitSignal(latest.busyChanged, timeout=5000) as idle:
        latest.submit(quick, "B")  # A is asked to quit; B starts when it has
    assert idle.args == [False]
    assert ("yielded", "A") not in got[cut:]
    assert got[-2:] == [("yielded", "B"), ("returned", "B")]
    assert not latest.busy and not latest.active


def test_a_waiting_job_replaced_by_a_newer_one_never_starts(qtbot):
    latest, ran = LatestWorker(), []
    got = record(latest)
    with qtbot.waitSignal(latest.yielded, timeout=5000):
        latest.submit(counting, "A", ran)
    latest.submit(quick, "B", ran)  # waits for A to stop
    with qtbot.waitSignal(latest.busyChanged, timeout=5000) as idle:
        latest.submit(quick, "C", ran)  # replaces B
    assert idle.args == [False] and ran == ["A", "C"]
    assert got[-1] == ("returned", "C") and ("returned", "B") not in got


def test_without_interrupt_the_running_job_finishes_and_is_shown_first(qtbot):
    latest, release = LatestWorker(interrupt=False), threading.Event()
    got = record(latest)

    def gated(tag):
        yield tag, 0
        while not release.is_set():
            yield tag, 1
        return tag

    with qtbot.waitSignal(latest.yielded, timeout=5000):
        latest.submit(gated, "A")
    latest.submit(quick, "B")
    latest.submit(quick, "C")  # replaces B, which never starts
    with qtbot.waitSignal(latest.busyChanged, timeout=5000):
        release.set()
    assert [value for kind, value in got if kind == "returned"] == ["A", "C"]


def test_cancel_drops_everything_and_busy_lasts_until_the_thread_stops(qtbot):
    latest = LatestWorker()
    got = record(latest)
    with qtbot.waitSignal(latest.yielded, timeout=5000):
        latest.submit(counting, "A")
    latest.submit(quick, "B")
    cut = len(got)
    assert latest.cancel() and not latest.active and latest.busy
    with qtbot.waitSignal(latest.busyChanged, timeout=5000) as idle:
        pass
    assert idle.args == [False] and got[cut:] == []
    assert not latest.cancel()  # nothing left to cancel


def test_errors_of_the_current_job_arrive_under_their_own_type(qtbot):
    latest = LatestWorker()

    def broken():
        yield 1
        raise RuntimeError("out of memory")

    with qtbot.waitSignal(latest.errored, timeout=5000) as failed:
        latest.submit(broken)
    assert isinstance(failed.args[0], WorkerFailed) and str(failed.args[0]) == "out of memory"
    qtbot.waitUntil(lambda: not latest.busy, timeout=5000)
    with pytest.raises(TypeError):
        latest.submit(lambda: 1)  # a plain function: it could not be asked to quit


def test_shutdown_waits_for_the_running_step_and_nothing_starts_after(qtbot, qapp):
    latest, began, stepped = LatestWorker(), threading.Event(), threading.Event()
    release = threading.Event()
    got = record(latest)

    def long_step():
        began.set()
        # a step that lasts until the quit has begun (a busy loop here finished, and sent its
        # result, before shutdown was called on a loaded machine)
        release.wait(5)
        stepped.set()
        yield "after", 0

    latest.submit(long_step)
    qtbot.waitUntil(began.is_set, timeout=5000)
    threading.Timer(0.2, release.set).start()  # while shutdown waits for the step
    assert latest.shutdown(5000)
    assert stepped.is_set() and not latest.busy  # the thread is done with the job
    assert not latest.submit(quick, "late")
    qapp.processEvents()  # the thread has ended: whatever it sent is delivered now, or never
    assert got == []


def test_worker_signals_reach_slot_methods_not_lambdas(qtbot, monkeypatch):
    # PySide6 >= 6.8 crashed delivering a worker's signals to plain callables (PYSIDE-3124)
    from PySide6.QtCore import QMetaMethod, QObject

    from cipherlab.gui.widgets import workers

    connected = {}
    real = workers.create_worker

    def spy(*args, _connect, **kwargs):
        connected.update(_connect)
        return real(*args, _connect=_connect, **kwargs)

    monkeypatch.setattr(workers, "create_worker", spy)
    latest = LatestWorker()
    with qtbot.waitSignal(latest.returned, timeout=5000):
        latest.submit(quick, "A")
    assert set(connected) == {"yielded", "returned", "errored", "finished"}
    for name, slot in connected.items():
        receiver = slot.__self__
        assert isinstance(receiver, QObject), name
        meta = receiver.metaObject()
        slots = {
            bytes(meta.method(i).name().data()).decode()
            for i in range(meta.methodCount())
            if meta.method(i).methodType() == QMetaMethod.MethodType.Slot
        }
        assert slot.__name__ in slots, name
    qtbot.waitUntil(lambda: not latest.busy, timeout=5000)


def test_views_start_their_work_through_the_helper():
    # "latest request wins" is written once: a view that starts its own workers would copy it
    from pathlib import Path

    import cipherlab.gui

    gui = Path(cipherlab.gui.__file__).parent
    starters = sorted(
        path.relative_to(gui).as_posix()
        for path in gui.rglob("*.py")
        if "start_generator_worker(" in path.read_text(encoding="utf-8")
        or "create_worker(" in path.read_text(encoding="utf-8")
    )
    # a training run is one long job, not a stream of requests
    assert starters == ["training/training_session.py", "widgets/workers.py"]
