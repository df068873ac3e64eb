"""The main window as a whole: closing, settings that survive it, geometry and splitter, menus,
the model card, tooltips, names and tab order, and a first paint before torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence
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

from cipherlab.core.session import RunStatus
from cipherlab.core.settings import PRESETS, preset
from cipherlab.gui.main_window import usable_splitter_sizes
from cipherlab.gui.settings import DEFAULTS, Settings

Button = QMessageBox.StandardButton


# -------------------------------------------------------------------------- closing
def test_closing_during_training_asks_first(qtbot, make_window, prompts):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.live, timeout=5000)  # the first weights arrived
    prompts.answer = Button.Cancel
    window.close()
    assert window.isVisible() and panel.running
    assert "still running" in prompts.save_changes[0]
    prompts.answer = Button.Discard
    window.close()
    assert not window.isVisible() and not panel.running


def test_closing_before_the_first_weights_asks_nothing_and_saves_nothing(
    qtbot, make_window, prompts, autosave
):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    panel.speedSlider.setValue(0)  # one step a second: no weights for a while
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    assert window.current.following and not window.current.live
    assert not window.isWindowModified()
    window.close()
    assert not window.isVisible() and prompts.save_changes == []  # nothing learned to lose
    assert not panel.running and not autosave.pending
    assert panel.history.runs[-1].status is RunStatus.STOPPED


@pytest.mark.parametrize("moment", ["same turn as Train", "mid-run", "paused", "ended"])
def test_closing_at_any_moment_of_a_run_leaves_no_thread_and_raises_nothing(
    qtbot, make_window, prompts, moment
):
    from PySide6.QtCore import QThreadPool

    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    panel.trainingSettings.autoStopCheck.setChecked(moment != "ended")
    if moment == "ended":
        panel.set_config(replace(PRESETS["fast"], steps=20))
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    if moment in ("mid-run", "paused"):
        qtbot.waitUntil(lambda: panel.step_count > 50, timeout=10000)
    if moment == "paused":
        qtbot.mouseClick(panel.pauseButton, Qt.MouseButton.LeftButton)
        assert panel.session.control.paused
    if moment == "ended":
        qtbot.waitUntil(lambda: not panel.running, timeout=10000)
    prompts.answer = Button.Discard
    window.close()  # pytest-qt fails the test on any exception raised in Qt's event loop
    assert not window.isVisible() and not panel.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0  # no worker outlives it
    assert panel.history.runs[-1].status is not RunStatus.RUNNING


def test_closing_during_training_and_discarding_leaves_no_pending_autosave(
    qtbot, make_window, prompts, autosave
):
    window = make_window()
    panel = window.trainingPanel
    panel.select_preset("tutorial")
    qtbot.mouseClick(panel.trainButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current.live, timeout=5000)
    prompts.answer = Button.Discard
    window.close()
    assert prompts.save_changes  # it asked first
    qtbot.waitUntil(lambda: not panel.running, timeout=2000)
    assert not autosave.pending
    assert not autosave.path.exists()


# ------------------------------------------------------------------------ settings
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


def test_beginner_mistakes_are_off_after_a_restart_and_the_status_bar_says_so(qtbot, make_window):
    """Issue 20: a mistake ticked in one session was silently on in the next. The rest of
    the form comes back; the mistakes start off, and the status bar names the ones that
    were on."""
    window = make_window()
    settings = window.trainingPanel.trainingSettings
    settings.select_preset("tutorial")
    qtbot.mouseClick(settings.mistakesSection.toggleButton, Qt.MouseButton.LeftButton)
    for name in ("rot13_inverse", "batch_of_one"):
        qtbot.mouseClick(settings.mistakeChecks[name], Qt.MouseButton.LeftButton)
    assert settings.config().mistakes == ("batch_of_one", "rot13_inverse")
    window.close()
    assert Settings().get("training/config")["mistakes"] == ["batch_of_one", "rot13_inverse"]
    again = make_window()
    settings = again.trainingPanel.trainingSettings
    assert not any(check.isChecked() for check in settings.mistakeChecks.values())
    assert again.trainingPanel.config() == PRESETS["tutorial"]
    assert settings.presetSelector.currentText() == "Tutorial"
    assert again.statusBar().currentMessage() == (
        "Beginner mistakes are off at start-up (on when the app closed: One message a step, "
        "+13 as its own inverse)."
    )
    again.close()
    third = make_window()  # none was on this time: nothing to say
    assert "Beginner mistakes" not in third.statusBar().currentMessage()


def test_after_a_restart_the_form_says_when_it_is_not_the_model_on_screen(make_window):
    """Issue 20: the window restored the last form and opened the shipped model, and the
    form passed for a description of that model. A note beside Train says what differs."""
    vigenere = preset("fast", cipher="vigenere", key="LEMON")
    Settings().set("training/config", vigenere.to_dict())
    window = make_window()  # the shipped model: Caesar +13, hidden 32
    panel = window.trainingPanel
    assert panel.config() == vigenere
    assert panel.modelNote.isVisible()
    assert panel.modelNote.text() == (
        "The form's settings are not those of the model on screen (cipher, hidden size): "
        "Train makes a new model."
    )
    panel.set_config(PRESETS["fast"])  # the shipped model's own settings: nothing to say
    assert not panel.modelNote.isVisible()
    panel.set_config(replace(PRESETS["fast"], steps=99, seed=5))  # training, not the model
    assert not panel.modelNote.isVisible()
    panel.set_config(replace(PRESETS["fast"], alphabet="letters", key="13", embedding_dim=8))
    assert panel.modelNote.text().startswith(
        "The form's settings are not those of the model on screen (alphabet, embedding size)"
    )


def test_speed_and_auto_stop_come_back_as_left(make_window):
    window = make_window()
    panel = window.trainingPanel
    panel.speedSlider.setValue(3)  # 10 steps/s
    panel.trainingSettings.autoStopCheck.setChecked(False)
    window.close()
    again = make_window().trainingPanel
    assert again.speedSlider.value() == 3 and again.speedLabel.text() == "10 steps/s"
    assert not again.trainingSettings.autoStopCheck.isChecked()
    assert again.stop_rule() is None


def test_the_first_window_fits_a_projector_screen(tmp_path):
    """At 1280 x 720 the default 1440 x 860 would run off the screen."""
    screen = {"name": "projector", "x": 0, "y": 0, "width": 1280, "height": 720,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    (tmp_path / "screen.json").write_text(json.dumps({"screens": [screen]}))
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from cipherlab.gui.main_window import MainWindow\n"
        "from cipherlab.resources import default_model_path\n"
        "w = MainWindow(default_model_path()); w.show(); app.processEvents()\n"
        "assert w.width() <= 1280 and w.height() <= 720, w.size()\n"
        "w.quit_without_asking()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screen.json'}"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


def test_geometry_and_splitter_survive_on_a_big_screen(tmp_path):
    """The default offscreen screen is narrower than the window; use a 2560 x 1600 one."""
    screens = {
        "screens": [
            {
                "name": "big",
                "x": 0,
                "y": 0,
                "width": 2560,
                "height": 1600,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }
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
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0, proc.stderr


def test_the_remembered_data_file_is_read_off_the_gui_thread_at_start(
    qtbot, make_window, tmp_path, slow_reader
):
    """Issue 19: the window read the remembered training text on its GUI thread at every
    start. It now opens at once, says it is reading, and keeps the remembered seed."""
    import threading

    book = tmp_path / "book.txt"
    book.write_text("It was the best of times. " * 20, encoding="utf-8")
    remembered = replace(PRESETS["fast"], data="file", data_path=str(book), seed=77)
    Settings().set("training/config", remembered.to_dict())
    window = make_window()  # returns while the read is held
    qtbot.waitUntil(lambda: bool(slow_reader.threads), timeout=5000)
    assert slow_reader.threads[0] is not threading.main_thread()
    panel = window.trainingPanel
    task = panel.trainingSettings.task
    assert task.reading and task.dataError.text() == "Reading book.txt…"
    assert not panel.trainButton.isEnabled()  # Train waits for the file
    with qtbot.waitSignal(task.checked, timeout=5000):
        slow_reader.release.set()
    assert panel.trainButton.isEnabled() and panel.config() == remembered
    assert panel.preset_name() == "fast"


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
    smallest, free = again.minimumSizeHint(), again.screen().availableGeometry()
    assert again.width() == max(min(1440, free.width()), smallest.width())
    assert again.height() == max(min(860, free.height()), smallest.height())


def test_geometry_setting_is_base64(make_window):
    window = make_window()
    window.close()
    stored = Settings().get("window/geometry")
    assert window.restoreGeometry(QByteArray.fromBase64(stored.encode()))


def test_saved_splitter_sizes_that_hide_a_panel_fall_back_to_defaults():
    assert usable_splitter_sizes([700, 600]) == [700, 600]
    for bad in ([-100, 99_999_999], [0, 0], [500], [1.5, 600]):
        assert usable_splitter_sizes(bad) == DEFAULTS["window/splitter"]


# ------------------------------------------------------------------------- manners
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


def test_model_card_panel(make_window):
    window = make_window()
    window.modelCardDock.toggleViewAction().trigger()
    assert window.modelCardDock.isVisible()
    text = window.modelCard.browser.toPlainText()
    for part in ("Caesar +13", "Steps trained", "1,500", "100.0%", "torch", "Created"):
        assert part in text


def test_every_control_has_a_tooltip_and_main_widgets_are_named(make_window):
    window = make_window()
    controls = (
        QAbstractButton,
        QComboBox,
        QAbstractSpinBox,
        QLineEdit,
        QSlider,
        QTextEdit,
        QPlainTextEdit,
    )
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
    for widget in (
        window.trainingPanel.lossPlot,
        window.decodePanel.decodingView.probabilityBars,
        window.decodePanel.ciphertextBox.ciphertextInput,
        window.decodePanel.decodingView.plaintextOutput,
        window.trainingPanel.trainingSettings.presetSelector,
    ):
        assert widget.accessibleName()
    # Tab order: settings, run controls, plot, then the decode panel from the top.
    chain, widget = [], window.trainingPanel.trainingSettings.presetSelector
    while widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    tab = [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible()]
    panel, decode = window.trainingPanel, window.decodePanel
    key = [
        panel.trainingSettings.presetSelector,
        panel.trainButton,
        panel.stopButton,
        panel.lossPlot,
        decode.ciphertextBox.ciphertextInput,
        decode.decodingView.plaintextOutput,
    ]
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
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr


def contrast(colour, background=(255, 255, 255)) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(colour), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_plot_text_is_legible_on_a_projector(make_window):
    import pyqtgraph as pg

    window = make_window()
    plots = window.findChildren(pg.PlotWidget)
    assert len(plots) >= 4
    checked = 0
    for plot in plots:
        item = plot.getPlotItem()
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            if not axis.isVisible():
                continue
            rgb = axis.textPen().color().getRgb()[:3]
            assert contrast(rgb) >= 4.5, (plot.objectName(), name, rgb)
            label = axis.label.defaultTextColor().getRgb()[:3]
            assert contrast(label) >= 4.5, (plot.objectName(), name, "label", label)
            checked += 1
        if item.legend is not None:
            for _sample, text in item.legend.items:
                rgb = text.item.defaultTextColor().getRgb()[:3]
                assert contrast(rgb) >= 4.5, (plot.objectName(), text.text, rgb)
                checked += 1
    assert checked >= 12


def test_start_up_imports_what_the_first_run_needs_so_train_imports_nothing():
    # torch's optimisers import ~830 modules when the first is built; inside a run that
    # froze the window for up to 150 ms (bench/long_run.py), so start-up does it instead
    code = (
        "import sys, torch\n"
        "from cipherlab.gui.app import warm_up_training\n"
        "warm_up_training().join()\n"
        "before = set(sys.modules)\n"
        "torch.optim.Adam([torch.zeros(1, requires_grad=True)])\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_view_generalisation_measures_the_current_model(qtbot, make_window):
    window = make_window()
    action = next(a for a in window.menuBar().actions() if a.text() == "&View").menu().actions()
    toggle = next(a for a in action if a.text() == "Generalisation")
    assert toggle.shortcut().toString() == "Ctrl+G"
    toggle.trigger()
    view = window.generalisationView
    assert window.trainingPanel.viewTabs.currentWidget() is view and view.isVisible()
    view.probeLengthsInput.setText("16,128")
    view.probeMessagesSpin.setValue(10)
    qtbot.mouseClick(view.probeButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.running and len(view.points) == 2, timeout=20000)
    assert [(p.length, p.symbol_accuracy, p.message_accuracy) for p in view.points] == [
        (16, 1.0, 1.0),
        (128, 1.0, 1.0),
    ]  # the shipped model holds far beyond its 32-symbol training messages


def test_opening_a_model_ticks_the_kept_run_that_made_it(make_window, tmp_path):
    """Issue 20: reopening a model whose run is kept shows that run's curves, not an empty plot."""
    import numpy as np

    from cipherlab.core.settings import PRESETS
    from cipherlab.core.storage import make_bundle, save_model

    w = make_window()
    history = w.trainingPanel.history
    runs = []
    for steps in (40, 60):  # same settings, different lengths: only one made the model
        run = history.start(PRESETS["fast"])
        run.step, run.examples_seen = steps, steps * 32
        run.loss.extend(np.arange(1.0, steps + 1), np.linspace(3.0, 1.0, steps))
        run.val_accuracy.extend(np.array([float(steps)]), np.array([0.75]))
        history.end(run)
        runs.append(run)
    history.clear_current()
    path = tmp_path / "reopened.safetensors"
    bundle = make_bundle(PRESETS["fast"], steps=60, val_accuracy=0.75, examples_seen=60 * 32)
    save_model(path, bundle)
    assert history.overlaid == []
    assert w.files.open_model(path)
    assert history.overlaid == [runs[1]]
    assert w.trainingPanel.lossPlot.overlay_colour(runs[1]) is not None


