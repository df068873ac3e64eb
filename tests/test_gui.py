"""Widget tests: real clicks and typing through pytest-qt, offscreen."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QPushButton

from cipherlab.gui.file_actions import FileActions
from cipherlab.gui.main_window import MainWindow
from cipherlab.resources import default_model_path

reports: list[str] = []  # error dialogs the window would have shown


@pytest.fixture
def window(qtbot, monkeypatch):
    reports.clear()
    # These tests do not care about the unsaved-model question (tests/test_file_actions.py
    # does): closing after training discards.
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(FileActions, "ask_save_changes", lambda *_: discard)
    monkeypatch.setattr(
        FileActions, "report_error", lambda _a, _t, message: reports.append(message)
    )
    w = MainWindow(default_model_path())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.trainingPanel.shutdown()


def find(w, cls, name):
    widget = w.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    return widget


def type_ciphertext(qtbot, w, text):
    """Type ``text`` key by key; characters outside the BMP (emoji) are pasted, since
    QTest cannot synthesise a key event for a surrogate pair."""
    box = find(w, QPlainTextEdit, "ciphertextInput")
    box.clear()
    if all(ord(c) <= 0xFFFF for c in text):
        qtbot.keyClicks(box, text)
    else:
        box.insertPlainText(text)
    return find(w, QPlainTextEdit, "plaintextOutput")


def test_startup_decodes_the_seed_example_with_the_shipped_model(window):
    assert window.windowTitle() == "Cipher Lab"
    assert find(window, QPlainTextEdit, "plaintextOutput").toPlainText() == "THIS-IS-A-SECRET"
    bars = window.decodePanel.decodingView.probabilityBars
    assert bars.objectName() == "probabilityBars"
    assert "".join(bars.bar_labels()) == "THIS-IS-A-SECRET"
    heights = bars.bar_heights()
    assert heights.shape == (16,) and np.all((heights > 0.5) & (heights <= 1.0))
    assert bars.getPlotItem().vb.viewRange()[1] == pytest.approx([0, 1])


def test_typing_decodes_as_you_type_with_pass_through(qtbot, window):
    out = type_ciphertext(qtbot, window, "fuvem vem!")
    qtbot.waitUntil(lambda: out.toPlainText() == "this- is-!", timeout=2000)
    bars = window.decodePanel.decodingView.probabilityBars
    assert bars.bar_labels() == list("this-is-")
    assert bars.pass_through_slots() == [5, 9]
    assert "passed through" in window.decodePanel.decodingView.statusLabel.text()


def test_emoji_passes_through_and_bars_stay_aligned(qtbot, window):
    out = type_ciphertext(qtbot, window, "👋FUVEM")
    qtbot.waitUntil(lambda: out.toPlainText() == "👋THIS-", timeout=2000)
    bars = window.decodePanel.decodingView.probabilityBars
    assert bars.bar_labels() == ["T", "H", "I", "S", "-"]
    assert bars.pass_through_slots() == [0]


@pytest.mark.parametrize("text", ["!!! ???", "   "])
def test_input_without_symbols_is_shown_unchanged(qtbot, window, text):
    out = type_ciphertext(qtbot, window, text)
    qtbot.waitUntil(lambda: out.toPlainText() == text, timeout=2000)
    assert window.decodePanel.decodingView.probabilityBars.bar_labels() == []


def test_empty_box_gives_empty_output(qtbot, window):
    box = find(window, QPlainTextEdit, "ciphertextInput")
    with qtbot.waitSignal(window.decodePanel.decoded, timeout=2000):
        box.clear()
    assert find(window, QPlainTextEdit, "plaintextOutput").toPlainText() == ""
    assert window.decodePanel.decodingView.probabilityBars.bar_labels() == []


def test_clicking_a_bar_shows_its_top_five(qtbot, window):
    bars = window.decodePanel.decodingView.probabilityBars
    vb = bars.getPlotItem().vb
    point = bars.mapFromScene(vb.mapViewToScene(QPointF(2, 0.4)))  # the third bar: "I"
    with qtbot.waitSignal(bars.symbolSelected, timeout=1000) as blocker:
        qtbot.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [2]
    label = window.decodePanel.decodingView.distributionLabel.text()
    assert "<b>V</b> → <b>I</b>" in label
    assert label.count("%") == 5


def test_train_updates_plot_and_status_then_stop_ends_worker_fast(qtbot, window):
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    train, stop = find(window, QPushButton, "trainButton"), find(window, QPushButton, "stopButton")
    plot = window.findChild(type(panel.lossPlot), "lossPlot")
    assert not stop.isEnabled()
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    assert not train.isEnabled() and stop.isEnabled()
    qtbot.waitUntil(lambda: plot.n_loss_points > 20, timeout=5000)
    assert panel.statusLabel.text().startswith("Step ")
    assert "(unsaved)" in window.decodePanel.modelLabel.text() or plot.n_loss_points < 500
    with qtbot.waitSignal(panel.session.ended, timeout=1000):  # Stop is prompt
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert train.isEnabled() and not stop.isEnabled()
    assert panel.statusLabel.text().startswith("Training stopped.")
    assert panel.progressBar.value() < panel.progressBar.maximum()

    points_before = plot.n_loss_points
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)  # training again after Stop works
    qtbot.waitUntil(lambda: 0 < plot.n_loss_points != points_before, timeout=5000)
    with qtbot.waitSignal(panel.session.ended, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)


def test_decoding_follows_the_model_while_it_trains(qtbot, window):
    panel = window.trainingPanel
    panel.trainingSettings.autoStopCheck.setChecked(False)  # train the whole budget
    labels = []
    window.decodePanel.decoded.connect(
        lambda _: labels.append(window.decodePanel.modelLabel.text())
    )
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=30000)
    qtbot.waitUntil(
        lambda: "trained (unsaved)" in window.decodePanel.modelLabel.text(), timeout=2000
    )
    assert any("training, step" in text for text in labels)  # refreshed during the run
    assert window.decodePanel.plaintext() == "THIS-IS-A-SECRET"
    assert panel.statusLabel.text().startswith("Training finished.")
    assert window.current.bundle.model is not panel.session  # an inference copy


def test_closing_the_window_during_training_stops_the_worker(qtbot, window):
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.lossPlot.n_loss_points > 0, timeout=5000)
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert not panel.running


def test_app_exits_cleanly_when_closed_mid_training(tmp_path):
    """The real entry point in a subprocess: train, close after 1.5 s, exit 0, no thread warning."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    import os

    env = {**os.environ, **env}
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "gui", "--train", "--quit-after", "1.5"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "QThread" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("quit_after", ["0.001", "0.02", "0.2", "0.6"])
def test_closing_at_any_moment_of_a_tutorial_run_is_silent(quit_after):
    """The real entry point: a Tutorial run at full speed closed before its first step, as it
    starts, mid-run; exit 0 and nothing on stderr but Qt's own platform notes."""
    import os

    from cipherlab.core.settings import PRESETS
    from cipherlab.gui.settings import Settings

    settings = Settings()  # this test's settings folder, which the subprocess uses too
    settings.set("training/config", PRESETS["tutorial"].to_dict())
    settings.set("training/preset", "tutorial")
    settings.set("training/controls", {"speed": 10, "auto_stop": False})  # full speed
    proc = subprocess.run(
        [sys.executable, "-m", "cipherlab", "gui", "--train", "--quit-after", quit_after],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    noise = [
        line for line in proc.stderr.splitlines() if "This plugin does not support" not in line
    ]
    assert noise == []


@pytest.mark.parametrize("damage", ["truncate", "shape"])
def test_a_bad_model_file_leaves_the_current_model_untouched(window, tmp_path, damage):
    from cipherlab.core.network import CipherRNN
    from cipherlab.core.settings import ModelConfig
    from cipherlab.core.storage import ModelBundle, save_model

    path = tmp_path / "bad.safetensors"
    if damage == "truncate":
        path.write_bytes(default_model_path().read_bytes()[:500])
    else:
        bundle = ModelBundle(
            CipherRNN(ModelConfig(hidden_size=7)), window.current.bundle.cipher, {}
        )
        save_model(path, bundle)
        import json

        from safetensors import safe_open
        from safetensors.torch import load_file, save_file

        with safe_open(str(path), "pt") as fh:
            meta = json.loads(fh.metadata()["cipherlab"])
        meta["config"]["hidden_size"] = 32  # the header now disagrees with the tensors
        save_file(load_file(str(path)), str(path), metadata={"cipherlab": json.dumps(meta)})
    before = window.current.bundle
    assert window.files.open_model(path) is False
    assert window.current.bundle is before
    message = window.statusBar().currentMessage()
    assert ("truncated" in message) if damage == "truncate" else ("has shape" in message)
    assert reports == [message]  # and a dialog said the same
    assert window.decodePanel.plaintext() == "THIS-IS-A-SECRET"
