"""Shared fixtures. Qt runs offscreen; every test must leave no worker thread running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread(request):
    """Free a Qt test's cyclic garbage (pyqtgraph's plots are full of cycles) on this thread.

    Python collects cycles on whichever thread allocates: a collection on a worker thread
    that destroys Qt objects there can deadlock with the GUI thread (Qt's lock, the GIL).
    Tests without Qt make no Qt objects, and skip the (costly) collection.
    """
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        import gc

        gc.collect()


@pytest.fixture(autouse=True)
def _no_dangling_workers(request):
    """Fail any test that leaves a training or decoding worker running (cf. napari)."""
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QThreadPool
    from superqt.utils import WorkerBase

    from cipherlab.gui.training import TrainingSession

    pool = QThreadPool.globalInstance()
    busy = pool.activeThreadCount()
    if not pool.waitForDone(500):  # a worker the test did not stop: stop it, then wait
        stopped = TrainingSession.stop_all()  # wakes a paused run too
        for worker in list(WorkerBase._worker_set):
            worker.quit()  # decoders and any other superqt worker
        done = pool.waitForDone(5000)
        pytest.fail(
            f"test left {busy} worker thread(s) running ({stopped} training run(s) asked "
            f"to stop; {'all ended' if done else 'still running after 5 s'})"
        )


@pytest.fixture(scope="session")
def installed_layout(tmp_path_factory):
    """A folder whose ``cipherlab/`` links to this checkout as it installs (``cipherlab.core``).

    The repository's top-level ``core/``, ``gui/`` and ``resources/`` install under one
    import name through setuptools' ``package-dir``, which import-linter and mypy cannot
    follow; with this folder on their path they see the installed layout, and read the
    checkout's own files through the links.
    """
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    root = tmp_path_factory.mktemp("layout")
    tree = root / "cipherlab"
    tree.mkdir()
    for name in ("core", "gui", "resources"):
        (tree / name).symlink_to(repo / name, target_is_directory=True)
    for module in (repo / "cipherlab").glob("*.py"):
        (tree / module.name).symlink_to(module)
    return root


@pytest.fixture(scope="session")
def tiny_bundle():
    """A small model trained for a few seconds (seeded), for decoding and file tests."""
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.learning import Trainer
    from cipherlab.core.settings import preset
    from cipherlab.core.storage import ModelBundle

    trainer = Trainer(preset("fast", steps=150, seed=3))
    for _ in trainer.run():
        pass
    metadata = {"training": {"seq_len": 32}, "metrics": {"val_accuracy": trainer.evaluate()[1]}}
    return ModelBundle(trainer.model, SEED_CIPHER, metadata)


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A modal dialog would block an offscreen test forever: make it fail the test instead.

    Tests that expect a dialog monkeypatch it themselves with the answer they want.
    """
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **_kwargs):
        text = " ".join(str(a) for a in args[1:3])
        raise AssertionError(f"unexpected modal dialog: {text}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    # the app's own questions (gui.widgets.question_box) are shown with exec()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: refuse(box, box.windowTitle(), box.text()))


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """Settings and the data folder (autosave) live in a fresh temporary folder per test.

    Environment variables, so subprocesses started by a test (the app, the CLI) use them too;
    nothing a test does reaches the real home folder.
    """
    root = tmp_path_factory.mktemp("cipherlab-home")
    monkeypatch.setenv("CIPHERLAB_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("CIPHERLAB_DATA_DIR", str(root / "data"))
    return root


@pytest.fixture
def autosave(_isolated_settings):
    """The autosave the window uses (in this test's data folder)."""
    from cipherlab.core.storage import Autosave, data_dir

    return Autosave(data_dir())


class Prompts:
    """Stands in for the window's questions: records them and gives set answers."""

    def __init__(self, monkeypatch):
        from PySide6.QtWidgets import QMessageBox

        from cipherlab.gui.file_actions import FileActions

        self.save_changes: list[str] = []
        self.restore = 0
        self.errors: list[str] = []
        self.answer = QMessageBox.StandardButton.Discard
        self.restore_answer = True
        self.save_path = ""
        # Plain functions (not bound methods), so they bind to the window like the originals.
        monkeypatch.setattr(FileActions, "ask_save_changes", lambda _a, text: self._save(text))
        monkeypatch.setattr(FileActions, "ask_restore_autosave", lambda _a: self._restore())

        monkeypatch.setattr(FileActions, "report_error", lambda _a, _t, m: self.errors.append(m))
        monkeypatch.setattr(FileActions, "ask_save_path", lambda _a, *_: str(self.save_path))
        monkeypatch.setattr(FileActions, "ask_open_path", lambda _a: str(self.save_path))

    def _save(self, text):
        self.save_changes.append(text)
        return self.answer

    def _restore(self):
        self.restore += 1
        return self.restore_answer


@pytest.fixture
def prompts(monkeypatch):
    """The window's questions answered by the test (see ``Prompts``)."""
    return Prompts(monkeypatch)


@pytest.fixture
def decode_panel(qtbot):
    """A decode panel on its own, shown at 900 x 900 (the Key: unknown views' tests)."""
    from cipherlab.gui.decoding import DecodePanel

    panel = DecodePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 900)
    panel.show()
    return panel


@pytest.fixture
def make_window(qtbot, prompts):
    """Makes shown main windows on the shipped model; shuts their training down afterwards."""
    from PySide6.QtWidgets import QMessageBox

    from cipherlab.gui.main_window import MainWindow
    from cipherlab.resources import default_model_path

    windows = []

    def make():
        w = MainWindow(default_model_path())
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    prompts.answer = QMessageBox.StandardButton.Discard  # pytest-qt closes the windows after
    for w in windows:
        w.trainingPanel.shutdown()


@pytest.fixture(autouse=True)
def _full_speed_unless_pace_is_tested(request, monkeypatch):
    """Runs in tests train at full speed (the app's first runs are paced to be watchable).

    A test marked ``default_pace`` sees the app's real default.
    """
    if request.node.get_closest_marker("default_pace") is None:
        from cipherlab.gui.training import training_panel

        monkeypatch.setattr(training_panel, "DEFAULT_SPEED", None)


@pytest.fixture
def slow_reader(monkeypatch):
    """The training form's text-file reader, recording the thread it runs on and held until
    ``release`` is set (at most 10 s, so a read on the GUI thread fails a test, not hangs it)."""
    import threading

    from cipherlab.gui.training import task_settings

    class Reader:
        def __init__(self):
            self.threads: list[threading.Thread] = []
            self.release = threading.Event()

        def __call__(self, path):
            self.threads.append(threading.current_thread())
            self.release.wait(10)
            return read_text_file(path)

    read_text_file = task_settings.read_text_file
    reader = Reader()
    monkeypatch.setattr(task_settings, "read_text_file", reader)
    yield reader
    reader.release.set()