def test_ctrl_l_and_ctrl_g_open_their_tabs_and_the_inside_views_work_only_when_shown(
    qtbot, make_window
):
    """Issue 20: the inside and generalisation views were floating docks, hidden at start;
    they are tabs beside the loss plot, and the inside views compute only on their tab."""
    window = make_window()
    tabs, inside = window.trainingPanel.viewTabs, window.insideView
    assert tabs.currentIndex() == 0 and not inside.active  # the plot first
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is inside and inside.active
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is window.generalisationView and not inside.active
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert tabs.tabText(tabs.currentIndex()) == "Inside" and inside.active
    window.apply_default_settings()  # File > Reset settings: the plot's tab again
    assert tabs.currentIndex() == 0 and not inside.active


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_with_either_enter_key_starts_training(qtbot, make_window, key):
    """Ctrl with the keypad's Enter did nothing; only the main Return key started a run."""
    window = make_window()
    panel = window.trainingPanel
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if key == Qt.Key.Key_Enter:
        modifiers |= Qt.KeyboardModifier.KeypadModifier
    with qtbot.waitSignal(panel.runStarted, timeout=5000):
        qtbot.keyClick(window, key, modifiers)
    panel.stop()
    qtbot.waitUntil(lambda: not panel.running, timeout=10000)
