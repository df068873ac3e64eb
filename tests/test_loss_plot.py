"""The live loss plot draws a bounded number of points however long the run."""

from __future__ import annotations

import numpy as np
import pytest
from axis_labels import drawn_labels, drawn_x_labels

from cipherlab.core.session import RunHistory
from cipherlab.core.settings import PRESETS
from cipherlab.gui.training import MAX_POINTS, LossPlot


@pytest.fixture
def long_run(qtbot):
    """A plot showing a synthetic 1,000,000-step run with a validation point every 10 steps."""
    history = RunHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(900, 400)
    plot.show()
    run = history.start(PRESETS["tutorial"])
    steps = np.arange(1, 1_000_001, dtype=float)
    loss = 0.5 + 0.1 * np.sin(steps / 1000)
    loss[777_777] = 9.0  # one spike, which must stay visible
    for start in range(0, len(steps), 50_000):  # as live updates arrive
        chunk = slice(start, start + 50_000)
        run.loss.extend(steps[chunk], loss[chunk])
        run.smoothed.extend(steps[chunk], loss[chunk])
        every10 = steps[chunk][9::10]
        run.val_loss.extend(every10, np.full(len(every10), 0.4))
        run.val_accuracy.extend(every10, np.full(len(every10), 0.9))
        plot.mark_dirty()
        plot._redraw()
    return plot, run


def test_a_million_steps_draw_as_a_few_thousand_points_peaks_kept(long_run):
    plot, _run = long_run
    for curve in (plot.loss_curve, plot.smoothed_curve, plot.val_loss_curve):
        assert len(curve.xData) <= MAX_POINTS + 4  # as set, before pyqtgraph's own clipping
    x, y = plot.loss_curve.xData, plot.loss_curve.yData
    assert y.max() == 9.0 and x[y.argmax()] == 777_778
    assert x[0] == 1 and x[-1] == 1_000_000
    assert plot.val_loss_curve.opts["symbol"] is None  # 100,000 dots would be a smear
    assert len(plot.accuracy_curve.xData) <= MAX_POINTS + 4


def test_zooming_in_shows_every_raw_step(qtbot, long_run):
    plot, run = long_run
    plot.getPlotItem().vb.setXRange(500_000, 500_100, padding=0)
    plot._redraw()
    x, y = plot.loss_curve.xData, plot.loss_curve.yData  # as set (before pyqtgraph clips)
    assert list(x[1:-1]) == list(range(500_000, 500_101))  # every step, one more each side
    np.testing.assert_array_equal(y, run.loss.view()[1][int(x[0]) - 1 : int(x[-1])])
    vx = plot.val_loss_curve.xData
    assert list(vx) == list(range(499_990, 500_111, 10))  # the ten in view, one each side
    assert plot.val_loss_curve.opts["symbol"] == "o"


def _finished_run(number, steps):
    """An ended run whose four curves have the given steps (a loss falling from 2 to 0.1)."""
    from cipherlab.core.session import RunRecord, RunStatus

    run = RunRecord(number, PRESETS["fast"], versions={})
    steps = np.asarray(steps, dtype=float)
    for name in ("loss", "smoothed", "val_loss", "val_accuracy"):
        getattr(run, name).extend(steps, np.linspace(2.0, 0.1, len(steps)))
    run.status, run.step = RunStatus.STOPPED, len(steps)
    return run


@pytest.mark.parametrize("length", [10, 3 * MAX_POINTS])  # raw and decimated
@pytest.mark.parametrize("bad_step", [np.inf, 1e308])
def test_a_run_with_absurd_steps_never_hides_the_other_runs(qtbot, length, bad_step):
    """Issue 19: a damaged run's inf or 1e308 steps are left out of what is drawn; the redraw
    never fails, and the normal run overlaid after it is drawn in full."""
    history = RunHistory()
    bad = _finished_run(1, [*range(1, length), bad_step])
    bad.first_full_accuracy_step = 10**400  # a marker that far cannot be drawn either
    good = _finished_run(2, range(1, 6))
    history.runs += [bad, good]
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(900, 400)
    plot.show()
    assert history.set_overlaid(bad, True) and history.set_overlaid(good, True)
    history.current = bad  # the bad one drawn as the current run too
    history.currentChanged.emit(bad)
    plot.set_log_scale(True)
    plot.grab()  # a paint: pyqtgraph's range arithmetic ran on what was drawn
    bad_curve, good_curve = plot.overlays[0].loss, plot.overlays[1].loss
    assert plot.overlay_colour(good) == plot.overlays[1].colour and good_curve.isVisible()
    assert list(good_curve.xData) == [1, 2, 3, 4, 5]
    assert list(plot.overlays[1].accuracy.xData) == [1, 2, 3, 4, 5]
    for curve in (bad_curve, plot.loss_curve, plot.val_loss_curve, plot.accuracy_curve):
        assert len(curve.xData) and np.isfinite(curve.xData).all()
        assert curve.xData.max() == length - 1  # every step but the absurd one
    assert not plot.full_accuracy_marker.isVisible()


