"""What a pyqtgraph plot's axes draw right now (shared by the plot tests)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter


def drawn_label_rects(plot, axis: str = "bottom") -> list[tuple[str, QRectF]]:
    """The tick labels ``axis`` of ``plot`` (a PlotWidget or PlotItem) draws now, each with its
    rectangle in the axis's coordinates."""
    item = plot.getPlotItem() if hasattr(plot, "getPlotItem") else plot
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = item.getAxis(axis).generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(text, QRectF(rect)) for rect, _flags, text in specs[2]] if specs else []


def drawn_labels(plot, axis: str = "bottom") -> list[str]:
    """The tick labels ``axis`` of ``plot`` (a PlotWidget or PlotItem) draws now."""
    return [text for text, _rect in drawn_label_rects(plot, axis)]


def drawn_x_labels(plot) -> list[str]:
    """The tick labels the plot's bottom axis draws now (empty when it draws none)."""
    return drawn_labels(plot, "bottom")
