"""Heatmap of every decoded position's full distribution: position x alphabet symbol."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from cipherlab.core.network import Decoding

from ..widgets import plot_style  # dark text on every plot (before any is made), the empty note
from .probability_bars import EMPTY_NOTE, SlotPlot

MIN_HEIGHT = 170
"""Before a decoding (then as tall as every symbol's label needs)."""


class ProbabilityHeatmap(SlotPlot):
    """Colour = probability of each alphabet symbol at each position (levels fixed to [0, 1]).

    Rows are alphabet symbols, columns the text's code points (passed-through columns stay
    blank); a white dot marks the chosen symbol. Only the columns in view are drawn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityHeatmap")
        self.setMinimumHeight(MIN_HEIGHT)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.chosen = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush("w"))
        item = self.getPlotItem()
        item.addItem(self.image)
        item.addItem(self.chosen)
        item.setLabel("left", "plaintext symbol")
        self.colour_bar = plot_style.probability_colour_bar()
        self.colour_bar.setImageItem(self.image, insert_in=item)
        # no symbols' rows without a decoding: no 0-1 numbers on the left either
        self.empty_note = plot_style.EmptyNote(self, EMPTY_NOTE, axes=("bottom", "left"))
        self.setToolTip(
            "Each column is one decoded letter's probability for every symbol of "
            "the alphabet (bright = likely); the white dot is the model's choice."
        )

    def show_decoding(self, decoding: Decoding) -> None:  # noqa: D102 (see SlotPlot)
        empty = decoding.encoded.n_symbols == 0
        self.empty_note.set_visible(empty)
        super().show_decoding(decoding)
        if empty:
            return
        symbols = decoding.alphabet.symbols
        # every symbol labelled: the plot is as tall as its rows' labels need
        need = plot_style.label_every_symbol(self.getPlotItem().getAxis("left"), symbols)
        self.setMinimumHeight(max(MIN_HEIGHT, need + 3 * self.fontMetrics().height()))
        self.getPlotItem().vb.setYRange(-0.5, len(symbols) - 0.5, padding=0)

    def draw_window(self, start: int, end: int) -> None:
        """Draw columns ``[start, end)``."""
        decoding = self.decoding
        if decoding is None or end <= start:
            self.image.clear()
            self.chosen.setData([], [])
            return
        vocab = len(decoding.alphabet)
        symbols = decoding.symbol_of_position[start:end]
        grid = np.full((vocab, end - start), np.nan, dtype=np.float32)
        decoded = symbols >= 0
        grid[:, decoded] = decoding.probabilities[symbols[decoded]].T
        self.image.setImage(grid, levels=(0, 1), autoLevels=False)
        self.image.setRect(start - 0.5, -0.5, end - start, vocab)
        columns = np.arange(start, end)[decoded]
        self.chosen.setData(columns, decoding.chosen[symbols[decoded]])
        self.getPlotItem().getAxis("bottom").setTicks(
            [[(i, decoding.plaintext[i]) for i in range(start, end)], []]
        )
