"""SIGINT and SIGTERM end the app as File → Quit does: the run recorded, its model autosaved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cipherlab.core.session import RunStatus


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
