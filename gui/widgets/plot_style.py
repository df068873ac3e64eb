"""What every plot shares: text dark enough to read on a projector, and room for it.

pyqtgraph draws axis text, axis labels, titles and legends in its "foreground" colour, by
default grey (150, 150, 150): 3:1 against the plots' white background, below WCAG AA's 4.5:1
for text. Importing this module (every plot module does) sets a near-black foreground before
any plot is made.
"""

import math
import re

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

TEXT_COLOUR = "#202020"
"""Axis and legend text: about 16:1 against white."""

pg.setConfigOption("foreground", TEXT_COLOUR)

PRESENTER_SCALE = 1.4
"""How much larger presenter mode draws text, plots' included (issue 20: at least 1.4)."""


def presenter_font(font: QFont) -> QFont:
    """``font`` :data:`PRESENTER_SCALE` times larger (in points, or in pixels if so set).

    Plots follow: pyqtgraph draws tick labels in its view's font, and axis labels, legends
    and notes in its scene's, both the application's unless set.
    """
    return _scaled(font, PRESENTER_SCALE)


_BASE = 0x5053
"""The key under which a plot item keeps its text's normal size (QGraphicsItem.data)."""


def _scaled(font: QFont, factor: float) -> QFont:
    larger = QFont(font)
    if font.pointSizeF() > 0:
        larger.setPointSizeF(font.pointSizeF() * factor)
    else:
        larger.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return larger


def _base(item: pg.GraphicsObject, now: object) -> object:
    """``item``'s text size at scale 1: ``now`` the first time it is asked for."""
    base = item.data(_BASE)
    if base is None:
        base = now
        item.setData(_BASE, now)
    return base


def scale_plot_text(root: QWidget, factor: float) -> None:
    """Draw the text of every plot under ``root`` ``factor`` times its normal size.

    Axis labels, tick labels set in a font of their own, legends and notes (text items);
    tick labels in the plot's font follow the application's font. A factor of 1 puts
    back the normal sizes.

    Parameters
    ----------
    root : QWidget
        The window (or panel) whose plots change.
    factor : float
        Times the normal size (:data:`PRESENTER_SCALE` for presenter mode).
    """
    for view in root.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                label_font = _base(item, (QFont(item.label.font()), item.style["tickFont"]))
                assert isinstance(label_font, tuple)
                item.label.setFont(_scaled(label_font[0], factor))
                if label_font[1] is not None:
                    item.setStyle(tickFont=_scaled(label_font[1], factor))
                item.showLabel(item.label.isVisible())  # room for the label at its new size
            elif isinstance(item, pg.TextItem):
                font = _base(item, QFont(item.textItem.font()))
                assert isinstance(font, QFont)
                item.setFont(_scaled(font, factor))
            elif isinstance(item, pg.LegendItem):
                size = str(_base(item, item.opts["labelTextSize"]))
                match = re.fullmatch(r"([\d.]+)(pt|px)", size)
                if match is not None:
                    size = f"{float(match[1]) * factor:g}{match[2]}"
                    item.setLabelTextSize(size)  # the rows added from now on
                    for _sample, label in item.items:  # and the rows there are
                        label.setText(label.text, size=size)
                    item.updateSize()


