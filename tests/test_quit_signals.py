"""SIGINT and SIGTERM end the app as File → Quit does: the run recorded, its model autosaved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cipherlab.core.session import RunHistory, RunStatus


def start_a_run(qtbot, window):
    """Train the Tutorial preset at one step a second: it is still running when asked."""
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    panel.trainingSettings.autoStopCheck.setChecked(False)
    panel.speedSlider.setValue(0)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.running and panel.step_count > 0, timeout=10000)
    return panel


def test_quit_keeping_work_stops_the_run_records_it_and_autosaves_its_model(
    qtbot, make_window, prompts, autosave
):
    window = make_window()
    panel = start_a_run(qtbot, window)
    with qtbot.waitSignal(panel.runEnded, timeout=5000):
        window.quit_keeping_work()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert prompts.save_changes == []  # nothing was asked
    run = panel.history.runs[0]
    assert run.status is RunStatus.STOPPED and run.step > 0
    assert autosave.pending  # offered back at the next start
    assert autosave.load().metadata["metrics"]["steps"] == run.step  # the run's last model


def test_quit_keeping_work_dismisses_an_open_dialog_first(qtbot, make_window, prompts):
    window = make_window()
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    window.quit_keeping_work()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_app_as_quit_does_keeping_the_run_and_its_model(signum):
    """The real entry point: SIGTERM killed the process with its run and model lost, and
    Ctrl+C (SIGINT) did nothing. Both now stop the run, record it, autosave its model and
    exit with status 0 within seconds."""
    from cipherlab.core.storage import Autosave, data_dir
    from cipherlab.gui.settings import Settings

    settings = Settings()  # this test's settings folder, which the app uses too
    settings.set("training/controls", {"speed": 0, "auto_stop": False})  # 1 step/s: still going
    settings.sync()
    runs = data_dir() / "runs"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cipherlab", "gui", "--train"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        deadline = time.monotonic() + 90
        # a bounded poll of another process: the run has started once its folder has a file
        while not (runs.is_dir() and any(runs.iterdir())):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the app never started its run"
            time.sleep(0.05)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # it ignored the signal: do not leave it behind
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    noise = [line for line in stderr.splitlines() if "This plugin does not support" not in line]
    assert noise == []
    [run] = RunHistory(runs).runs  # recorded
    assert run.status is RunStatus.STOPPED
    assert Autosave(data_dir()).pending  # its model kept, offered at the next start
