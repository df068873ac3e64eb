"""Learned mapping: what the model writes for each letter it reads (alphabet x alphabet)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from cipherlab.core.learning import LearnedMapping

from ..widgets import plot_style  # dark text on every plot (before any is made), symbol axes
from .inside_tab import InsideTab

MIN_HEIGHT = 220
"""The maps' least height; one map is as tall as its symbols' labels need."""
MAX_MAPS = 8
"""Key positions drawn side by side (a longer key shows its first ones)."""


def grid_columns(maps: int, width: float, height: float) -> int:
    """The columns that give ``maps`` square maps the most room in ``width`` x ``height``.

    Parameters
    ----------
    maps : int
        How many maps (key positions) are drawn.
    width, height : float
        The room they share, in pixels.
    """
    if maps <= 1:
        return 1
    return max(
        range(1, maps + 1),
        key=lambda c: (min(width / c, height / math.ceil(maps / c)), -c),
    )


EXPLANATION = (
    "Each square is how likely the model writes the column's plaintext letter when it reads "
    "the row's ciphertext letter (bright = likely), averaged over 256 random messages; red "
    "outlines are the cipher's own table. A key that shifts by position gets one map per "
    "key position."
)


class MappingView(InsideTab):
    """``mappingHeatmap``: one alphabet x alphabet map per key position."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("mapping", EXPLANATION, parent)
        self.mappingHeatmap = pg.GraphicsLayoutWidget()
        self.mappingHeatmap.setObjectName("mappingHeatmap")
        self.mappingHeatmap.setBackground("w")
        self.mappingHeatmap.setMinimumHeight(MIN_HEIGHT)
        self.colourBar: pg.ColorBarItem | None = None
        self.mappingHeatmap.installEventFilter(self)  # the grid reflows to its room
        # the labels are thinned once each resize of the maps has settled (pyqtgraph lays
        # its grid out after the widget's resize, so only the maps' own sizes are final)
        self._thin_timer = QTimer(self)
        self._thin_timer.setSingleShot(True)
        self._thin_timer.setInterval(0)
        self._thin_timer.timeout.connect(self._thin_labels)
        self.set_content(self.mappingHeatmap)
        self.mapping: LearnedMapping | None = None
        self.symbols = ""
        self.images: list[pg.ImageItem] = []
        self.outlines: list[pg.ScatterPlotItem] = []
        self.plots: list[pg.PlotItem] = []
        self.show_empty("Open or train a decryption model to see the mapping it learned.")
        self.columns = 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The heatmap's room changed: lay its maps out again if another grid fits better."""
        if watched is self.mappingHeatmap and event.type() == QEvent.Type.Resize:
            self._reflow()
        return super().eventFilter(watched, event)

    def _reflow(self) -> None:
        """As many columns as give each map the most room (every key position in view)."""
        size = self.mappingHeatmap.size()
        columns = grid_columns(len(self.plots), size.width(), size.height())
        if columns == self.columns or not self.plots:
            return
        self.columns = columns
        layout = self.mappingHeatmap.ci
        for plot in self.plots:
            layout.removeItem(plot)
        if self.colourBar is not None:
            layout.removeItem(self.colourBar)
        for k, plot in enumerate(self.plots):
            layout.addItem(plot, row=k // columns, col=k % columns)
        if self.colourBar is not None:  # beside the grid, whatever its shape
            rows = -(-len(self.plots) // columns)
            layout.addItem(self.colourBar, row=0, col=columns, rowspan=rows)

    def _thin_labels(self) -> None:
        """A grid of maps labels every symbol where it has room, else every n-th one.

        pyqtgraph draws labels that do not fit on top of each other; one map alone is made
        tall enough for all of them (:meth:`_build`).
        """
        if len(self.plots) <= 1 or not self.symbols:
            return
        count = len(self.symbols)
        for plot in self.plots:
            # the map's own pixels, not its view's: an aspect-locked map is narrower than
            # the view around it
            x_size, y_size = plot.getViewBox().viewPixelSize()  # data units per pixel
            for name, vertical in (("left", True), ("bottom", False)):
                per_pixel = y_size if vertical else x_size
                length = count / per_pixel if per_pixel > 0 else 0.0
                every = plot_style.symbol_label_step(count, length, vertical)
                plot_style.label_every_symbol(plot.getAxis(name), self.symbols, 0.5, every)

    def _build(self, maps: int, symbols: str) -> None:
        self.mappingHeatmap.clear()
        self.images, self.outlines, self.plots = [], [], []
        size = self.mappingHeatmap.size()
        columns = self.columns = grid_columns(maps, size.width(), size.height())
        need = 0
        for k in range(maps):
            plot = self.mappingHeatmap.addPlot(row=k // columns, col=k % columns)
            plot.setAspectLocked(True)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.invertY(True)
            image = pg.ImageItem(axisOrder="row-major")
            image.setColorMap(pg.colormap.get("viridis"))
            plot.addItem(image)
            outline = pg.ScatterPlotItem(
                symbol="s", pxMode=False, size=1.0, brush=None, pen=pg.mkPen("#d62728", width=1.5)
            )
            plot.addItem(outline)
            plot.getViewBox().sigResized.connect(lambda *_: self._thin_timer.start())
            for axis in ("left", "bottom"):  # every symbol; a crowded grid thins them
                need = plot_style.label_every_symbol(plot.getAxis(axis), symbols, 0.5)
            if maps == 1:
                plot.setLabel("left", "ciphertext read")
                plot.setLabel("bottom", "plaintext written")
            self.images.append(image)
            self.outlines.append(outline)
            self.plots.append(plot)
        self.colourBar = plot_style.probability_colour_bar()
        self.colourBar.setImageItem(self.images)
        rows = -(-maps // columns)
        self.mappingHeatmap.addItem(self.colourBar, row=0, col=columns, rowspan=rows)
        # room around the scale for its numbers ("1.0" and "0" were cut in presenter mode)
        metrics = QFontMetrics(self.mappingHeatmap.font())
        right, half = metrics.horizontalAdvance("1.0") + 6, metrics.height() // 2 + 2
        self.mappingHeatmap.ci.setContentsMargins(0, half, right, half)
        if maps == 1:  # one map: as tall as every symbol's label needs
            lines = 4 * QFontMetrics(self.mappingHeatmap.font()).height()
            self.mappingHeatmap.setMinimumHeight(max(MIN_HEIGHT, need + lines))
        else:
            self.mappingHeatmap.setMinimumHeight(MIN_HEIGHT)

    def show_mapping(self, mapping: LearnedMapping, symbols: str) -> None:
        """Draw ``mapping`` (its alphabet's ``symbols`` label the axes)."""
        maps = min(len(mapping.probabilities), MAX_MAPS)
        if maps != len(self.images) or symbols != self.symbols:
            self._build(maps, symbols)
        self.mapping, self.symbols = mapping, symbols
        self._thin_timer.start()  # once the new maps are laid out
        n = len(symbols)
        learned = mapping.learned
        for k in range(maps):
            self.images[k].setImage(mapping.probabilities[k], levels=(0, 1))
            self.images[k].setRect(0, 0, n, n)
            truth = mapping.truth[k]
            self.outlines[k].setData(truth + 0.5, np.arange(n) + 0.5)
            if maps > 1:
                title = f"key position {k + 1} {'✓' if learned[k] else '…'}"
                if self.plots[k].titleLabel.text != title:  # a new title lays the grid out
                    self.plots[k].setTitle(title, size="9pt")
        done = int(learned.sum())
        period = len(learned)
        everywhere = f" at all {period} key positions" if period > 1 else ""
        if mapping.all_learned:
            text = f"The mapping is learned{everywhere}."
        elif mapping.all_match:  # e.g. autokey: its primer's positions, not the rest
            text = (
                f"Not learned yet: the mapping matches the cipher{everywhere}, but only "
                f"{mapping.accuracy:.1%} of the probe's symbols are decrypted right."
            )
        else:
            text = f"Not learned yet: {done} of {period} key position(s) match the cipher."
        if period > MAX_MAPS:
            text += f" The first {MAX_MAPS} key positions are drawn."
        self.statusLabel.setText(text)
        self.show_content()

    def table(self):
        """Rows ``key_position, ciphertext, plaintext, probability, in_cipher_table``."""
        if self.mapping is None or self.is_empty:
            return None
        p, truth, s = self.mapping.probabilities, self.mapping.truth, self.symbols
        rows = [
            [k + 1, s[a], s[b], f"{p[k, a, b]:.6f}", int(truth[k, a] == b)]
            for k in range(len(p))
            for a in range(len(s))
            for b in range(len(s))
        ]
        return ["key_position", "ciphertext", "plaintext", "probability", "in_cipher_table"], rows
