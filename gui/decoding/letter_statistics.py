"""The views a hobbyist expects beside the candidate keys: letter frequencies and coincidences.

:class:`LetterStatistics` shows a ciphertext's
:class:`~cipherlab.core.cryptanalysis.TextStatistics` (computed in the crack worker): its
letter frequencies against English's (a shift keeps English's profile, moved; a substitution
keeps its shape, shuffled; a Vigenère or autokey flattens it), its index of coincidence with
English's and a uniform text's, and the mean index of coincidence per period length 1 to 16
(a Vigenère key's period and its multiples stand out), the chosen period highlighted.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cipherlab.core.cryptanalysis import TextStatistics

from ..widgets import plot_style  # dark text on every plot (before any is made)

TEXT_BRUSH = pg.mkBrush("#1f77b4")
ENGLISH_BRUSH = pg.mkBrush("#c7c7c7")
PERIOD_BRUSH = pg.mkBrush("#9ecae1")
CHOSEN_BRUSH = pg.mkBrush("#d62728")
PLOT_HEIGHT = 150


def _still_plot(name: str, left: str, bottom: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    plot.setMinimumHeight(PLOT_HEIGHT)
    item = plot.getPlotItem()
    item.setMouseEnabled(x=False, y=False)
    item.hideButtons()
    item.setMenuEnabled(False)
    item.setLabel("left", left)
    item.setLabel("bottom", bottom)
    item.getAxis("bottom").setStyle(hideOverlappingLabels=False)
    item.getAxis("left").enableAutoSIPrefix(False)  # an IoC reads 0.066, not 66 (x0.001)
    plot_style.room_for_top_label(plot)
    return plot


class LetterStatistics(QWidget):
    """Letter frequencies against English, the index of coincidence, and IoC per period.

    Attributes
    ----------
    frequencyPlot : pyqtgraph.PlotWidget
        Per letter: its share of the ciphertext's letters (blue) beside English's (grey), in %.
    iocLabel : QLabel
        The index of coincidence, with English's and a uniform text's for reference.
    periodPlot : pyqtgraph.PlotWidget
        The mean column index of coincidence per period length 1 to 16, the chosen period red.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterStatistics")
        self.frequencyPlot = _still_plot(
            "letterFrequencyPlot",
            "share of letters (%)",
            "letter (blue: ciphertext, grey: English)",
        )
        self.frequencyPlot.setToolTip(
            "Each letter's share of the ciphertext's letters (blue) beside its share of English "
            "(grey). A shift keeps English's profile, moved along; a substitution keeps its "
            "shape, shuffled; Vigenère and autokey flatten it."
        )
        self.textBars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=TEXT_BRUSH, pen=None)
        self.englishBars = pg.BarGraphItem(
            x=[], height=[], width=0.4, brush=ENGLISH_BRUSH, pen=None
        )
        self.frequencyPlot.addItem(self.englishBars)
        self.frequencyPlot.addItem(self.textBars)
        self.iocLabel = QLabel()
        self.iocLabel.setObjectName("iocLabel")
        self.iocLabel.setWordWrap(True)
        self.iocLabel.setToolTip(
            "Index of coincidence: the chance that two letters drawn from the text are the "
            "same. One alphabet (plain, shift, substitution) keeps English's; several "
            "(Vigenère, autokey) bring it towards a random text's."
        )
        self.periodPlot = _still_plot(
            "periodIocPlot", "mean IoC", "period length (red: the likeliest Vigenère period)"
        )
        self.periodPlot.setToolTip(
            "For each period length p: the text cut into p columns (every p-th letter), the "
            "mean index of coincidence of the columns. At a Vigenère key's period (and its "
            "multiples) each column is one Caesar shift of English, so the bar rises to "
            "English's level (dashed line); the dotted line is a random text's."
        )
        self.periodBars = pg.BarGraphItem(x=[], height=[], width=0.7, brushes=[], pen=None)
        self.periodPlot.addItem(self.periodBars)
        self.englishLine = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#2ca02c", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
        )
        self.randomLine = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#7f7f7f", width=1, style=pg.QtCore.Qt.PenStyle.DotLine)
        )
        self.periodPlot.addItem(self.englishLine)
        self.periodPlot.addItem(self.randomLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.iocLabel)
        layout.addWidget(self.frequencyPlot)
        layout.addWidget(self.periodPlot)
        self.statistics: TextStatistics | None = None
        self.period = 0
        self.iocLabel.setText("Index of coincidence: no ciphertext yet")

    def show_statistics(self, stats: TextStatistics, period: int = 0) -> None:
        """Show ``stats``; ``period`` (1 to 16, or 0 for none) is highlighted."""
        self.statistics, self.period = stats, period
        n = len(stats.symbols)
        x = np.arange(n, dtype=np.float64)
        self.textBars.setOpts(x=x + 0.2, height=100 * stats.frequencies)
        self.englishBars.setOpts(x=x - 0.2, height=100 * stats.english)
        item = self.frequencyPlot.getPlotItem()
        item.getAxis("bottom").setTicks([[(j, s) for j, s in enumerate(stats.symbols)], []])
        item.setXRange(-0.7, n - 0.3, padding=0)
        top = max(float(stats.frequencies.max(initial=0)), float(stats.english.max()))
        item.setYRange(0, 100 * top * 1.05, padding=0)
        self.iocLabel.setText(
            f"Index of coincidence {stats.ioc:.4f} over {stats.length:,} letters "
            f"(English {stats.english_ioc:.4f}, random {stats.random_ioc:.4f})"
        )
        iocs = np.nan_to_num(stats.period_iocs, nan=0.0)
        periods = np.arange(1, len(iocs) + 1, dtype=np.float64)
        brushes = [CHOSEN_BRUSH if p == period else PERIOD_BRUSH for p in range(1, len(iocs) + 1)]
        self.periodBars.setOpts(x=periods, height=iocs, brushes=brushes)
        self.englishLine.setPos(stats.english_ioc)
        self.randomLine.setPos(stats.random_ioc)
        plot = self.periodPlot.getPlotItem()
        plot.getAxis("bottom").setTicks([[(int(p), str(int(p))) for p in periods], []])
        plot.setXRange(0.4, len(iocs) + 0.6, padding=0)
        high = max(float(iocs.max(initial=0)), stats.english_ioc) * 1.1
        plot.setYRange(0, high, padding=0)

    def bar_heights(self) -> np.ndarray:
        """The ciphertext's letter shares as drawn, in % (for tests and readers)."""
        heights = self.textBars.opts.get("height")
        return np.asarray(heights if heights is not None else [], dtype=np.float64)

    def highlighted_period(self) -> int:
        """The period whose bar is drawn red (0 if none)."""
        brushes = self.periodBars.opts.get("brushes") or []
        return next((i + 1 for i, b in enumerate(brushes) if b is CHOSEN_BRUSH), 0)
