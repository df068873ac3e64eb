"""The window at classroom sizes (1280 x 720, 1024 x 700) and at its own minimum: no field is
squeezed, no widget is drawn over another, the letters under the bars are on screen and far
enough apart to read, and whatever does not fit can be scrolled to (issue 9, item 12)."""

from __future__ import annotations

import itertools

import pytest
from axis_labels import drawn_label_rects
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from cipherlab.core.ciphers import SEED_CIPHER

CLASSROOM = [(1280, 720), (1024, 700)]
SIZES = [*CLASSROOM, "minimum"]
LONG_TEXT = SEED_CIPHER.encrypt("THE-QUICK-BROWN-FOX-JUMPS-OVER-THE-LAZY-DOG-" * 3)  # 132 symbols


@pytest.fixture
def window(make_window):
    w = make_window()
    w.decodePanel.set_ciphertext(LONG_TEXT)
    w.decodePanel.refresh()
    settings = w.trainingPanel.trainingSettings  # every field in view, as a user may open it
    settings.advancedSection.set_expanded(True)
    settings.mistakesSection.set_expanded(True)
    return w


def settle(window, size) -> None:
    """Resize the window to ``size`` (or its minimum) and let every layout follow."""
    if size == "minimum":
        smallest = window.minimumSizeHint()
        size = (smallest.width(), smallest.height())
    window.resize(*size)
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert (window.width(), window.height()) == size  # the window allows this size


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    """``widget``'s rectangle in ``ancestor``'s coordinates."""
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def laid_out_widgets(layout: QLayout) -> list[QWidget]:
    """The visible widgets a layout places, its nested layouts' included."""
    found = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None and item.widget().isVisible():
            found.append(item.widget())
        elif item.layout() is not None:
            found += laid_out_widgets(item.layout())
    return found


def least_height(widget: QWidget) -> int:
    """The height a layout may give ``widget`` at least (its set minimum, else its hint)."""
    return widget.minimumHeight() or widget.minimumSizeHint().height()


def scroll_to(column: QScrollArea, widget: QWidget) -> None:
    """Scroll ``column`` until ``widget`` is in view (Qt's ensureWidgetVisible would take a
    plot's input-method cursor, its top-left corner, for the whole plot)."""
    top = widget.mapTo(column.widget(), QPoint(0, 0)).y()
    bottom, height = top + widget.height(), column.viewport().height()
    column.verticalScrollBar().setValue(top if widget.height() > height else bottom - height)
    QApplication.processEvents()


def assert_no_overlap_or_squeeze(panel: QWidget) -> None:
    """No widget ``panel`` lays out is squeezed or drawn over another; nor in its views."""
    widgets = laid_out_widgets(panel.layout())
    for w in widgets:
        assert w.height() >= least_height(w), (w.objectName() or type(w).__name__, w.size())
    for a, b in itertools.combinations(widgets, 2):
        ra, rb = rect_in(a, panel), rect_in(b, panel)
        assert not ra.intersects(rb), (a.objectName() or a, ra, b.objectName() or b, rb)
    for view in widgets:  # a view of the panel (the decode panel's views) lays out its own
        if view.layout() is not None and not isinstance(view, QScrollArea):
            assert_no_overlap_or_squeeze(view)


@pytest.mark.parametrize("key_mode", ["known", "unknown"])
def test_the_smallest_window_fits_a_1024_x_700_screen(window, key_mode):
    """The key mode selector and the candidate keys once widened the window to 1,099 px."""
    window.decodePanel.set_key_mode(key_mode)
    smallest = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert smallest.width() <= 1024 and smallest.height() <= 700, smallest


@pytest.mark.parametrize("size", SIZES)
def test_settings_fields_keep_their_size(window, size):
    """Squeezed to 15-17 px high in a 720 px window, the fields clipped their text."""
    settle(window, size)
    settings = window.trainingPanel.trainingSettings
    fields = [
        w
        for w in settings.findChildren(QWidget)
        if isinstance(w, (QComboBox, QLineEdit, QAbstractSpinBox))
        and not isinstance(w.parent(), QAbstractSpinBox)  # a spin box's own line edit
    ]
    assert len(fields) >= 15
    for field in fields:
        need = field.minimumSizeHint()
        assert field.height() >= need.height(), (field.objectName(), field.size(), need)
        assert field.width() >= need.width(), (field.objectName(), field.size(), need)
    cell = settings.form.editor("cell")
    text_px = QFontMetrics(cell.font()).horizontalAdvance(cell.currentText())
    assert cell.width() >= cell.sizeHint().width() and cell.width() > text_px  # "LSTM" whole


