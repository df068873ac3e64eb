"""View > Presenter mode (issue 20): larger text and plots, only the story's controls, and
everything back as it was when it is switched off; hyperparameters behind Advanced."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from cipherlab.core.settings import PRESETS
from cipherlab.gui.settings import Settings

STORY = (
    *("trainButton", "stopButton", "speedSlider", "fullSpeedButton"),
    *("taskSelector", "cipherSelector", "keyInput", "presetSelector"),
)
NOT_STORY = (
    *("pauseButton", "stepButton", "resetButton", "alphabetSelector", "dataSourceSelector"),
    *("cipherPreview", "advancedSection", "mistakesSection"),
)


def named(window, name: str) -> QWidget:
    widget = window.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def point_size(font) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def plot_text_sizes(window) -> dict[str, float]:
    """The sizes of the loss plot's text: an axis label, the legend and the empty-plot note."""
    plot = window.trainingPanel.lossPlot
    item = plot.getPlotItem()
    legend_size = item.legend.opts["labelTextSize"]
    return {
        "axis label": point_size(item.getAxis("left").label.font()),
        "legend": float(legend_size.removesuffix("pt")),
        "note": point_size(plot.empty_note.label.textItem.font()),
        "ticks": point_size(plot.font()),  # pyqtgraph draws tick labels in the plot's font
    }