def test_with_no_current_run_the_loss_axis_names_the_overlaid_runs_unit(qtbot):
    """Issue 20: after Reset, a language model's overlaid loss is labelled in bits."""
    from dataclasses import replace

    history = RunHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    lm = history.start(replace(PRESETS["fast"], task="lm", data="english"))
    history.end(lm)
    history.clear_current()
    assert history.set_overlaid(lm, True)
    assert plot.getPlotItem().getAxis("left").labelText == "loss (bits/symbol)"
    history.set_overlaid(lm, False)
    assert plot.getPlotItem().getAxis("left").labelText == "loss (nats/symbol)"


def test_the_legend_never_covers_the_curves_or_the_reference_labels(qtbot):
    """Issue 20: the legend sits under the data area, whole, its entries in one row."""
    from dataclasses import replace

    history = RunHistory()
    lm = replace(PRESETS["fast"], task="lm", data="english")
    earlier = _finished_run(1, range(1, 400))
    earlier.config = lm
    history.runs.append(earlier)
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(700, 300)
    plot.show()
    run = history.start(lm)
    run.reference_bits = (4.08, 3.30)
    steps = np.arange(1, 301, dtype=float)
    for name in ("loss", "smoothed", "val_loss"):
        getattr(run, name).extend(steps, np.linspace(3.5, 2.0, 300))
    run.val_accuracy.extend(steps, np.linspace(0.2, 1.0, 300))
    assert history.set_overlaid(earlier, True)
    plot.mark_dirty()
    plot._redraw()
    legend, view = plot.getPlotItem().legend, plot.getPlotItem().vb

    def tops():
        return [label.sceneBoundingRect().top() for _, label in legend.items]

    qtbot.waitUntil(lambda: len(set(tops())) == 1, timeout=1000)  # side by side, one row
    assert [label.text for _, label in legend.items] == [
        "training loss", "validation loss", "validation accuracy", "Run 1", "smoothed (EMA 0.9)"
    ]  # fmt: skip
    box = legend.sceneBoundingRect()
    assert not box.intersects(view.sceneBoundingRect())
    assert box.top() >= plot.getPlotItem().getAxis("bottom").sceneBoundingRect().bottom()
    # under the plot, not beside it: the data area keeps the width between the two axes
    axes = [plot.getPlotItem().getAxis(side).sceneBoundingRect() for side in ("left", "right")]
    assert view.sceneBoundingRect().width() >= plot.width() - axes[0].width() - axes[1].width() - 12
    assert not box.intersects(plot.getPlotItem().getAxis("right").sceneBoundingRect())
    assert plot.sceneRect().contains(box)  # whole, not cut off by the widget's edge
    assert all(box.contains(label.sceneBoundingRect()) for _, label in legend.items)
    for line in plot.reference_lines:
        assert line.isVisible()
        assert view.sceneBoundingRect().contains(line.label.sceneBoundingRect())


def test_a_narrow_plot_wraps_the_legend_instead_of_cutting_it_off(qtbot):
    """Issue 20: at 1280x720 the plot is under 500 px wide; the legend takes a second row."""
    history = RunHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(420, 300)
    plot.show()
    run = history.start(PRESETS["fast"])
    steps = np.arange(1, 301, dtype=float)
    for name in ("loss", "smoothed", "val_loss"):
        getattr(run, name).extend(steps, np.linspace(3.5, 2.0, 300))
    plot.mark_dirty()
    plot._redraw()
    legend, view = plot.getPlotItem().legend, plot.getPlotItem().vb
    qtbot.waitUntil(lambda: plot.sceneRect().contains(legend.sceneBoundingRect()), timeout=1000)
    tops = {round(label.sceneBoundingRect().top()) for _, label in legend.items}
    assert len(legend.items) == 4
    assert len(tops) == 2
    assert not legend.sceneBoundingRect().intersects(view.sceneBoundingRect())


def test_before_any_run_the_plot_says_so_instead_of_inventing_steps(qtbot):
    """Issue 20: the empty loss plot's axes read 0.2-0.8; now a note, then real numbers."""
    history = RunHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(900, 400)
    plot.show()
    assert drawn_x_labels(plot) == []
    assert drawn_labels(plot, "left") == [] and drawn_labels(plot, "right") == []
    assert plot.empty_note.label.isVisible()
    assert plot.empty_note.label.toPlainText() == "No run yet: press Train"
    run = history.start(PRESETS["tutorial"])
    plot._redraw()
    assert drawn_x_labels(plot) == [] and plot.empty_note.label.isVisible()  # no step yet
    run.loss.extend(np.arange(1.0, 101.0), np.linspace(3.0, 1.0, 100))
    plot.mark_dirty()
    plot._redraw()
    assert not plot.empty_note.label.isVisible()
    qtbot.waitUntil(lambda: "100" in drawn_x_labels(plot))  # the view fitted to the run
    assert drawn_x_labels(plot) == ["0", "20", "40", "60", "80", "100", "120"]
    assert "3" in drawn_labels(plot, "left")  # losses of 1 to 3 nats, ticked automatically
    history.start(PRESETS["tutorial"])  # a new run with no step yet: the note again
    assert plot.empty_note.label.isVisible() and drawn_x_labels(plot) == []
    assert drawn_labels(plot, "left") == []
