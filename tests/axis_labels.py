"""What a pyqtgraph plot's bottom axis draws right now (shared by the plot tests)."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter


def drawn_x_labels(plot) -> list[str]:
    """The tick labels the plot's bottom axis draws now (empty when it draws none)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = plot.getPlotItem().getAxis("bottom").generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]] if specs else []