def shown_widgets(window) -> dict[str, tuple[bool, tuple[int, int] | None]]:
    """Each named widget: shown or not, and if shown its size once the layouts settled."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    return {
        w.objectName(): (w.isVisible(), (w.width(), w.height()) if w.isVisible() else None)
        for w in window.findChildren(QWidget)
        if w.objectName()
    }


@pytest.fixture
def presenter(make_window):
    window = make_window()
    action = window.findChild(QAction, "presenterModeAction")
    assert action is not None
    yield window, action
    action.setChecked(False)  # the app's font is shared by the tests that follow


def test_presenter_mode_is_in_the_view_menu_under_its_name(presenter):
    window, action = presenter
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert action in view.actions()
    assert action.text() == "&Presenter mode" and action.isCheckable() and not action.isChecked()
    assert action.shortcut() == QKeySequence(Qt.Key.Key_F11)
    assert action.toolTip().startswith("For a projector (F11): larger text and plots")


def test_f11_makes_text_and_plots_larger_and_shows_only_the_story(qtbot, presenter):
    window, action = presenter
    window.resize(1280, 720)
    font_before = point_size(window.font())
    plot_before = plot_text_sizes(window)
    shown_before = shown_widgets(window)
    assert all(shown_before[name][0] for name in STORY + NOT_STORY)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert action.isChecked()
    assert point_size(window.font()) >= 1.4 * font_before
    assert point_size(window.trainingPanel.trainButton.font()) >= 1.4 * font_before
    for name, size in plot_text_sizes(window).items():
        assert size >= 1.4 * plot_before[name] - 1e-6, name
    assert all(named(window, name).isVisible() for name in STORY)
    assert not any(named(window, name).isVisible() for name in NOT_STORY)
    qtbot.keyClick(window, Qt.Key.Key_F11)  # and off: everything as it was
    assert not action.isChecked()
    assert point_size(window.font()) == font_before
    assert plot_text_sizes(window) == plot_before
    assert shown_widgets(window) == shown_before


def test_presenter_mode_is_remembered_across_restarts(presenter, make_window):
    window, action = presenter
    normal = point_size(QApplication.font())
    action.trigger()
    assert Settings().get("view/presenter") is False  # saved when the window closes
    window.close()
    assert Settings().get("view/presenter") is True
    assert point_size(QApplication.font()) == normal  # the closed window gave the font back
    again = make_window()
    again_action = again.findChild(QAction, "presenterModeAction")
    assert again_action.isChecked()
    assert point_size(QApplication.font()) >= 1.4 * normal
    assert not again.trainingPanel.pauseButton.isVisible()
    again_action.trigger()
    assert point_size(QApplication.font()) == normal


def test_a_beginner_mistake_that_is_on_stays_named_in_presenter_mode(qtbot, presenter):
    window, action = presenter
    settings = window.trainingPanel.trainingSettings
    note = settings.mistakesOnNote
    qtbot.mouseClick(settings.mistakesSection.toggleButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(settings.mistakeChecks["batch_of_one"], Qt.MouseButton.LeftButton)
    assert settings.mistakeChecks["batch_of_one"].isVisible() and not note.isVisible()
    action.trigger()
    assert not settings.mistakesSection.isVisible()
    assert note.isVisible() and note.text() == "Beginner mistake on: One message a step"
    action.trigger()
    assert settings.mistakeChecks["batch_of_one"].isVisible() and not note.isVisible()
    qtbot.mouseClick(settings.mistakesSection.toggleButton, Qt.MouseButton.LeftButton)
    assert note.isVisible()  # folded away by hand: still named


def test_advanced_is_collapsed_at_first_start_in_both_modes(qtbot, presenter):
    window, action = presenter
    settings = window.trainingPanel.trainingSettings
    rate = settings.form.editor("learning_rate")
    for section in (settings.advancedSection, settings.mistakesSection):
        assert section.isVisible() and not section.is_expanded()
    assert not rate.isVisible() and not settings.threads.isVisible()
    settings.set_config(replace(PRESETS["fast"], learning_rate=0.5))  # folded, still set
    assert rate.text() == "0.5" and settings.config().learning_rate == 0.5
    assert not settings.mistakeChecks["no_zero_grad"].isVisible()
    qtbot.mouseClick(settings.advancedSection.toggleButton, Qt.MouseButton.LeftButton)
    assert rate.isVisible() and settings.threads.isVisible() and settings.autoStopCheck.isVisible()
    qtbot.mouseClick(settings.advancedSection.toggleButton, Qt.MouseButton.LeftButton)
    assert not rate.isVisible()
    action.trigger()
    action.trigger()
    assert not settings.advancedSection.is_expanded() and not rate.isVisible()


@pytest.mark.parametrize("family", ["Caesar", "Autokey"])
def test_the_story_boxes_show_their_whole_text_in_presenter_mode(qtbot, presenter, family):
    """At 1.4 x the task box read "Decrypt a ciphe" and the key box "defa…" at 1280 x 720."""
    window, action = presenter
    window.resize(1280, 720)
    action.trigger()
    task = window.trainingPanel.trainingSettings.task
    task.cipherSelector.setCurrentIndex(task.cipherSelector.findText(family))
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    for box in (task.taskSelector, task.cipherSelector, named(window, "presetSelector")):
        assert box.width() >= box.sizeHint().width(), (box.objectName(), box.currentText())
    key = task.keyInput
    placeholder = key.fontMetrics().horizontalAdvance(key.placeholderText())
    assert key.placeholderText() == ("default: 13" if family == "Caesar" else "default: QUEENLY")
    assert key.contentsRect().width() >= placeholder + 4  # inside its 2-pixel text margins


def test_styled_notes_grow_with_the_text_around_them(qtbot, presenter):
    """The coloured notes (a style sheet each) kept the normal size in presenter mode."""
    from PySide6.QtWidgets import QLabel

    window, action = presenter
    settings = window.trainingPanel.trainingSettings
    qtbot.mouseClick(settings.mistakesSection.toggleButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(settings.mistakeChecks["rot13_inverse"], Qt.MouseButton.LeftButton)
    note = settings.mistakesOnNote
    normal = point_size(QApplication.font())
    action.trigger()
    assert note.isVisible()
    styled = [w for w in window.findChildren(QLabel) if w.styleSheet()]
    assert note in styled and len(styled) >= 3
    for label in styled:
        assert point_size(label.font()) >= 1.4 * normal - 0.01, (label.objectName(), label.text())
    action.trigger()
    for label in styled:
        assert point_size(label.font()) == normal, label.objectName()


def test_the_agreement_sentence_has_the_column_to_itself(qtbot, presenter):
    """Beside its title it wrapped into a tower of five lines in presenter mode."""
    window, action = presenter
    window.resize(1280, 720)
    action.trigger()
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    view = window.decodePanel.decodingView
    label = view.agreementLabel
    assert label.text().startswith("— Caesar +13, A–Z and -: agreement with the exact decryption")
    assert label.width() >= 0.9 * view.width()
    assert label.y() > view.exactTitle.y()  # under its title
    assert label.height() <= 3 * label.fontMetrics().lineSpacing() + 4
