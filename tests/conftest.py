"""Shared fixtures. Qt runs offscreen; every test must leave no worker thread running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_dangling_workers(request):
    """Fail any test that leaves a training or decoding worker running (cf. napari)."""
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QThreadPool
    from superqt.utils import WorkerBase

    pool = QThreadPool.globalInstance()
    busy = pool.activeThreadCount()
    if not pool.waitForDone(2000):  # a worker the test did not stop or wait for
        WorkerBase.await_workers(5000)
        pytest.fail(f"test left {busy} worker thread(s) running")


@pytest.fixture(scope="session")
def tiny_bundle():
    """A small model trained for a few seconds (seeded), for decoding and file tests."""
    from cipherlab.core.ciphers import SEED_CIPHER
    from cipherlab.core.config import preset
    from cipherlab.core.modelfile import ModelBundle
    from cipherlab.core.training import Trainer

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