@pytest.mark.parametrize("size", SIZES)
def test_no_widget_is_drawn_over_another(window, size):
    """At 1024 x 700 the distribution label and chart lay over the probability bars."""
    settle(window, size)
    assert_no_overlap_or_squeeze(window.decodePanel)
    assert_no_overlap_or_squeeze(window.trainingPanel)
    assert_no_overlap_or_squeeze(window.trainingPanel.settingsColumn.widget())


@pytest.mark.parametrize("size", SIZES)
def test_the_letters_under_the_bars_are_on_screen_and_readable(window, size):
    settle(window, size)
    bars = window.decodePanel.decodingView.probabilityBars
    column = window.decodeColumn
    scroll_to(column, bars)
    axis = bars.getPlotItem().getAxis("bottom")
    letters = bars.mapFromScene(axis.sceneBoundingRect()).boundingRect()
    assert bars.rect().contains(letters), (letters, bars.rect())
    on_screen = rect_in(column.viewport(), window)
    assert on_screen.contains(letters.translated(bars.mapTo(window, QPoint(0, 0))))
    # every slot in view has room for a letter: pyqtgraph draws crowded letters over each other
    vb = bars.getPlotItem().vb
    (x0, x1), _ = vb.viewRange()
    letter_px = QFontMetrics(bars.font()).horizontalAdvance("W")
    assert vb.width() / (x1 - x0) >= letter_px, (vb.width(), x1 - x0)
    assert x1 - x0 >= 8  # and a few letters at least are shown


@pytest.mark.parametrize("size", CLASSROOM)
def test_the_bars_are_shown_whole_without_scrolling_at_classroom_sizes(window, size):
    settle(window, size)
    column = window.decodeColumn
    column.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    bars = rect_in(window.decodePanel.decodingView.probabilityBars, window)
    assert rect_in(column.viewport(), window).contains(bars), bars


def test_at_the_smallest_size_everything_can_be_scrolled_to(window):
    settle(window, "minimum")
    for column, panel in (
        (window.decodeColumn, window.decodePanel),
        (window.trainingPanel.settingsColumn, window.trainingPanel.settingsColumn.widget()),
    ):
        viewport = column.viewport()
        for widget in laid_out_widgets(panel.layout()):
            scroll_to(column, widget)
            shown = rect_in(widget, viewport)
            if widget.height() <= viewport.height():
                assert viewport.rect().contains(shown), (widget.objectName(), shown)
            else:  # taller than the view: at least it is scrolled into it
                assert viewport.rect().intersects(shown), (widget.objectName(), shown)
    window_rect = window.rect()
    panel = window.trainingPanel
    for widget in (panel.trainButton, panel.resetButton, panel.logScaleToggle, panel.lossPlot):
        assert window_rect.contains(rect_in(widget, window)), widget.objectName()


@pytest.fixture
def larger_font(qapp):
    """The app's font 1.4 times larger, as a teacher might set for a projector."""
    font = qapp.font()
    larger = QFont(font)
    larger.setPointSizeF(font.pointSizeF() * 1.4)
    qapp.setFont(larger)
    yield
    qapp.setFont(font)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_labels_and_buttons_show_their_whole_text_in_a_larger_font(larger_font, make_window, size):
    window = make_window()
    settle(window, size)
    widgets = window.findChildren(QLabel) + window.findChildren(QAbstractButton)
    shown = [
        w
        for w in widgets
        if w.isVisible() and w.text() and not (isinstance(w, QLabel) and w.wordWrap())
    ]
    assert len(shown) >= 20
    for w in shown:
        assert w.width() >= w.minimumSizeHint().width(), (w.text(), w.width())
        assert w.height() >= w.minimumSizeHint().height(), (w.text(), w.height())


