"""A horizontal axis of fixed text labels that redraws cheaply (a letter under every bar)."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

MAX_MEASURED = 2048
"""Distinct label sizes remembered (letters and probability labels are a few hundred)."""

ALIGN = Qt.AlignmentFlag

Ticks = list[list[tuple[float, str]]]
"""Tick levels as pyqtgraph's ``setTicks`` takes them: ``[[(x, text), ...], ...]``."""
AxisSpec = tuple[QPen, QPointF, QPointF]
"""The axis line: its pen and its two ends."""
TextSpec = tuple[QRectF, Qt.AlignmentFlag, str]
"""One label: where, with which alignment and text flags, and its text."""


class LabelAxis(pg.AxisItem):
    """A top or bottom axis that shows the labels given to :meth:`setTicks`, as pyqtgraph does.

    pyqtgraph's ``AxisItem`` rebuilds its picture whenever its ticks are set, and measures
    every label with a ``QPainter`` call and several Python objects per tick: with a letter
    under each of ~50 bars and a probability above them, that was 2.4 ms of a 6 ms keystroke.
    This axis draws the same picture (same positions, alignment and clipping) with each
    distinct label measured once, and keeps its picture when the same ticks are set again.
    Anything else (automatic ticks, a grid, a second tick level, vertical axes) is left to
    pyqtgraph.

    Parameters
    ----------
    orientation : {"top", "bottom"}
        Where the axis is.
    **kwargs
        As for ``pyqtgraph.AxisItem``.
    """

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self._sizes: dict[str, tuple[float, float]] = {}  # label -> (width, height) in px
        self._sizes_font = ""
        self._lean = False  # the picture being drawn comes from the lean path

    def setTicks(self, ticks: Ticks | None) -> None:  # noqa: N802 (pyqtgraph's name)
        """Set the labels, ``[[(x, text), ...], []]``; the same labels again redraw nothing."""
        if ticks is not None and ticks == self._tickLevels:
            return
        super().setTicks(ticks)

    def _lean_path(self) -> bool:
        levels = self._tickLevels
        return (
            levels is not None
            and self.orientation in ("top", "bottom")
            and self.grid is False
            and not any(levels[1:])
            and bool(self.style["showValues"])
            and self.style["maxTextLevel"] >= 0
            and tuple(self.style["stopAxisAtTick"]) == (False, False)
        )

    def label_size(self, painter: QPainter, text: str) -> tuple[float, float]:
        """Width and height (px) that pyqtgraph gives ``text`` in ``painter``'s font.

        Measured once per label and font (see :meth:`_forget_sizes_if_font_changed`).
        """
        size = self._sizes.get(text)
        if size is None:
            rect = painter.boundingRect(QRectF(0, 0, 100, 100), ALIGN.AlignCenter, text)
            size = self._sizes[text] = (rect.width(), rect.height() * 0.8)  # as pyqtgraph
        return size

    def _forget_sizes_if_font_changed(self, painter: QPainter) -> None:
        key = painter.font().key()
        if key != self._sizes_font or len(self._sizes) > MAX_MEASURED:
            self._sizes, self._sizes_font = {}, key

    def _tick_pen(self) -> QPen:
        """The pen of first-level ticks, as pyqtgraph makes it (alpha applied)."""
        alpha = self.style["tickAlpha"]
        if alpha is None:
            alpha = 255
        elif isinstance(alpha, float):
            alpha = min(255, max(0, int(round(alpha * 255))))
        pen = self.tickPen()
        if pen.brush().style() == Qt.BrushStyle.SolidPattern:
            pen = QPen(pen)
            colour = QColor(pen.color())
            colour.setAlpha(int(alpha))
            pen.setColor(colour)
        return pen

    def generateDrawSpecs(  # noqa: N802 (pyqtgraph's name)
        self, p: QPainter
    ) -> tuple[AxisSpec, tuple[QPen, list[QLineF]], list[TextSpec]] | None:
        """What to draw: the axis line, one tick and one label per tick in view."""
        self._lean = self._lean_path()
        if not self._lean:
            return super().generateDrawSpecs(p)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        self._forget_sizes_if_font_changed(p)
        bounds = self.mapRectFromParent(self.geometry())
        top = self.orientation == "top"
        edge = bounds.bottom() if top else bounds.top()
        line_y = edge - 1.0 if top else edge + 1.0  # pyqtgraph's 1 px offsets
        span = (QPointF(bounds.left() - 1.0, line_y), QPointF(bounds.right() + 1.0, line_y))
        ends = [self.mapToDevice(point) for point in span]
        if any(end is None for end in ends) or ends[0] == ends[1]:
            return None
        lo, hi = self.range
        scale = bounds.width() / (hi - lo) if hi != lo else 1.0
        offset = lo * scale if hi != lo else 0.0
        x_min, x_max = sorted((lo * scale - offset, hi * scale - offset))
        tick_length = self.style["tickLength"]
        tick_end = edge - tick_length if top else edge + tick_length
        text_gap = max(0, tick_length) + self.style["tickTextOffset"][1]
        flags = ALIGN.AlignHCenter | (ALIGN.AlignBottom if top else ALIGN.AlignTop)
        flags |= Qt.TextFlag.TextDontClip
        room = self.boundingRect()
        ticks: list[QLineF] = []
        texts: list[TextSpec] = []
        tallest = 0.0
        for value, text in self._tickLevels[0] if self._tickLevels else []:
            x = value * scale - offset
            if x < x_min or x > x_max:
                continue
            ticks.append(QLineF(x, edge, x, tick_end))
            width, height = self.label_size(p, text)
            tallest = max(tallest, height)
            y = edge - text_gap - height if top else edge + text_gap
            rect = QRectF(x - width / 2, y, width, height)
            if room.intersected(rect) == rect:  # whole labels only, as pyqtgraph
                texts.append((rect, flags, text))
        self._updateMaxTextSize(tallest)
        return (self.pen(), span[0], span[1]), (self._tick_pen(), ticks), texts

    def drawPicture(  # noqa: N802 (pyqtgraph's name)
        self,
        p: QPainter,
        axisSpec: AxisSpec,  # noqa: N803 (pyqtgraph's names)
        tickSpecs: Any,  # noqa: N803 (lean: (pen, lines); else pyqtgraph's, one pen a tick)
        textSpecs: list[TextSpec],  # noqa: N803
    ) -> None:
        """Draw the specs of :meth:`generateDrawSpecs`: all ticks in one call."""
        if not self._lean:
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pen, start, end = axisSpec
        p.setPen(pen)
        p.drawLine(start, end)
        tick_pen, lines = tickSpecs
        if lines:
            p.setPen(tick_pen)
            p.drawLines(lines)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        p.setClipRect(self.boundingRect().toAlignedRect())
        for rect, flags, text in textSpecs:
            p.drawText(rect, flags, text)
