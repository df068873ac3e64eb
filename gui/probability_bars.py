"""Per-letter probability bars: one bar per decoded symbol, axis fixed to [0, 1]."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont

from core.decoding import Decoding

MAX_SLOTS = 2000
"""Characters shown as bar slots; longer texts show their beginning (the text shows all)."""
VISIBLE_SLOTS = 48
"""Slots in view at once; pan (drag or wheel) to see the rest."""
LOW_CONFIDENCE = 0.5

BAR_BRUSH = pg.mkBrush("#1f77b4")
LOW_BRUSH = pg.mkBrush("#d62728")
SELECTED_BRUSH = pg.mkBrush("#17becf")
PASS_BRUSH = pg.mkBrush(QColor(0, 0, 0, 18))
PASS_PEN = pg.mkPen(QColor(120, 120, 120), width=1, style=Qt.PenStyle.DashLine)
VISIBLE_NAMES = {" ": "␣", "\t": "⇥", "\n": "↵", "\r": "↵", "\0": "␀"}


def visible_char(char: str) -> str:
    """A printable stand-in for whitespace and control characters (labels only)."""
    if char in VISIBLE_NAMES:
        return VISIBLE_NAMES[char]
    return char if char.isprintable() else f"U+{ord(char):04X}"


def probability_text(p: float) -> str:
    """A 1-3 character label for a probability: ``1``, ``.97``, ``.05``, ``0``."""
    text = f"{p:.2f}"
    return {"1.00": "1", "0.00": "0"}.get(text, text.lstrip("0"))


class ProbabilityBars(pg.PlotWidget):
    """Bars of the chosen symbol's probability, labelled with the decoded letter.

    Slots follow the text one code point each: decoded symbols get a bar, pass-through
    characters get a grey dashed band marked "not decoded" and no bar. Items are created
    once and updated in place.

    Signals
    -------
    symbolHovered(int)
        Index of the decoded symbol under the mouse (-1 when none).
    symbolSelected(int)
        Index of the decoded symbol clicked.
    """

    symbolHovered = Signal(int)
    symbolSelected = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("probabilityBars")
        self.setMinimumHeight(170)
        item = self.getPlotItem()
        item.setLabel("left", "probability")
        item.setYRange(0, 1, padding=0)
        item.setMouseEnabled(x=True, y=False)
        item.hideButtons()
        item.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.75, brushes=[], pen=pg.mkPen(None))
        self.bands = pg.BarGraphItem(x=[], height=[], width=0.9, brush=PASS_BRUSH, pen=PASS_PEN)
        item.addItem(self.bands)
        item.addItem(self.bars)
        small = QFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        item.showAxis("top")
        top = item.getAxis("top")
        top.setStyle(tickFont=small, tickLength=0)
        top.setTextPen("#333")
        top.setTicks([[], []])
        left = item.getAxis("left")
        # the 0 and 1 labels sit on the edges of the view: draw them rather than clip them
        left.setStyle(hideOverlappingLabels=False)
        self._decoding: Decoding | None = None
        self._slot_of_symbol = np.zeros(0, dtype=np.int64)
        self._symbol_of_slot = np.zeros(0, dtype=np.int64)
        self._selected = -1
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.setToolTip(
            "Probability of each decoded letter; hover or click a bar for its "
            "top 5 alternatives. Dashed grey = passed through, not decoded."
        )

    # ----------------------------------------------------------------- data
    def show_decoding(self, decoding: Decoding) -> None:
        """Show ``decoding``'s first :data:`MAX_SLOTS` characters."""
        self._decoding = decoding
        self._selected = -1
        text = decoding.plaintext
        n_slots = min(len(text), MAX_SLOTS)
        positions = np.asarray(decoding.positions, dtype=np.int64)
        n_bars = int(np.searchsorted(positions, n_slots))
        self._slot_of_symbol = positions[:n_bars]
        self._symbol_of_slot = np.full(n_slots, -1, dtype=np.int64)
        self._symbol_of_slot[self._slot_of_symbol] = np.arange(n_bars)
        band_x = np.flatnonzero(self._symbol_of_slot < 0)
        self.bands.setOpts(x=band_x, height=np.ones(len(band_x)))
        self._update_bars()
        ticks = [(i, visible_char(text[i])) for i in range(n_slots)]
        self.getPlotItem().getAxis("bottom").setTicks([ticks, []])
        self._update_value_labels(n_bars)
        view = self.getPlotItem().vb
        view.setLimits(xMin=-1, xMax=max(n_slots, VISIBLE_SLOTS))
        view.setXRange(-0.6, max(min(n_slots, VISIBLE_SLOTS), 8) - 0.4, padding=0)
        view.setYRange(0, 1, padding=0)

    def _update_bars(self) -> None:
        heights = self.bar_heights()
        brushes = [LOW_BRUSH if h < LOW_CONFIDENCE else BAR_BRUSH for h in heights]
        if 0 <= self._selected < len(brushes):
            brushes[self._selected] = SELECTED_BRUSH
        self.bars.setOpts(x=self._slot_of_symbol, height=heights, brushes=brushes)

    def _update_value_labels(self, n_bars: int) -> None:
        """Each bar's probability as a tick label on the top axis, above the [0, 1] area."""
        heights = self.bar_heights()
        ticks = [(float(self._slot_of_symbol[i]), probability_text(float(heights[i])))
                 for i in range(n_bars)]
        self.getPlotItem().getAxis("top").setTicks([ticks, []])

    # ------------------------------------------------------------ inspection
    def bar_labels(self) -> list[str]:
        """The decoded character under each bar, in order."""
        if self._decoding is None:
            return []
        text = self._decoding.plaintext
        return [text[i] for i in self._slot_of_symbol]

    def bar_heights(self) -> np.ndarray:
        """float32 ``(n_bars,)``: the chosen symbol's probability for each bar."""
        if self._decoding is None:
            return np.zeros(0, dtype=np.float32)
        return self._decoding.confidence[: len(self._slot_of_symbol)]

    def pass_through_slots(self) -> list[int]:
        """Slots (code-point positions) drawn as "not decoded"."""
        return np.flatnonzero(self._symbol_of_slot < 0).tolist()

    def select(self, symbol_index: int) -> None:
        """Highlight decoded symbol ``symbol_index`` and emit :attr:`symbolSelected`."""
        if not 0 <= symbol_index < len(self._slot_of_symbol):
            return
        self._selected = symbol_index
        self._update_bars()
        self.symbolSelected.emit(symbol_index)

    # ------------------------------------------------------------------ mouse
    def _symbol_at(self, scene_pos: QPointF) -> int:
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(scene_pos) or not len(self._symbol_of_slot):
            return -1
        slot = int(round(view.mapSceneToView(scene_pos).x()))
        if 0 <= slot < len(self._symbol_of_slot):
            return int(self._symbol_of_slot[slot])
        return -1

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self.symbolHovered.emit(self._symbol_at(scene_pos))

    def _on_mouse_clicked(self, event) -> None:
        index = self._symbol_at(event.scenePos())
        if index >= 0:
            self.select(index)
