"""Views follow their models: the current model's title, card, decode panel; the run list."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.network import CipherRNN
from cipherlab.core.session import RunStatus
from cipherlab.core.settings import PRESETS, ModelConfig
from cipherlab.core.storage import ModelBundle, save_model
from cipherlab.gui.file_actions import FileActions
from cipherlab.gui.main_window import MainWindow
from cipherlab.resources import default_model_path

Button = QMessageBox.StandardButton


@pytest.fixture
def asked(monkeypatch):
    """Answers Discard to the unsaved-model question and records each time it was asked."""
    questions: list[str] = []

    def answer(_actions, text):
        questions.append(text)
        return Button.Discard

    monkeypatch.setattr(FileActions, "ask_save_changes", answer)
    return questions


@pytest.fixture
def window(qtbot, asked):
    w = MainWindow(default_model_path())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.trainingPanel.shutdown()


def train(qtbot, window, steps: int = 20):
    panel = window.trainingPanel
    panel.set_config(replace(PRESETS["fast"], steps=steps))
    panel.trainingSettings.autoStopCheck.setChecked(False)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.unsaved and not panel.running, timeout=20000)


def test_title_card_and_decode_panel_follow_the_current_model(window):
    bundle = ModelBundle(CipherRNN(ModelConfig(hidden_size=7)), SEED_CIPHER, {})
    window.modelCardDock.show()
    window.current.use_new(bundle)  # the model changes; nothing tells the views but it
    assert window.windowTitle() == "untitled (untrained)[*] — Caesar +13, A–Z and - — Cipher Lab"
    assert window.modelCard.card["Model"].startswith("LSTM, embedding 5, hidden 7")
    assert "hidden 7" in window.decodePanel.modelLabel.text()
    assert window.decodePanel.decoding.probabilities.shape == (16, 27)  # decoded again


def test_every_derived_view_follows_a_new_model_and_clears_with_the_text(qtbot, window):
    import numpy as np

    decode = window.decodePanel
    window.modelCardDock.show()
    with qtbot.waitSignal(decode.decoded, timeout=5000):
        decode.set_ciphertext("FUVEM")
    qtbot.mouseClick(decode.decodingView.heatmapToggle, Qt.MouseButton.LeftButton)
    decode.decodingView.select_symbol(1)
    assert decode.decodingView.distributionPlot.title.startswith("Letter 2: ciphertext U → H (100")
    old_agreement = decode.decodingView.agreementLabel.text()

    window.trainingPanel.set_config(replace(PRESETS["fast"], seed=3))
    window.menus.newAction.trigger()  # File > New model: an untrained model
    new = decode.decoding
    assert new.probabilities.max() < 0.5  # untrained: decoded again with the new weights
    np.testing.assert_allclose(
        decode.decodingView.probabilityBars.bar_heights(), new.confidence[:5]
    )
    np.testing.assert_allclose(
        decode.decodingView.probabilityHeatmap.image.image, new.probabilities.T
    )
    np.testing.assert_array_equal(
        decode.decodingView.distributionPlot.probabilities, new.probabilities[1]
    )
    assert f"({new.probabilities[1].max():.1%})" in decode.decodingView.distributionPlot.title
    assert decode.decodingView.distributionLabel.text().count("%") == 5
    assert f"{decode.comparison.agreement:.1%}" in decode.decodingView.agreementLabel.text()
    assert decode.decodingView.agreementLabel.text() != old_agreement
    assert window.modelCard.card["Steps trained"] == "0"

    with qtbot.waitSignal(decode.decoded, timeout=5000):
        decode.set_ciphertext("")
    assert decode.decodingView.probabilityBars.bar_heights().size == 0
    heat = decode.decodingView.probabilityHeatmap.image.image
    assert heat is None or heat.size == 0
    assert (
        decode.decodingView.distributionPlot.index is None
        and decode.decodingView.distributionPlot.title == ""
    )
    assert decode.plaintext() == "" and decode.decodingView.exactOutput.toPlainText() == ""


def test_every_way_to_open_a_file_asks_before_losing_a_trained_model(
    qtbot, window, asked, tmp_path, tiny_bundle
):
    path = tmp_path / "tiny.safetensors"
    save_model(path, tiny_bundle)
    train(qtbot, window)
    window.menus.recentMenu.aboutToShow.emit()
    window.settings.add_recent(path)
    window.files.rebuild_recent()
    recent = next(a for a in window.menus.recentMenu.actions() if a.toolTip() == str(path))
    recent.trigger()  # File > Open recent
    assert len(asked) == 1 and window.current.path == path

    train(qtbot, window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=2000)
    assert window.current.path == path and not window.current.unsaved


def test_runs_are_listed_again_after_a_restart_and_can_be_deleted(qtbot, window, asked):
    train(qtbot, window, steps=12)
    train(qtbot, window, steps=14)
    window.close()

    again = MainWindow(default_model_path())
    qtbot.addWidget(again)
    history, panel = again.trainingPanel.history, again.trainingPanel.historyPanel
    assert [(r.number, r.step, r.status) for r in history.runs] == [
        (1, 12, RunStatus.FINISHED),
        (2, 14, RunStatus.FINISHED),
    ]
    assert panel.runList.count() == 2 and "Run 2" in panel.runList.item(1).text()
    assert not panel.deleteButton.isEnabled()  # nothing selected
    panel.runList.setCurrentRow(0)
    qtbot.mouseClick(panel.deleteButton, Qt.MouseButton.LeftButton)
    assert [r.number for r in history.runs] == [2] and panel.runList.count() == 1
    panel.runList.setCurrentRow(0)
    again.show()
    again.activateWindow()
    again.trainingPanel.lossPlot.setFocus()
    qtbot.keyClick(again.trainingPanel.lossPlot, Qt.Key.Key_Delete)  # not in the list: kept
    assert [r.number for r in history.runs] == [2]
    again.show()
    again.activateWindow()
    bar = again.trainingPanel.viewTabs.tabBar()  # the list is on the Runs tab, beside the plot
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    panel.runList.setFocus()
    qtbot.waitUntil(panel.runList.hasFocus, timeout=2000)
    qtbot.keyClick(panel.runList, Qt.Key.Key_Delete)
    assert history.runs == [] and panel.runList.count() == 0
    again.close()

    third = MainWindow(default_model_path())
    qtbot.addWidget(third)
    assert third.trainingPanel.history.runs == []
    assert third.trainingPanel.history.next_number == 3  # numbers are never given twice
    third.close()


def test_a_run_that_fails_is_recorded_as_failed_with_its_message(qtbot, window, monkeypatch):
    from cipherlab.core.learning import training

    def broken_step(self):
        raise RuntimeError("the CPU caught fire")

    monkeypatch.setattr(training.Trainer, "step", broken_step)
    panel = window.trainingPanel
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=10000)
    qtbot.waitUntil(lambda: panel.run.status is RunStatus.FAILED, timeout=2000)
    assert panel.run.message == "the CPU caught fire"
    assert panel.statusLabel.text() == "Training failed: the CPU caught fire"
    assert not window.current.unsaved  # the shipped model is still the current one
    assert not window.current.following  # nothing left to ask about when closing


def test_deleting_a_ticked_run_keeps_every_other_tick_on_its_own_run(qtbot):
    import numpy as np

    from cipherlab.core.learning import LiveUpdate
    from cipherlab.core.session import RunHistory
    from cipherlab.core.settings import preset
    from cipherlab.gui.training import LossPlot, RunHistoryPanel

    history = RunHistory()
    for seed in range(3):
        run = history.start(preset("fast", seed=seed))
        steps = np.arange(1, 11)
        empty = np.zeros(0)
        run.add(LiveUpdate(steps, 1.0 / steps, empty, empty, empty, 10, 320, 400, 0.1, None))
        history.end(run)
    plot = LossPlot(history)
    panel = RunHistoryPanel(history, plot)
    qtbot.addWidget(plot)
    qtbot.addWidget(panel)
    for row in (0, 2):
        panel.runList.item(row).setCheckState(Qt.CheckState.Checked)
    panel.runList.setCurrentRow(0)
    qtbot.mouseClick(panel.deleteButton, Qt.MouseButton.LeftButton)
    texts = [panel.runList.item(i).text() for i in range(panel.runList.count())]
    ticks = [panel.runList.item(i).checkState() for i in range(panel.runList.count())]
    assert [t.split(" · ")[0] for t in texts] == ["Run 2", "Run 3"]
    assert ticks == [Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    assert [r.number for r in history.overlaid] == [3]
    assert [o.run.number for o in plot.overlays if o.run is not None] == [3]


def test_unreadable_saved_runs_are_reported_at_start(qtbot, asked):
    from cipherlab.core.storage import data_dir

    runs = data_dir() / "runs"
    runs.mkdir(parents=True)
    (runs / "run-0004.safetensors").write_bytes(b"garbage")
    w = MainWindow(default_model_path())
    qtbot.addWidget(w)
    assert w.statusBar().currentMessage() == (
        "Run folder: 1 saved run(s) could not be read and are not listed (point here for details)."
    )
    assert w.statusBar().toolTip().startswith("run-0004.safetensors")
    assert w.trainingPanel.history.next_number == 5  # and its number is not given again
    w.close()


def test_a_run_file_nested_100000_deep_and_a_damaged_counter_do_not_stop_the_window(qtbot, asked):
    """Each raised at every start before (issue 19): the window stayed an empty frame."""
    from safetensors.numpy import save_file

    from cipherlab.core.storage import data_dir

    runs = data_dir() / "runs"
    runs.mkdir(parents=True)
    deep = "[" * 100_000 + "]" * 100_000
    save_file({}, str(runs / "run-0002.safetensors"), metadata={"cipherlab": deep})
    (runs / "last-run-number").write_text("-5")
    w = MainWindow(default_model_path())
    qtbot.addWidget(w)
    assert w.statusBar().currentMessage() == (
        "Run folder: the run counter was repaired; 1 saved run(s) could not be read and are "
        "not listed (point here for details)."
    )
    counter, skipped = w.statusBar().toolTip().splitlines()
    assert counter.startswith(f"The run counter {runs / 'last-run-number'} held '-5'")
    assert skipped.startswith("run-0002.safetensors is not a usable run file: its metadata nests")
    assert w.trainingPanel.history.next_number == 3
    w.close()