def tick_texts(plot, axis_name: str) -> list[tuple[str, QRect]]:
    """The tick labels pyqtgraph draws on one axis, with their rectangles in ``plot``."""
    axis = plot.getPlotItem().getAxis(axis_name)
    return [
        (text, plot.mapFromScene(axis.mapToScene(rect)).boundingRect())
        for text, rect in drawn_label_rects(plot, axis_name)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_every_tick_label_is_whole_on_screen(window, size):
    """The top labels (1.0 of the empty loss plot, 1 of the distribution) were cut in half."""
    settle(window, size)
    decode = window.decodePanel
    # the loss plot's axes are blank before a run (issue 20: it invented 0-1 there)
    assert tick_texts(window.trainingPanel.lossPlot, "left") == []
    checks = [
        (decode.decodingView.probabilityBars, "left"),
        (decode.decodingView.probabilityBars, "bottom"),
        (decode.decodingView.distributionPlot, "left"),
    ]
    for plot, axis_name in checks:
        texts = tick_texts(plot, axis_name)
        assert texts, (plot.objectName(), axis_name)
        for text, rect in texts:
            assert plot.rect().contains(rect), (plot.objectName(), axis_name, text, rect)


def test_the_bars_follow_the_width_both_ways_unless_zoomed(window):
    bars = window.decodePanel.decodingView.probabilityBars
    vb = bars.getPlotItem().vb

    def span() -> float:
        (x0, x1), _ = vb.viewRange()
        return x1 - x0

    settle(window, (1920, 1080))
    wide = span()
    settle(window, (1024, 700))
    assert span() < wide  # fewer letters, each readable
    settle(window, (1920, 1080))
    assert span() == pytest.approx(wide)  # and back again
    vb.setXRange(0, 10, padding=0)  # the user zooms in: a resize keeps it
    settle(window, (1280, 720))
    assert span() == pytest.approx(10)


def test_five_candidate_keys_are_shown_whole_at_1280_x_720(window, qtbot):
    """Issue 20: the candidate keys' table showed two and a half rows at 1280 x 720."""
    panel = window.decodePanel
    panel.set_key_mode("unknown")
    crack = panel.crackView
    qtbot.waitUntil(lambda: not crack.busy and crack.keyCandidates.rowCount() >= 5, timeout=20000)
    settle(window, (1280, 720))
    table = crack.keyCandidates
    scroll_to(window.decodeColumn, table)
    viewport = table.viewport()
    on_screen = rect_in(window.decodeColumn.viewport(), window)
    for row in range(5):
        cell = table.visualRect(table.model().index(row, 1))
        assert viewport.rect().contains(cell), (row, cell, viewport.rect())
        assert on_screen.contains(cell.translated(viewport.mapTo(window, QPoint(0, 0)))), row


# ------------------------------------------------- presenter mode and the view tabs (issue 20)
MODES = ["normal", "presenter"]


def set_mode(window, mode: str) -> None:
    if (mode == "presenter") != window.presenterModeAction.isChecked():
        window.presenterModeAction.trigger()


@pytest.fixture
def modal_window(window):
    """The window; presenter mode, if a test switched it on, is off again afterwards."""
    yield window
    set_mode(window, "normal")  # the app's font is shared by the tests that follow


@pytest.mark.parametrize("mode", MODES)
def test_no_control_is_squeezed_in_either_mode_at_1280_x_720(modal_window, mode):
    window = modal_window
    set_mode(window, mode)
    settings = window.trainingPanel.trainingSettings
    if mode == "normal":  # every hyperparameter in view too
        settings.advancedSection.set_expanded(True)
        settings.mistakesSection.set_expanded(True)
    settle(window, (1280, 720))
    assert_no_overlap_or_squeeze(window.decodePanel)
    assert_no_overlap_or_squeeze(window.trainingPanel)
    assert_no_overlap_or_squeeze(window.trainingPanel.settingsColumn.widget())
    fields = [
        w
        for w in settings.findChildren(QWidget)
        if isinstance(w, (QComboBox, QLineEdit, QAbstractSpinBox))
        and not isinstance(w.parent(), QAbstractSpinBox)
        and w.isVisible()
    ]
    assert len(fields) >= (15 if mode == "normal" else 4)
    for field in fields:
        need = field.minimumSizeHint()
        assert field.height() >= need.height(), (field.objectName(), field.size(), need)
        assert field.width() >= need.width(), (field.objectName(), field.size(), need)


@pytest.mark.parametrize("mode", MODES)
def test_every_label_and_tab_is_whole_in_either_mode_at_1280_x_720(modal_window, mode):
    window = modal_window
    set_mode(window, mode)
    settle(window, (1280, 720))
    widgets = window.findChildren(QLabel) + window.findChildren(QAbstractButton)
    shown = [
        w
        for w in widgets
        if w.isVisible() and w.text() and not (isinstance(w, QLabel) and w.wordWrap())
    ]
    assert len(shown) >= 15
    for w in shown:
        assert w.width() >= w.minimumSizeHint().width(), (w.text(), w.width())
        assert w.height() >= w.minimumSizeHint().height(), (w.text(), w.height())
    bar = window.trainingPanel.viewTabs.tabBar()
    assert [bar.tabText(i) for i in range(bar.count())] == [
        "Loss and accuracy",
        "Runs",
        "Inside",
        "Generalisation",
    ]
    for i in range(bar.count()):  # no tab scrolled out of sight or cut short
        assert bar.rect().contains(bar.tabRect(i)), (bar.tabText(i), bar.tabRect(i), bar.rect())
        text_px = bar.fontMetrics().horizontalAdvance(bar.tabText(i))
        assert bar.tabRect(i).width() > text_px, bar.tabText(i)


@pytest.mark.parametrize("mode", MODES)
def test_the_runs_tab_shows_the_newest_run_and_every_line_whole(qtbot, modal_window, mode):
    from dataclasses import replace

    from cipherlab.core.settings import PRESETS

    window = modal_window
    set_mode(window, mode)
    history = window.trainingPanel.history
    for seed in range(25):
        history.end(history.start(replace(PRESETS["tutorial"], seed=seed, steps=50 + seed)))
    settle(window, (1280, 720))
    tabs = window.trainingPanel.viewTabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    panel = window.trainingPanel.historyPanel
    assert tabs.currentWidget() is panel
    run_list = panel.runList
    QApplication.processEvents()
    viewport = run_list.viewport().rect()
    assert run_list.count() == 25
    assert viewport.height() >= 8 * run_list.fontMetrics().height()  # real height, not 3 rows
    newest = run_list.item(run_list.count() - 1)
    assert newest.text().startswith("Run 25 ·")
    qtbot.waitUntil(lambda: viewport.contains(run_list.visualItemRect(newest)), timeout=2000)
    flags = Qt.TextFlag.TextWordWrap
    for row in range(run_list.count()):
        item = run_list.item(row)
        rect = run_list.visualItemRect(item)
        room = QRect(0, 0, rect.width() - 24, 10_000)  # less the tick box and swatch
        need = run_list.fontMetrics().boundingRect(room, flags, item.text())
        assert rect.height() >= need.height(), (item.text(), rect, need)  # no "…", no cut line
    assert not run_list.horizontalScrollBar().isVisible()


def test_the_run_comparison_never_moves_the_list(qtbot, modal_window):
    """The comparison under the list grew by a line or two and pushed the list up."""
    from dataclasses import replace

    from cipherlab.core.settings import PRESETS

    window = modal_window
    settle(window, (1280, 720))
    history = window.trainingPanel.history
    runs = [
        history.start(replace(PRESETS["tutorial"], seed=1)),
        history.start(replace(PRESETS["fast"], seed=2, steps=77, hidden_size=40)),
    ]
    for run in runs:
        history.end(run)
    window.trainingPanel.show_view(window.trainingPanel.historyPanel)
    QApplication.processEvents()
    run_list = window.trainingPanel.historyPanel.runList
    label = window.trainingPanel.historyPanel.differenceLabel
    before = rect_in(run_list, window)
    assert label.text() == "Tick runs to compare them."
    history.set_overlaid(runs[0], True)
    for _ in range(3):
        QApplication.processEvents()
    assert label.text().startswith("Differs (Run 2 / Run 1): ")
    assert rect_in(run_list, window) == before


@pytest.mark.parametrize("mode", MODES)
def test_the_vigenere_map_grid_shows_every_key_position(qtbot, modal_window, mode):
    from cipherlab.resources import example_models

    window = modal_window
    set_mode(window, mode)
    window.files.open_model(example_models()["vigenere"])
    settle(window, (1280, 720))
    action = next(a for a in window.findChildren(QAction) if a.text() == "Inside the network")
    action.trigger()
    inside = window.insideView
    inside.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: inside.active and not inside.busy, timeout=30000)
    view = inside.mappingView
    qtbot.waitUntil(lambda: len(view.plots) == 5, timeout=30000)
    settle(window, (1280, 720))
    heatmap = view.mappingHeatmap
    room = heatmap.rect()
    for k, plot in enumerate(view.plots):
        shown = heatmap.mapFromScene(plot.sceneBoundingRect()).boundingRect()
        assert room.contains(shown), (k + 1, shown, room)  # key position k + 1, whole
