"""Live training curves: loss, smoothed loss, validation loss and accuracy, overlaid runs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QPen, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy, QWidget

from cipherlab.core.session import (
    MAX_OVERLAYS,
    SMOOTHING,
    GrowingSeries,
    PeakDecimator,
    RunHistory,
    RunRecord,
    smoothing_is_honest,
)
from cipherlab.core.settings import DECRYPT

from ..widgets import plot_style  # dark text on every plot (before any is made), room for it

REDRAW_HZ = 25
READOUT_HINT = "Move the mouse over the plot to read exact values."
"""The readout while the mouse is not over a curve."""
EMPTY_NOTE = "No run yet: press Train"
"""In the middle of the plot while no run is drawn (instead of invented step numbers)."""
OVERLAY_COLOURS = ("#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
SMOOTHED_NAME = f"smoothed (EMA {SMOOTHING:g})"
RAW_PEN, RAW_BOLD_PEN = ("#9ecae1", 1), ("#1f77b4", 2)  # behind a smoothed line / alone
LOG_FLOOR = 1e-8  # losses of exactly 0 would be -inf on a log axis
MAX_POINTS = 1024  # points drawn per curve: two per bucket, a bucket per pixel or two
SYMBOL_LIMIT = 200  # validation points drawn with a dot each; more are drawn as a line
MAX_DRAWN_STEP = 2.0**53
"""Steps beyond this are never drawn. Every whole step up to it is exact in float64, and no
run gets near it; a damaged run file's step of 1e308 made pyqtgraph's range arithmetic fail
in every redraw, for every curve on the plot (issue 19)."""


LEGEND_MARGIN = 8
"""Pixels of the plot's width the legend leaves free (the plot's own margins)."""
REFERENCE_NAMES = ("unigram", "bigram")  # letter counts, letter pairs (see the tooltip)


def loss_unit(run: RunRecord | None) -> tuple[float, str]:
    """How ``run``'s loss is drawn: a factor on nats and the unit's name.

    A language model's loss is drawn in bits per symbol (the unit of its reference lines
    and of the text-compression literature); a decryption model's in nats, as it is
    trained.
    """
    task = run.config.task_kind if run is not None else DECRYPT
    return task.loss_per_nat, task.loss_unit


def drawable(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points of float ``(n,)`` ``x`` and ``y`` that can be drawn.

    Both finite, and ``|x| <= MAX_DRAWN_STEP``; the arrays themselves when all can (no copy).
    """
    keep = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= MAX_DRAWN_STEP)
    return (x, y) if keep.all() else (x[keep], y[keep])


def drawable_step(step: int | None) -> int | None:
    """``step`` if a marker can be drawn there (see :data:`MAX_DRAWN_STEP`), else None."""
    return step if step is not None and 0 <= step <= MAX_DRAWN_STEP else None


def smoothed_or_raw(run: RunRecord) -> GrowingSeries:
    """The loss line that represents ``run``: smoothed once it is long enough, else raw."""
    return run.smoothed if smoothing_is_honest(len(run.loss), SMOOTHING) else run.loss


