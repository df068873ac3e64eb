"""Live plot of training loss per step and validation accuracy (second axis)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

from core.live_feed import LiveUpdate

REDRAW_HZ = 25


class GrowingSeries:
    """An (x, y) buffer that grows by doubling, so appends are amortised O(1)."""

    def __init__(self, capacity: int = 1024) -> None:
        self.x = np.empty(capacity, dtype=np.float64)
        self.y = np.empty(capacity, dtype=np.float64)
        self.size = 0

    def clear(self) -> None:
        """Forget all points (keeps the memory)."""
        self.size = 0

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        """Append points; non-finite y values are dropped (one NaN hides a whole curve)."""
        keep = np.isfinite(y)
        x, y = x[keep], y[keep]
        need = self.size + len(x)
        if need > len(self.x):
            capacity = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, capacity)
            self.y = np.resize(self.y, capacity)
        self.x[self.size : need] = x
        self.y[self.size : need] = y
        self.size = need

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        """The filled part of the buffers (views, not copies)."""
        return self.x[: self.size], self.y[: self.size]


class LossPlot(pg.PlotWidget):
    """Training loss (left axis, nats per symbol) and validation accuracy (right axis, 0-1).

    Data arrive at any rate through :meth:`add_update`; the curves are redrawn from the
    buffers by a timer at most :data:`REDRAW_HZ` times a second.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("lossPlot")
        self.setToolTip(
            "Training loss per step (blue, left axis) and validation accuracy "
            "(orange, right axis, 0–1)"
        )
        item = self.getPlotItem()
        item.setLabel("bottom", "step")
        item.setLabel("left", "training loss (nats/symbol)")
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.addLegend(offset=(-10, 10))
        self.loss = GrowingSeries()
        self.accuracy = GrowingSeries(256)
        self.loss_curve = item.plot(pen=pg.mkPen("#1f77b4", width=1), name="training loss")

        # Second y axis for accuracy: a ViewBox linked on x (pyqtgraph's MultiplePlotAxes).
        self.accuracy_view = pg.ViewBox()
        item.showAxis("right")
        item.scene().addItem(self.accuracy_view)
        item.getAxis("right").linkToView(self.accuracy_view)
        item.getAxis("right").setLabel("validation accuracy")
        self.accuracy_view.setXLink(item)
        self.accuracy_view.setYRange(0, 1, padding=0.02)
        self.accuracy_view.setMouseEnabled(x=False, y=False)
        self.accuracy_curve = pg.PlotDataItem(
            pen=pg.mkPen("#ff7f0e", width=2),
            symbol="o",
            symbolSize=4,
            symbolBrush="#ff7f0e",
            symbolPen=None,
            name="validation accuracy",
        )
        self.accuracy_view.addItem(self.accuracy_curve)
        item.legend.addItem(self.accuracy_curve, "validation accuracy")
        item.vb.sigResized.connect(self._sync_views)

        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // REDRAW_HZ)
        self._timer.timeout.connect(self._redraw)
        self._timer.start()

    def _sync_views(self) -> None:
        self.accuracy_view.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def clear_run(self) -> None:
        """Empty both curves for a new run."""
        self.loss.clear()
        self.accuracy.clear()
        self._dirty = True
        self._redraw()

    def add_update(self, update: LiveUpdate) -> None:
        """Buffer a training update; it is drawn at the next redraw tick."""
        self.loss.extend(update.steps.astype(np.float64), update.losses)
        self.accuracy.extend(update.val_steps.astype(np.float64), update.val_accuracies)
        self._dirty = True

    @property
    def n_loss_points(self) -> int:
        """Number of loss points currently drawn."""
        return len(self.loss_curve.xData) if self.loss_curve.xData is not None else 0

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.loss_curve.setData(*self.loss.view())
        self.accuracy_curve.setData(*self.accuracy.view())
