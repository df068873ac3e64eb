"""The full probability distribution of one decoded letter, as a bar chart."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from cipherlab.core.network import Decoding

from ..widgets import plot_style  # dark text on every plot (before any is made), room for it

CHOSEN_BRUSH = pg.mkBrush("#17becf")
OTHER_BRUSH = pg.mkBrush("#9ecae1")
EMPTY_NOTE = "No letter chosen"


class DistributionPlot(pg.PlotWidget):
    """One bar per alphabet symbol: the model's probability for it at the selected letter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("distributionPlot")
        self.setMinimumHeight(120)
        plot_style.room_for_top_label(self)
        item = self.getPlotItem()
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setYRange(0, 1, padding=0)
        item.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        item.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brushes=[], pen=pg.mkPen(None))
        item.addItem(self.bars)
        self.title = ""
        self.setToolTip("The model's probability for every symbol at the selected letter")
        self.probabilities = np.zeros(0, dtype=np.float32)
        self.index: int | None = None  # the decoded symbol shown, if any
        self.empty_note = plot_style.EmptyNote(self, EMPTY_NOTE)

    def clear_symbol(self) -> None:
        """Show no distribution (the letter it showed is gone)."""
        if self.index is None and not self.title:
            return  # already clear: redrawing nothing would still repaint the chart
        self.index = None
        self.probabilities = np.zeros(0, dtype=np.float32)
        self.bars.setOpts(x=[], height=[], brushes=[])
        self.title = ""
        self.getPlotItem().setTitle(None)
        self.empty_note.set_visible(True)

    def show_symbol(self, decoding: Decoding, index: int) -> None:
        """Show decoded symbol ``index``'s distribution over ``decoding.alphabet``."""
        row = decoding.probabilities[index]
        chosen = int(decoding.chosen[index])
        symbols = decoding.alphabet.symbols
        self.probabilities = row
        self.index = index
        self.empty_note.set_visible(False)
        brushes = [CHOSEN_BRUSH if j == chosen else OTHER_BRUSH for j in range(len(row))]
        self.bars.setOpts(x=np.arange(len(row)), height=row, brushes=brushes)
        item = self.getPlotItem()
        item.getAxis("bottom").setTicks([[(j, s) for j, s in enumerate(symbols)], []])
        item.setXRange(-0.6, len(row) - 0.4, padding=0)
        pos = decoding.positions[index]
        carried = decoding.follows(index) >= 0  # the bar shows less: an earlier doubt
        sure = f"model's {row[chosen]:.1%}, shown {decoding.confidence[index]:.1%}"
        self.title = (
            f"Letter {index + 1}: ciphertext {decoding.ciphertext[pos]} → "
            f"{decoding.plaintext[pos]} ({sure if carried else f'{row[chosen]:.1%}'})"
        )
        item.setTitle(self.title, size="9pt")