class DrawnSeries:
    """What a curve draws of a growing series: decimated, or raw where the view is zoomed in.

    The decimation is kept up to date incrementally (only new points are fed), so a redraw
    costs about the same at step 100 and at step 1,000,000. Points that cannot be drawn
    (:func:`drawable`) are left out.
    """

    def __init__(self) -> None:
        self.decimator = PeakDecimator(MAX_POINTS)
        self._series: GrowingSeries | None = None
        self._seen = 0  # points of the series looked at (the decimator gets the drawable ones)

    def points(
        self, series: GrowingSeries, x_range: tuple[float, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """At most about :data:`MAX_POINTS` drawable float64 ``(m,)`` x and y of ``series``.

        Within ``x_range`` (the view's), the raw points when there are few enough of them.
        """
        decimator = self.decimator
        if series is not self._series or len(series) < self._seen:
            self._series = series
            self._seen = 0
            decimator.reset()
        x, y = series.view()
        if len(x) > self._seen:
            decimator.feed(*drawable(x[self._seen :], y[self._seen :]))
            self._seen = len(x)
        if len(x) < MAX_POINTS:
            return drawable(x, y)
        if x_range is not None:  # zoomed in: the raw points in view (and one each side)
            lo = max(int(np.searchsorted(x, x_range[0])) - 1, 0)
            hi = int(np.searchsorted(x, x_range[1], side="right")) + 1
            if hi - lo <= MAX_POINTS:
                return drawable(x[lo:hi], y[lo:hi])
        dx, dy = decimator.points()
        # the series' own ends, so that auto-range frames exactly the raw curve
        return drawable(np.r_[x[0], dx, x[-1]], np.r_[y[0], dy, y[-1]])


class SteppedAutoRange(pg.ViewBox):
    """A ViewBox whose auto-range moves in steps instead of following every new point.

    pyqtgraph's auto-range fits the view to the data after every change, so during a run
    the axes (their ticks and labels, most of a frame's cost) were laid out again 25 times a
    second. Here the range changes only when the data leaves it or fills less than half of
    it, and then leaves room to grow: :data:`X_HEADROOM` of the span to the right of the
    latest step, :data:`Y_MARGIN` above and below. Zooming, panning and the "A" button
    work as in pyqtgraph.
    """

    def __init__(self) -> None:
        super().__init__(defaultPadding=0.0)  # the fit is the data's own bounds; see _stepped

    def setRange(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 (pyqtgraph's name)
        """As pyqtgraph's; an auto-range call is stepped (see the class)."""
        if self._updatingRange and kwargs.get("disableAutoRange") is False:
            (x0, x1), (y0, y1) = self.viewRange()
            x_range = _stepped(kwargs.pop("xRange", None), (x0, x1), X_MARGIN, X_HEADROOM)
            y_range = _stepped(kwargs.pop("yRange", None), (y0, y1), Y_MARGIN, Y_MARGIN)
            if x_range is None and y_range is None:
                return
            kwargs.update(xRange=x_range, yRange=y_range)
        super().setRange(*args, **kwargs)


X_HEADROOM = 0.25  # room to the right of the latest step, as a fraction of the span
X_MARGIN = 0.02  # room left of the first step
Y_MARGIN = 0.1  # room above and below the curves, as a fraction of their span


def _stepped(
    target: tuple[float, float] | None, current: tuple[float, float], below: float, above: float
) -> tuple[float, float] | None:
    """The new range for a ``target`` fit, or None to keep ``current``."""
    if target is None:
        return None
    lo, hi = target
    c_lo, c_hi = current
    if c_lo <= lo and hi <= c_hi and (hi - lo) >= 0.5 * (c_hi - c_lo):
        return None
    span = max(hi - lo, 1e-12)
    return (lo - below * span, hi + above * span)


def _pen(colour: str, width: float = 1, dash: bool = False) -> QPen:
    style = Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=width, style=style)


class _BottomLegend(pg.LegendItem):
    """A legend placed and sized by the plot's layout, in a row of its own under the plot.

    Its entries sit side by side, as many to a row as fit the plot's width (see
    :meth:`fit`), so the data area keeps the plot's full width and the legend is never cut
    off by the widget's edge.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._width = float("inf")

    def fit(self, width: float | None = None) -> None:
        """Put as many entries in a row as fit in ``width`` pixels (default: the last one)."""
        if width is not None:
            self._width = width
        for columns in range(max(len(self.items), 1), 0, -1):
            self.setColumnCount(columns)
            self.layout.invalidate()
            if self.layout.preferredWidth() <= self._width:
                break
        self.updateSize()

    def addItem(self, item: Any, name: str) -> None:  # noqa: N802 (pyqtgraph's name)
        """As pyqtgraph's; then the rows fit the plot's width again."""
        super().addItem(item, name)
        self.fit()

    def removeItem(self, item: Any) -> None:  # noqa: N802 (pyqtgraph's name)
        """As pyqtgraph's; the entries left close up (pyqtgraph leaves a hole in the grid)."""
        super().removeItem(item)
        for i in range(self.layout.count() - 1, -1, -1):
            self.layout.removeAt(i)
        for sample, label in self.items:
            self._addItemToLayout(sample, label)
        self.fit()

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Entries changed: the layout asks for the new size (pyqtgraph moved it to 0, 0)."""
        self.updateGeometry()


class _OverlayCurves:
    """The loss (smoothed if long enough) and validation accuracy of an earlier run."""

    def __init__(self, plot: LossPlot, colour: str) -> None:
        self.colour = colour
        self.loss = plot.getPlotItem().plot(pen=_pen(colour, 1.5))
        self.accuracy = pg.PlotDataItem(pen=_pen(colour, 1.5, dash=True))
        self.drawn_loss, self.drawn_accuracy = DrawnSeries(), DrawnSeries()
        plot.accuracy_view.addItem(self.accuracy)
        self.run: RunRecord | None = None

    def show(self, run: RunRecord | None, plot: LossPlot) -> None:
        self.run = run
        for item in (self.loss, self.accuracy):
            item.setVisible(run is not None)
        legend = plot.getPlotItem().legend
        legend.removeItem(self.loss)
        if run is not None:
            legend.addItem(self.loss, f"Run {run.number}")  # its row in the run list: the rest


class LossPlot(pg.PlotWidget):
    """Loss curves (left axis) and validation accuracy (right axis, 0-1).

    The loss is in nats per symbol for a decryption run and in bits per symbol for a
    language model, whose run also shows its training text's unigram and bigram entropies
    as dashed level lines (what letter counts and letter pairs alone would reach).

    Shows a :class:`~cipherlab.core.session.RunHistory`: its current run, and its
    overlaid runs each in a colour of its own. A run's smoothed loss is drawn only once the
    run is long enough for it to be honest (see
    :func:`~cipherlab.core.session.smoothing_is_honest`); before that the raw loss is the
    bold line, so a short run's curve never ends far above its latest loss. Curves are
    created once and refreshed from the runs' buffers by a timer at most
    :data:`REDRAW_HZ` times a second, with peak downsampling and clip-to-view so a
    100,000-step run redraws as fast as a short one.

    Parameters
    ----------
    history : RunHistory
        The runs to show.

    Signals
    -------
    readoutChanged(str)
        The crosshair readout (step, losses and accuracy under the mouse).
    """

    readoutChanged = Signal(str)

    def __init__(self, history: RunHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w", viewBox=SteppedAutoRange())
        self.history = history
        self.setObjectName("lossPlot")
        self.setToolTip(
            "Training loss per step (blue; light blue under a smoothed blue line once the run "
            "has 200 steps), validation loss (green) and validation accuracy (orange, "
            "right axis). A language model's loss is in bits per symbol; its dashed lines are "
            "the unigram entropy (letter counts alone) and bigram entropy (letter pairs) of "
            "its training text"
        )
        self.setMinimumHeight(220)
        plot_style.room_for_top_label(self)
        item = self.getPlotItem()
        item.setLabel("bottom", "step")
        item.setLabel("left", "loss (nats/symbol)")
        # no grid: pyqtgraph draws it as part of every axis repaint, ~10 ms a frame (6x the
        # rest of the plot), which the training thread pays for through the GIL
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        # under the step axis, outside the data area: it never covers a curve or the
        # reference lines' labels, however the curves run, and takes none of their width
        item.legend = _BottomLegend(
            labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen("#cccccc")
        )
        item.legend.setParentItem(item)
        item.layout.addItem(item.legend, 4, 0, 1, 3, alignment=Qt.AlignmentFlag.AlignHCenter)
        # the curves under it change every frame, so it was painted again every frame
        # (about 1 ms each): keep it as a pixmap, redrawn only when its entries change
        item.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.run: RunRecord | None = None
        self.log_scale = False

        self.loss_curve = item.plot(pen=_pen(*RAW_BOLD_PEN), name="training loss")
        self.smoothed_curve = item.plot(pen=_pen("#1f77b4", 2))
        self.smoothed_curve.setVisible(False)
        self.smoothing_shown = False
        self.val_loss_curve = item.plot(
            pen=_pen("#2ca02c", 1.5),
            symbol="o",
            symbolSize=4,
            symbolBrush="#2ca02c",
            symbolPen=None,
            name="validation loss",
        )

        # Second y axis for accuracy: a ViewBox linked on x (pyqtgraph's MultiplePlotAxes).
        self.accuracy_view = pg.ViewBox()
        item.showAxis("right")
        item.scene().addItem(self.accuracy_view)
        item.getAxis("right").linkToView(self.accuracy_view)
        item.getAxis("right").setLabel("validation accuracy")
        self.accuracy_view.setXLink(item)
        self.accuracy_view.setYRange(0, 1, padding=0.02)
        self.accuracy_view.setMouseEnabled(x=False, y=False)
        self.accuracy_curve = pg.PlotDataItem(pen=_pen("#ff7f0e", 2), name="validation accuracy")
        self.accuracy_view.addItem(self.accuracy_curve)
        item.legend.addItem(self.accuracy_curve, "validation accuracy")
        item.vb.sigResized.connect(self._sync_views)
        item.ctrl.logYCheck.toggled.connect(self._on_log_mode)  # after pyqtgraph's own slot

        self._view = item.vb  # kept: pyqtgraph drops its plot item when the widget closes
        self._drawn = {name: DrawnSeries() for name in ("loss", "smoothed", "val", "accuracy")}
        self._symbols_shown = True
        item.vb.sigXRangeChanged.connect(lambda *_: self.mark_dirty())  # zoomed: raw points?

        self.full_accuracy_marker = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=_pen("#2ca02c", 1, dash=True),
            label="100 % at step {value:.0f}",
            labelOpts={"position": 0.25, "color": "#2ca02c", "fill": (255, 255, 255, 200)},
        )
        self.full_accuracy_marker.setVisible(False)
        item.addItem(self.full_accuracy_marker, ignoreBounds=True)

        self.mapping_marker = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=_pen("#9467bd", 1, dash=True),
            label="mapping learned at step {value:.0f}",
            labelOpts={"position": 0.45, "color": "#9467bd", "fill": (255, 255, 255, 200)},
        )
        self.mapping_marker.setVisible(False)
        item.addItem(self.mapping_marker, ignoreBounds=True)

        self.reference_lines = []
        for colour, position in (("#7f7f7f", 0.02), ("#bcbd22", 0.02)):  # at the left
            line = pg.InfiniteLine(
                angle=0,
                movable=False,
                pen=_pen(colour, 1.5, dash=True),
                label="",
                labelOpts={"position": position, "color": "#333333",
                           "fill": (255, 255, 255, 210), "anchors": [(0, 1), (0, 1)]},
            )  # fmt: skip
            line.setVisible(False)
            item.addItem(line, ignoreBounds=True)
            self.reference_lines.append(line)

        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=_pen("#888888", 1, True))
        self.crosshair.setVisible(False)
        item.addItem(self.crosshair, ignoreBounds=True)
        self.readout = READOUT_HINT
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self.overlays = [_OverlayCurves(self, c) for c in OVERLAY_COLOURS]
        # no steps, losses or accuracies ticked before a run draws (pyqtgraph shows 0 to 1)
        sides = ("bottom", "left", "right")
        self.empty_note = plot_style.EmptyNote(self, EMPTY_NOTE, axes=sides, automatic=sides)

        self._dirty = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // REDRAW_HZ)
        self._timer.timeout.connect(self._redraw)
        self._timer.start()
        history.currentChanged.connect(self._show_run)
        history.overlaysChanged.connect(self._show_overlays)
        self._show_run(history.current)
        self._show_overlays()

    def resizeEvent(self, event: QResizeEvent | None) -> None:  # noqa: N802 (Qt's name)
        """As pyqtgraph's; the legend's rows fit the new width."""
        super().resizeEvent(event)
        legend = getattr(self.getPlotItem(), "legend", None)  # None while pyqtgraph builds it
        if isinstance(legend, _BottomLegend):
            legend.fit(self.width() - LEGEND_MARGIN)

    def close(self) -> bool:
        """Stop redrawing and following the history; pyqtgraph then frees the plot's items.

        After this, a late timer tick, zoom signal or history change draws nothing.
        """
        if not self._closed:
            self._timer.stop()
            self._closed = True
            self.history.currentChanged.disconnect(self._show_run)
            self.history.overlaysChanged.disconnect(self._show_overlays)
        return super().close()

    # ----------------------------------------------------------------- model
    def _show_run(self, run: RunRecord | None) -> None:
        """Draw ``run`` as the current run (its buffers keep growing while it trains)."""
        self.run = run
        self._label_loss_axis()
        self.clear_readout()  # a new run: nothing of the old one stays under the mouse
        self.mark_dirty()
        self._redraw()

    def _show_overlays(self) -> None:
        """Draw the history's overlaid runs, each in its own colour."""
        runs = self.history.overlaid[:MAX_OVERLAYS]
        for i, overlay in enumerate(self.overlays):
            overlay.show(runs[i] if i < len(runs) else None, self)
        self._label_loss_axis()
        self.mark_dirty()
        self._redraw()

    def _label_loss_axis(self) -> None:
        """The loss axis in the unit of the runs drawn (the history overlays only one unit)."""
        shown = self.run or next(iter(self.history.overlaid), None)
        self.getPlotItem().setLabel("left", f"loss ({loss_unit(shown)[1]})")

    def overlay_colour(self, run: RunRecord) -> str | None:
        """The colour an overlaid run is drawn in, or None if it is not overlaid."""
        return next((o.colour for o in self.overlays if o.run is run), None)

    def set_log_scale(self, on: bool) -> None:
        """Log-scale the loss axis (accuracy stays linear)."""
        self.getPlotItem().setLogMode(x=False, y=on)

    def _on_log_mode(self) -> None:
        """After pyqtgraph switched every axis (this toggle or the plot's own menu)."""
        item = self.getPlotItem()
        self.log_scale = item.ctrl.logYCheck.isChecked()
        # pyqtgraph puts the right axis in log mode too: it would read accuracy 1.0 as 10
        item.getAxis("right").setLogMode(False, False)
        self.mark_dirty()
        self._redraw()

    def mark_dirty(self) -> None:
        """Redraw at the next timer tick."""
        self._dirty = True

    @property
    def n_loss_points(self) -> int:
        """Number of loss points of the current run currently drawn."""
        return len(self.loss_curve.xData) if self.loss_curve.xData is not None else 0

    # ---------------------------------------------------------------- drawing
    def _sync_views(self) -> None:
        self.accuracy_view.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def _loss_data(
        self, series: GrowingSeries, drawn: DrawnSeries, scale: float = 1.0
    ) -> tuple[np.ndarray, np.ndarray]:
        x, y = drawn.points(series, self._x_range())
        if scale != 1.0:
            x, y = drawable(x, y * scale)  # a huge loss may overflow to inf in other units
        return (x, np.maximum(y, LOG_FLOOR)) if self.log_scale else (x, y)

    def _x_range(self) -> tuple[float, float] | None:
        """The steps in view, or None while the view follows the whole run."""
        vb = self._view
        if vb.autoRangeEnabled()[0]:
            return None
        x0, x1 = vb.viewRange()[0]
        return (x0, x1)

    def _show_symbols(self, n_points: int) -> None:
        """A dot per validation point while there are few; a plain line for many."""
        on = n_points <= SYMBOL_LIMIT
        if on != self._symbols_shown:
            self._symbols_shown = on
            self.val_loss_curve.setSymbol("o" if on else None)

    def _redraw(self) -> None:
        if not self._dirty or self._closed:
            return
        self._dirty = False
        run = self.run
        empty = GrowingSeries(1)
        drawn = self._drawn
        self._show_smoothing(run is not None and smoothing_is_honest(len(run.loss), SMOOTHING))
        scale = loss_unit(run)[0]
        self.loss_curve.setData(*self._loss_data(run.loss if run else empty, drawn["loss"], scale))
        if self.smoothing_shown:
            self.smoothed_curve.setData(
                *self._loss_data(run.smoothed if run else empty, drawn["smoothed"], scale)
            )
        self._show_references(run)
        val = self._loss_data(run.val_loss if run else empty, drawn["val"], scale)
        self._show_symbols(len(val[0]))
        self.val_loss_curve.setData(*val)
        self.accuracy_curve.setData(
            *drawn["accuracy"].points(run.val_accuracy if run else empty, self._x_range())
        )
        learned = drawable_step(run.mapping_learned_step if run else None)
        self.mapping_marker.setVisible(learned is not None)
        if learned is not None and learned != self.mapping_marker.value():
            self.mapping_marker.setValue(learned)
        marker = drawable_step(run.first_full_accuracy_step if run else None)
        self.full_accuracy_marker.setVisible(marker is not None)
        if marker is not None and marker != self.full_accuracy_marker.value():
            self.full_accuracy_marker.setValue(marker)  # its label is laid out again
        for overlay in self.overlays:
            if overlay.run is not None:
                loss = smoothed_or_raw(overlay.run)
                scale = loss_unit(overlay.run)[0]
                overlay.loss.setData(*self._loss_data(loss, overlay.drawn_loss, scale))
                overlay.accuracy.setData(
                    *overlay.drawn_accuracy.points(overlay.run.val_accuracy, self._x_range())
                )
        self._show_empty_note()

    def _show_empty_note(self) -> None:
        """The note while no loss point is drawn; pyqtgraph's own step ticks once one is."""
        curves = [self.loss_curve, *(o.loss for o in self.overlays if o.run is not None)]
        empty = all(c.xData is None or not len(c.xData) for c in curves)
        if empty != self.empty_note.label.isVisible():
            self.empty_note.set_visible(empty)  # hidden: automatic ticks again

    def _show_references(self, run: RunRecord | None) -> None:
        """A language model's unigram and bigram entropies as labelled level lines."""
        bits = run.reference_bits if run is not None else None
        for i, line in enumerate(self.reference_lines):
            line.setVisible(bits is not None)
            if bits is not None:
                value = float(np.log10(bits[i])) if self.log_scale else bits[i]
                if value != line.value():
                    line.setValue(value)
                    line.label.setFormat(f"{REFERENCE_NAMES[i]} {bits[i]:.2f} bits")

    def _show_smoothing(self, on: bool) -> None:
        """Smoothed line on (raw loss light behind it) or off (raw loss bold)."""
        if on == self.smoothing_shown:
            return
        self.smoothing_shown = on
        self.smoothed_curve.setVisible(on)
        self.loss_curve.setPen(_pen(*(RAW_PEN if on else RAW_BOLD_PEN)))
        legend = self.getPlotItem().legend
        legend.removeItem(self.smoothed_curve)
        if on:
            legend.addItem(self.smoothed_curve, SMOOTHED_NAME)

    # -------------------------------------------------------------- crosshair
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        vb = self.getPlotItem().vb
        run = self.run
        if run is None or not len(run.loss) or not vb.sceneBoundingRect().contains(scene_pos):
            self.clear_readout()
            return
        x = vb.mapSceneToView(scene_pos).x()
        self.set_readout_step(x)

    def clear_readout(self) -> None:
        """Hide the crosshair and say how to get a readout (mouse gone, new run, export)."""
        self.crosshair.setVisible(False)
        if self.readout != READOUT_HINT:
            self.readout = READOUT_HINT
            self.readoutChanged.emit(READOUT_HINT)

    def leaveEvent(self, event: QEvent) -> None:
        """The mouse left the plot: no stale crosshair or readout stays behind."""
        super().leaveEvent(event)
        self.clear_readout()

    def set_readout_step(self, x: float) -> str:
        """Move the crosshair to the step nearest ``x`` and return the readout text."""
        run = self.run
        if run is None or not len(run.loss):
            return ""
        steps, losses = run.loss.view()
        i = int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))
        if i > 0 and abs(steps[i - 1] - x) < abs(steps[i] - x):
            i -= 1
        step = steps[i]
        self.crosshair.setValue(step)
        self.crosshair.setVisible(True)
        scale, unit = loss_unit(run)
        text = f"step {step:,.0f} · loss {losses[i] * scale:.4g} {unit}"
        if self.smoothing_shown:
            text += f" · smoothed {run.smoothed.y[i] * scale:.4g}"
        vsteps, vacc = run.val_accuracy.view()
        j = int(np.searchsorted(vsteps, step, side="right")) - 1
        if j >= 0:
            text += f" · validation accuracy {vacc[j]:.1%} (step {vsteps[j]:,.0f})"
        self.readout = text
        self.readoutChanged.emit(text)
        return text
