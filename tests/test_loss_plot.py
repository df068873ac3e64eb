"""The live loss plot draws a bounded number of points however long the run."""

from __future__ import annotations

import numpy as np
import pytest

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
