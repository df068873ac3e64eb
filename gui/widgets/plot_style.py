"""What every plot shares: text dark enough to read on a projector, and room for it.

pyqtgraph draws axis text, axis labels, titles and legends in its "foreground" colour, by
default grey (150, 150, 150): 3:1 against the plots' white background, below WCAG AA's 4.5:1
for text. Importing this module (every plot module does) sets a near-black foreground before
any plot is made.
"""

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

TEXT_COLOUR = "#202020"
"""Axis and legend text: about 16:1 against white."""

pg.setConfigOption("foreground", TEXT_COLOUR)


def room_for_top_label(plot: pg.PlotWidget) -> None:
    """Half a line above the plot, so that a tick label at the top edge (``1.0``) is whole.

    pyqtgraph centres each tick label on its tick; with nothing above the view (no title, no
    top axis) the top one was cut in half by the widget's edge.
    """
    layout = plot.getPlotItem().layout
    left, _top, right, bottom = layout.getContentsMargins()
    layout.setContentsMargins(left, QFontMetrics(plot.font()).height() // 2 + 1, right, bottom)