def room_for_top_label(plot: pg.PlotWidget) -> None:
    """Half a line above the plot, so that a tick label at the top edge (``1.0``) is whole.

    pyqtgraph centres each tick label on its tick; with nothing above the view (no title, no
    top axis) the top one was cut in half by the widget's edge.
    """
    layout = plot.getPlotItem().layout
    left, _top, right, bottom = layout.getContentsMargins()
    layout.setContentsMargins(left, QFontMetrics(plot.font()).height() // 2 + 1, right, bottom)


def symbol_font() -> QFont:
    """The font of axes that label every alphabet symbol: a little smaller than the text."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    return font


def probability_colour_bar() -> pg.ColorBarItem:
    """The colour scale of a heatmap of probabilities: viridis from 0 to 1, titled so."""
    return pg.ColorBarItem(
        values=(0, 1),
        colorMap=pg.colormap.get("viridis"),
        interactive=False,
        width=12,
        label="probability (0 to 1)",
    )


def _symbol_pitch(vertical: bool) -> int:
    """Pixels one symbol's label needs along an axis (:func:`symbol_font`)."""
    metrics = QFontMetrics(symbol_font())
    return metrics.height() if vertical else metrics.horizontalAdvance("W") + 4


def label_every_symbol(axis: pg.AxisItem, symbols: str, offset: float = 0.0, every: int = 1) -> int:
    """Tick ``axis`` with every one of ``symbols``, symbol ``i`` at ``i + offset``.

    Parameters
    ----------
    axis : pyqtgraph.AxisItem
        The axis to label.
    symbols : str
        The alphabet, in axis order.
    offset : float
        Where symbol 0 sits (0.5 puts labels in the middle of heatmap cells).
    every : int
        Label only every ``every``-th symbol (1: all of them); see :func:`symbol_label_step`.

    Returns
    -------
    int
        The pixels the axis needs along its length to draw every label apart (pyqtgraph
        draws overlapping labels of one tick level on top of each other).
    """
    axis.setStyle(tickFont=symbol_font())
    ticks = [(i + offset, s) for i, s in enumerate(symbols) if i % max(1, every) == 0]
    axis.setTicks([ticks, []])
    return len(symbols) * _symbol_pitch(axis.orientation in ("left", "right"))


def symbol_label_step(count: int, room: float, vertical: bool) -> int:
    """The smallest ``every`` for :func:`label_every_symbol` whose labels fit ``room`` pixels.

    1 when all ``count`` labels fit apart; 2 labels every other symbol, and so on. A room of
    0 or less (not laid out yet) gives 1.
    """
    if room <= 0:
        return 1
    return max(1, math.ceil(count * _symbol_pitch(vertical) / room))


class EmptyNote:
    """A sentence in the middle of a plot that has no data, and no invented ticks beside it.

    pyqtgraph shows an empty plot's axes from 0 to 1 (ticks 0.2 to 0.8), numbers that mean
    nothing; while the note is shown the axes named in ``axes`` have no ticks.

    Parameters
    ----------
    plot : pyqtgraph.PlotWidget
        The plot; its ``show`` method sets its own ticks on ``axes`` when it has data.
    text : str
        What to do to get data (plain text).
    axes : tuple of str
        The axes whose ticks mean nothing without data (``"bottom"``, ``"left"``).
    automatic : tuple of str
        Those of ``axes`` that tick themselves (pyqtgraph's automatic ticks) once the note
        is hidden; the others are ticked by the plot's owner.
    """

    def __init__(
        self,
        plot: pg.PlotWidget,
        text: str,
        axes: tuple[str, ...] = ("bottom",),
        automatic: tuple[str, ...] = (),
    ) -> None:
        item = plot.getPlotItem()
        self._axes = [item.getAxis(name) for name in axes]
        self._automatic = [item.getAxis(name) for name in automatic if name in axes]
        if "bottom" in axes:
            axis = item.getAxis("bottom")
            # room for one line of labels from the start, never taken back: the plot does not
            # jump when its first labels come (pyqtgraph sizes an axis to the labels it drew)
            axis.setStyle(autoReduceTextSpace=False)
            axis.textHeight = max(axis.textHeight, QFontMetrics(plot.font()).height())
            axis._updateHeight()
        self.label = pg.TextItem(text, color=TEXT_COLOUR, anchor=(0.5, 0.5))
        self.label.setParentItem(item.vb)  # placed in the view's pixels, not in its data
        item.vb.sigResized.connect(self._centre)
        self._centre(item.vb)
        self.set_visible(True)

    def _centre(self, view: pg.ViewBox) -> None:
        self.label.setPos(view.width() / 2, view.height() / 2)

    def set_visible(self, on: bool) -> None:
        """Show the note (and take the axes' ticks off) or hide it."""
        self.label.setVisible(on)
        if on:
            for axis in self._axes:
                axis.setTicks([[], []])
        else:
            for axis in self._automatic:
                axis.setTicks(None)
