"""Model files in the window, never losing a trained model, settings, menus and manners."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from dataclasses import replace

import pytest
import torch
from PySide6.QtCore import QByteArray, QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
)
from safetensors.torch import save_file

from cipherlab.core.autosave import Autosave
from cipherlab.core.config import PRESETS, ModelConfig
from cipherlab.core.model import CipherRNN
from cipherlab.core.modelfile import load_model, save_model
from cipherlab.core.user_dirs import data_dir
from cipherlab.gui.main_window import MainWindow
from cipherlab.gui.settings import DEFAULTS, Settings
from cipherlab.resources import default_model_path

Button = QMessageBox.StandardButton


def autosave() -> Autosave:
    """The autosave the window uses (in this test's data folder)."""
    return Autosave(data_dir())


class Prompts:
    """Stands in for the window's questions: records them and gives set answers."""

    def __init__(self, monkeypatch):
        self.save_changes: list[str] = []
        self.restore = 0
        self.errors: list[str] = []
        self.answer = Button.Discard
        self.restore_answer = True
        self.save_path = ""
        # Plain functions (not bound methods), so they bind to the window like the originals.
        from cipherlab.gui.file_actions import FileActions

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
    return Prompts(monkeypatch)


@pytest.fixture
def make_window(qtbot, prompts):
    windows = []

    def make():
        w = MainWindow(default_model_path())
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    prompts.answer = Button.Discard  # pytest-qt closes the windows after the test
    for w in windows:
        w.trainingPanel.shutdown()


def train_tiny(qtbot, window):
    """A 20-step Fast run to the end of its budget; waits for the final weights."""
    panel = window.trainingPanel
    panel.set_config(replace(PRESETS["fast"], steps=20))
    panel.trainingSettings.autoStopCheck.setChecked(False)
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)
    qtbot.waitUntil(lambda: window.current.unsaved, timeout=5000)


def state(bundle):
    return {k: v.clone() for k, v in bundle.model.state_dict().items()}


