"""What every plot shares: text dark enough to read on a projector.

pyqtgraph draws axis text, axis labels, titles and legends in its "foreground" colour, by
default grey (150, 150, 150): 3:1 against the plots' white background, below WCAG AA's 4.5:1
for text. Importing this module (every plot module does) sets a near-black foreground before
any plot is made.
"""

import pyqtgraph as pg

TEXT_COLOUR = "#202020"
"""Axis and legend text: about 16:1 against white."""

pg.setConfigOption("foreground", TEXT_COLOUR)