def same_weights(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# ------------------------------------------------------------------ never lose work
def test_no_question_before_training(make_window, prompts):
    window = make_window()
    assert not window.current.unsaved
    window.close()
    assert not window.isVisible()
    assert prompts.save_changes == []


def test_question_after_training_cancel_keeps_everything(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    assert "trained (unsaved)" in window.decodePanel.modelLabel.text()
    assert window.isWindowModified()
    trained = window.current.bundle

    prompts.answer = Button.Cancel
    assert window.files.open_model(default_model_path()) is False
    assert window.current.bundle is trained
    window.close()
    assert window.isVisible()
    assert len(prompts.save_changes) == 2

    prompts.answer = Button.Discard
    window.close()
    assert not window.isVisible()
    assert len(prompts.save_changes) == 3
    assert autosave().pending is False  # discarded: not offered again


def test_question_before_new_model_after_training(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    prompts.answer = Button.Discard
    assert window.files.new_model() is True
    assert len(prompts.save_changes) == 1
    assert window.current.name == "untitled (untrained)" and not window.current.unsaved
    assert window.modelCard.card["Steps trained"] == "0"
    assert window.current.bundle.model.config.hidden_size == 32
    window.close()
    assert len(prompts.save_changes) == 1  # an untrained model loses nothing


def test_save_answer_saves_then_closes_without_asking_again(qtbot, make_window, prompts, tmp_path):
    window = make_window()
    train_tiny(qtbot, window)
    weights = state(window.current.bundle)
    prompts.answer = Button.Save
    prompts.save_path = tmp_path / "mine"  # no suffix: .safetensors is added
    window.close()
    assert not window.isVisible()
    saved = tmp_path / "mine.safetensors"
    loaded = load_model(saved)
    assert same_weights(loaded.model.state_dict(), weights)
    meta = loaded.metadata
    assert meta["training"] == {"preset": "custom", **replace(PRESETS["fast"], steps=20).to_dict()}
    assert meta["metrics"]["steps"] == 20 and 0 <= meta["metrics"]["val_accuracy"] <= 1
    assert {"python", "torch", "numpy", "safetensors"} <= meta["versions"].keys()
    assert meta["created"].endswith("+00:00")
    settings = Settings()
    assert settings.get("files/last_model") == str(saved.resolve())
    assert settings.recent_files() == [str(saved.resolve())]
    assert autosave().pending is False


def test_save_as_dialog_cancelled_keeps_the_window_open(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    prompts.answer = Button.Save
    prompts.save_path = ""  # the file dialog is cancelled
    window.close()
    assert window.isVisible() and window.current.unsaved
    prompts.answer = Button.Discard


def test_closing_during_training_asks_first(qtbot, make_window, prompts):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.lossPlot.n_loss_points > 0, timeout=5000)
    prompts.answer = Button.Cancel
    window.close()
    assert window.isVisible() and panel.running
    assert "still running" in prompts.save_changes[0]
    prompts.answer = Button.Discard
    window.close()
    assert not window.isVisible() and not panel.running


def test_trained_model_is_autosaved_and_offered_at_next_start(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    weights = state(window.current.bundle)
    assert autosave().path.is_file()
    assert autosave().pending is True
    window.quit_without_asking()  # as if the app had crashed: nothing was asked
    assert prompts.save_changes == []

    again = make_window()
    assert again.files.offer_restore() is True
    assert prompts.restore == 1
    assert same_weights(again.current.bundle.model.state_dict(), weights)
    assert again.current.unsaved and "restored" in again.decodePanel.modelLabel.text()


def test_declined_restore_is_not_offered_again(qtbot, make_window, prompts):
    window = make_window()
    train_tiny(qtbot, window)
    window.quit_without_asking()
    prompts.restore_answer = False
    again = make_window()
    assert again.files.offer_restore() is False
    assert again.files.offer_restore() is False
    assert prompts.restore == 1
    assert again.current.name == "default"


def test_no_restore_offer_without_an_unsaved_run(make_window, prompts):
    assert make_window().files.offer_restore() is False
    assert prompts.restore == 0


# -------------------------------------------------------------------------- files
def test_open_save_as_and_recent(make_window, prompts, tmp_path, tiny_bundle):
    path = tmp_path / "tiny.safetensors"
    save_model(path, tiny_bundle)
    window = make_window()
    prompts.save_path = path
    assert window.files.open_dialog() is True
    assert window.current.path == path and window.windowTitle() == "tiny[*] — Cipher Lab"
    assert window.modelCard.card["File"] == str(path)
    recent = [a.toolTip() for a in window.menus.recentMenu.actions() if a.toolTip()]
    assert recent[0] == str(path.resolve())

    prompts.save_path = tmp_path / "copy.safetensors"
    assert window.files.save_as() is True
    assert window.current.path == prompts.save_path
    assert same_weights(load_model(prompts.save_path).model.state_dict(), state(tiny_bundle))
    assert Settings().recent_files()[:2] == [
        str(prompts.save_path.resolve()),
        str(path.resolve()),
    ]
    assert window.files.save() is True  # to its own file now, no dialog
    assert prompts.errors == []


def test_save_of_the_shipped_model_asks_for_a_name(make_window, prompts, tmp_path):
    window = make_window()
    prompts.save_path = ""
    assert window.files.save() is False  # Save As was cancelled: resources are not written
    assert window.current.save_target is None


def test_save_errors_are_reported(make_window, prompts, tmp_path):
    window = make_window()
    prompts.save_path = tmp_path / "model.pt"
    assert window.files.save_as() is False
    assert "not .pt (pickle)" in prompts.errors[0]


def _nan_file(path):
    config = ModelConfig()
    tensors = CipherRNN(config).state_dict()
    tensors["linear.bias"][3] = float("nan")
    meta = {
        "format": "cipherlab-model",
        "format_version": 1,
        "config": config.to_dict(),
        "cipher": {"kind": "caesar", "shift": 13, "alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"},
    }
    save_file(tensors, str(path), metadata={"cipherlab": json.dumps(meta)})


class _Marker:
    def __reduce__(self):
        return (open, (os.environ["CIPHERLAB_MARKER"], "w"))


@pytest.mark.parametrize("damage", ["nan", "pickle"])
def test_a_bad_file_is_explained_and_the_model_kept(make_window, prompts, tmp_path, damage,
                                                    monkeypatch):  # fmt: skip
    window = make_window()
    before = window.current.bundle
    marker = tmp_path / "marker"
    monkeypatch.setenv("CIPHERLAB_MARKER", str(marker))
    if damage == "nan":
        path = tmp_path / "nan.safetensors"
        _nan_file(path)
    else:
        path = tmp_path / "evil.pt"
        torch.save({"x": _Marker()}, path)  # torch.load(weights_only=False) would run it
    assert window.files.open_model(path) is False  # a dialog says why
    expected = "NaN or infinite weights" if damage == "nan" else "never opens pickles"
    assert expected in window.statusBar().currentMessage()
    assert len(prompts.errors) == 1 and expected in prompts.errors[0]
    assert window.current.bundle is before
    assert window.decodePanel.plaintextOutput.toPlainText() == "THIS-IS-A-SECRET"
    assert not marker.exists()
    assert prompts.save_changes == []


def test_pickle_named_safetensors_never_runs(make_window, prompts, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    monkeypatch.setenv("CIPHERLAB_MARKER", str(marker))
    path = tmp_path / "evil.safetensors"
    path.write_bytes(pickle.dumps(_Marker(), protocol=2))
    window = make_window()
    assert window.files.open_model(path) is False
    assert "pickle" in prompts.errors[0] and not marker.exists()


def test_dropping_a_model_file_opens_it(qtbot, make_window, tmp_path, tiny_bundle):
    path = tmp_path / "dropped.safetensors"
    save_model(path, tiny_bundle)
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.current.path == path, timeout=2000)
    assert window.current.name == "dropped"


# ----------------------------------------------------------------------- settings
def test_settings_survive_a_window_re_creation(make_window):
    custom = replace(PRESETS["tutorial"], hidden_size=12, seed=7)
    window = make_window()
    window.trainingPanel.set_config(custom)
    smallest = window.minimumSizeHint()
    size = (smallest.width() + 57, smallest.height() + 31)
    window.resize(*size)
    window.splitter.setSizes([1000, 600])
    window.close()
    again = make_window()
    assert again.trainingPanel.config() == custom
    assert again.trainingPanel.trainingSettings.presetSelector.currentText() == "Custom"
    # Qt fits restored geometry to the screen, and the offscreen screen is only 800 px wide
    # (narrower than the window can be), so only the height comes back exactly here.
    assert again.height() == size[1]
    assert Settings().get("window/splitter") == window.splitter.sizes()


def test_geometry_and_splitter_survive_on_a_big_screen(tmp_path):
    """The default offscreen screen is narrower than the window; use a 2560 x 1600 one."""
    screens = {"screens": [{"name": "big", "x": 0, "y": 0, "width": 2560, "height": 1600,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}  # fmt: skip
    (tmp_path / "screen.json").write_text(json.dumps(screens))
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from cipherlab.gui.main_window import MainWindow\n"
        "from cipherlab.resources import default_model_path\n"
        "w = MainWindow(default_model_path()); w.show(); w.resize(1900, 1000)\n"
        "w.splitter.setSizes([1150, 750]); app.processEvents(); sizes = w.splitter.sizes()\n"
        "w.close()\n"
        "v = MainWindow(default_model_path()); v.show(); app.processEvents()\n"
        "assert (v.width(), v.height()) == (1900, 1000), v.size()\n"
        "assert v.splitter.sizes() == sizes, (v.splitter.sizes(), sizes)\n"
        "v.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screen.json'}"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_reset_settings(make_window):
    window = make_window()
    window.trainingPanel.set_config(replace(PRESETS["tutorial"], seed=9))
    window.resize(window.width() + 100, window.height() + 100)
    window.close()
    again = make_window()
    assert again.trainingPanel.config().seed == 9
    again.files.reset_settings()
    assert again.trainingPanel.config() == PRESETS["fast"]
    assert Settings().get("training/config") == {}
    smallest = again.minimumSizeHint()
    assert again.width() == max(1440, smallest.width())
    assert again.height() == max(860, smallest.height())


def test_typed_reads_fall_back_to_defaults(tmp_path):
    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("window/splitter", "not json")
    raw.setValue("files/recent", json.dumps([1, 2]))
    raw.sync()
    settings = Settings(path)
    assert settings.get("window/splitter") == DEFAULTS["window/splitter"]
    assert settings.get("files/recent") == []
    settings.add_recent(tmp_path / "a.safetensors")
    assert Settings(path).get("files/last_model") == str((tmp_path / "a.safetensors").resolve())
    with pytest.raises(TypeError):
        settings.set("files/recent", "a")


def test_tests_never_touch_the_real_settings():
    home = os.path.expanduser("~")
    assert not str(Settings().path).startswith(os.path.join(home, ".config"))
    assert not str(autosave().path).startswith(home)


# ------------------------------------------------------------------------ manners
def test_menus_shortcuts_and_about(make_window):
    from cipherlab.gui.about import about_text

    window = make_window()
    files = window.menus
    assert files.openAction.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert files.saveAction.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert files.quitAction.shortcut() == QKeySequence("Ctrl+Q")
    about = about_text()
    for name in ("Cipher Lab", "torch", "PySide6", "Qt", "python"):
        assert name in about


def test_copy_and_save_decoded_text(make_window, prompts, tmp_path):
    window = make_window()
    window.menus.copyTextAction.trigger()
    assert QGuiApplication.clipboard().text() == "THIS-IS-A-SECRET"
    prompts.save_path = tmp_path / "out.txt"
    window.menus.saveTextAction.trigger()
    assert prompts.save_path.read_text(encoding="utf-8") == "THIS-IS-A-SECRET"


def test_model_card_panel(make_window):
    window = make_window()
    window.modelCardDock.toggleViewAction().trigger()
    assert window.modelCardDock.isVisible()
    text = window.modelCard.text()
    for part in ("Caesar +13", "Steps trained", "1,500", "100.0%", "torch", "Created"):
        assert part in text


def test_every_control_has_a_tooltip_and_main_widgets_are_named(make_window):
    window = make_window()
    controls = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QSlider, QTextEdit,
                QPlainTextEdit)  # fmt: skip
    # Spin boxes' inner line edits share their box's tip; the plaintext view shows a tooltip
    # per letter (from an event filter) instead of one for the widget.
    exempt = {"qt_spinbox_lineedit", "plaintextOutput"}
    missing = [
        w.objectName() or type(w).__name__
        for cls in controls
        for w in window.findChildren(cls)
        if w.isVisibleTo(window) and w.objectName() not in exempt and not w.toolTip()
    ]
    assert missing == []
    for widget in (window.trainingPanel.lossPlot, window.decodePanel.probabilityBars,
                   window.decodePanel.ciphertextInput, window.decodePanel.plaintextOutput,
                   window.trainingPanel.trainingSettings.presetSelector):  # fmt: skip
        assert widget.accessibleName()
    # Tab order: settings, run controls, plot, then the decode panel from the top.
    chain, widget = [], window.trainingPanel.trainingSettings.presetSelector
    while widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    tab = [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible()]
    panel, decode = window.trainingPanel, window.decodePanel
    key = [panel.trainingSettings.presetSelector, panel.trainButton, panel.stopButton, panel.lossPlot,
           decode.ciphertextInput, decode.plaintextOutput]  # fmt: skip
    positions = [tab.index(w) for w in key]
    assert positions == sorted(positions)


def test_the_window_paints_before_torch_is_imported(tmp_path):
    code = (
        "import sys\n"
        "from cipherlab.cli import build_parser\n"
        "build_parser().parse_args(['gui'])\n"
        "import cipherlab.gui.app\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from cipherlab.gui.main_window import MainWindow\n"
        "w = MainWindow(deferred=True); w.show(); app.processEvents()\n"
        "assert 'torch' not in sys.modules, 'torch imported before the first paint'\n"
        "assert not w.menus.saveAction.isEnabled()\n"
        "w.finish_loading(None); assert 'torch' in sys.modules and w.loaded\n"
        "w.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_geometry_setting_is_base64(make_window):
    window = make_window()
    window.close()
    stored = Settings().get("window/geometry")
    assert window.restoreGeometry(QByteArray.fromBase64(stored.encode()))


def test_train_save_quit_reopen_and_continue(qtbot, make_window, prompts, tmp_path):
    from cipherlab.gui.app import start_model

    window = make_window()
    train_tiny(qtbot, window)
    weights, config = state(window.current.bundle), window.trainingPanel.config()
    prompts.save_path = tmp_path / "kept.safetensors"
    assert window.files.save() is True
    window.close()
    assert prompts.save_changes == []  # saved: nothing to ask

    chosen = start_model(Settings(), None)  # what `cipherlab` opens at the next start
    assert chosen == str(prompts.save_path.resolve())
    again = make_window()
    assert again.files.open_model(chosen)
    assert same_weights(again.current.bundle.model.state_dict(), weights)
    assert again.trainingPanel.config() == config
    assert again.files.offer_restore() is False and prompts.restore == 0
    prompts.save_path.unlink()
    assert start_model(Settings(), None) is None  # gone: the shipped model it is


# --------------------------------------------------------------- QA regressions
def test_closing_during_training_and_discarding_leaves_no_pending_autosave(
    qtbot, make_window, prompts
):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.step_count > 5, timeout=5000)
    prompts.answer = Button.Discard
    window.close()
    assert prompts.save_changes  # it asked first
    qtbot.waitUntil(lambda: not panel.running, timeout=2000)
    settings = Settings()
    assert not autosave().pending
    assert not autosave().path.exists()
