"""Per-letter probability bars: one bar per decoded symbol, axis fixed to [0, 1].

Slots follow the text one code point each. Only the slots in view (plus a margin) are drawn,
so a 1 MB text costs what 200 characters do; the items are created once and updated in place.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

from cipherlab.core.network import LOW_CONFIDENCE, Decoding
from cipherlab.core.text import is_mark

from ..widgets import (
    LabelAxis,
    plot_style,  # dark text on every plot (before any is made), the empty note
)

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

VISIBLE_SLOTS = 48
"""Slots in view at once by default; pan (drag or wheel) to see the rest."""
MAX_VISIBLE_SLOTS = 240
"""Widest zoom-out on a wide screen; a narrower view allows only the slots that fit."""
MIN_FITTED_SLOTS = 8
"""Slots shown however narrow the view (the panel's minimum width leaves room for them)."""
MARGIN = 40
"""Slots drawn beyond each edge of the view, so panning shows no gap."""
EMPTY_NOTE = "No letters decoded yet"

BAR_BRUSH = pg.mkBrush("#1f77b4")
LOW_BRUSH = pg.mkBrush("#d62728")
SELECTED_BRUSH = pg.mkBrush("#17becf")
PASS_BRUSH = pg.mkBrush(QColor(0, 0, 0, 18))
PASS_PEN = pg.mkPen(QColor(120, 120, 120), width=1, style=Qt.PenStyle.DashLine)
CARRIED_PEN = pg.mkPen(QColor("#d62728"), width=1.5, style=Qt.PenStyle.DashLine)
"""The outline of the model's own probability above a letter that carries an earlier doubt."""
VISIBLE_NAMES = {" ": "␣", "\t": "⇥", "\n": "↵", "\r": "↵", "\0": "␀"}


def visible_char(char: str) -> str:
    """A printable stand-in for whitespace, control characters and lone combining marks."""
    if char in VISIBLE_NAMES:
        return VISIBLE_NAMES[char]
    if is_mark(char):
        return "◌" + char
    if unicodedata.category(char) == "Cf":  # zero-width joiners, direction marks, BOM
        return "·"
    return char if char.isprintable() else "□"


def probability_text(p: float) -> str:
    """A 1-3 character label for a probability: ``1``, ``.97``, ``.05``, ``0``.

    Only exactly 1 reads ``1`` and only exactly 0 reads ``0``: a probability just under 1
    (a crack's 99.5 %) reads ``.99``, not a rounded-up certainty, and one just above 0 reads
    ``.01``.

    Examples
    --------
    >>> [probability_text(p) for p in (1.0, 0.9952, 0.97, 0.004, 0.0)]
    ['1', '.99', '.97', '.01', '0']
    """
    if p >= 1.0 or p <= 0.0:
        return "1" if p >= 1.0 else "0"
    return f"{min(max(p, 0.01), 0.99):.2f}".lstrip("0")


class SlotPlot(pg.PlotWidget):
    """A plot whose x axis is the text's code points, drawn window by window.

    Subclasses implement :meth:`draw_window`; this class keeps the view's limits, redraws
    when the user pans, and maps mouse positions to decoded symbols.

    Signals
    -------
    symbolHovered(int)
        Index of the decoded symbol under the mouse (-1 when none).
    symbolSelected(int)
        Index of the decoded symbol clicked.
    """

    symbolHovered = Signal(int)
    symbolSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        # letters and probabilities change with every keystroke: axes that redraw them cheaply
        axes = {"top": LabelAxis("top"), "bottom": LabelAxis("bottom")}
        super().__init__(parent, background="w", axisItems=axes)
        item = self.getPlotItem()
        item.setMouseEnabled(x=True, y=False)
        item.hideButtons()
        item.setMenuEnabled(False)
        self.decoding: Decoding | None = None
        self.selected = -1
        self._drawn_range = (0, 0)
        # room for the widest letter under each bar; fewer slots are shown if the view is
        # narrow, since pyqtgraph draws crowded tick letters over each other
        self.slot_px = QFontMetrics(self.font()).horizontalAdvance("W") + 2
        self._fitted_span = 0.0  # the view's width in slots as last set here (not by the user)
        item.vb.sigXRangeChanged.connect(lambda *_: self._redraw_if_needed())
        item.vb.sigResized.connect(lambda *_: self._fit_to_width())
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    @property
    def n_slots(self) -> int:
        """Code points of the text shown."""
        return len(self.decoding.plaintext) if self.decoding is not None else 0

    def show_decoding(self, decoding: Decoding) -> None:
        """Show ``decoding``, starting at its first character."""
        self.decoding = decoding
        self.selected = -1
        n = max(self.n_slots, MIN_FITTED_SLOTS)
        vb = self.getPlotItem().vb
        fit = self.slots_that_fit()
        vb.setLimits(xMin=-1, xMax=n, maxXRange=min(MAX_VISIBLE_SLOTS, fit) + 0.2)
        self._drawn_range = (-1, -1)
        self._fitted_span = min(n, VISIBLE_SLOTS, fit) + 0.2
        vb.setXRange(-0.6, self._fitted_span - 0.6, padding=0)
        if self._drawn_range == (-1, -1):  # the range did not change, so nothing redrew
            self._redraw_if_needed(force=True)

    def slots_that_fit(self) -> int:
        """How many slots the view has room for, each with its letter readable below it."""
        width = self.getPlotItem().vb.width()
        if width <= 0:  # not laid out yet
            return VISIBLE_SLOTS
        return max(MIN_FITTED_SLOTS, int(width // self.slot_px))

    def _fit_to_width(self) -> None:
        """The view was resized: show as many slots as now fit, or fewer if the user zoomed in."""
        if self.decoding is None:
            return
        vb = self.getPlotItem().vb
        fit = self.slots_that_fit()
        (x0, x1), _ = vb.viewRange()  # before the new limit clamps it
        span = x1 - x0
        if abs(span - self._fitted_span) < 1e-6:  # not zoomed since: follow the width
            wanted = min(max(self.n_slots, MIN_FITTED_SLOTS), VISIBLE_SLOTS, fit)
            span = self._fitted_span = wanted + 0.2
        span = min(span, fit + 0.2)
        vb.setLimits(maxXRange=min(MAX_VISIBLE_SLOTS, fit) + 0.2)
        if abs(span - (x1 - x0)) > 1e-6:
            vb.setXRange(x0, x0 + span, padding=0)

    def center_on(self, slot: int) -> None:
        """Scroll so that code point ``slot`` is in view (keeps the zoom)."""
        vb = self.getPlotItem().vb
        (x0, x1), _ = vb.viewRange()
        if x0 <= slot <= x1:
            return
        width = x1 - x0
        vb.setXRange(slot - width / 2, slot + width / 2, padding=0)

    def drawn_window(self) -> tuple[int, int]:
        """Code points ``[start, end)`` currently drawn."""
        return self._drawn_range

    def _redraw_if_needed(self, force: bool = False) -> None:
        (x0, x1), _ = self.getPlotItem().vb.viewRange()
        lo = max(0, int(np.floor(x0)) - MARGIN)
        hi = min(self.n_slots, int(np.ceil(x1)) + MARGIN)
        start, end = self._drawn_range
        if force or lo < start or hi > end or (end - start) > 4 * (hi - lo + 1):
            lo, hi = max(0, lo - MARGIN), min(self.n_slots, hi + MARGIN)
            self._drawn_range = (lo, hi)
            self.draw_window(lo, hi)

    def draw_window(self, start: int, end: int) -> None:
        """Draw code points ``[start, end)``."""
        raise NotImplementedError

    def select(self, symbol_index: int) -> None:
        """Highlight decoded symbol ``symbol_index``, scroll to it, emit :attr:`symbolSelected`."""
        if self.decoding is None or not 0 <= symbol_index < self.decoding.encoded.n_symbols:
            return
        self.selected = symbol_index
        self.center_on(int(self.decoding.positions[symbol_index]))
        self.draw_window(*self._drawn_range)
        self.symbolSelected.emit(symbol_index)

    def _symbol_at(self, scene_pos: QPointF) -> int:
        view = self.getPlotItem().vb
        if self.decoding is None or not view.sceneBoundingRect().contains(scene_pos):
            return -1
        slot = int(round(view.mapSceneToView(scene_pos).x()))
        if 0 <= slot < self.n_slots:
            return int(self.decoding.symbol_of_position[slot])
        return -1

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self.symbolHovered.emit(self._symbol_at(scene_pos))

    def _on_mouse_clicked(self, event: MouseClickEvent) -> None:
        index = self._symbol_at(event.scenePos())
        if index >= 0:
            self.select(index)


class ProbabilityBars(SlotPlot):
    """Bars of the chosen symbol's probability, labelled with the decoded letter.

    Decoded symbols get a bar (red below ``LOW_CONFIDENCE``), its probability on the top axis
    and its letter on the bottom axis; passed-through characters get a grey dashed band.
    A letter of a feedback decoder that follows a doubtful earlier letter
    (:attr:`Decoding.carry_over <cipherlab.core.network.Decoding.carry_over>`) shows its
    probability times the doubt's, with the model's own probability outlined in red dashes
    above it: the part of its certainty that the earlier doubt takes away.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.setMinimumHeight(170)
        item = self.getPlotItem()
        item.setLabel("left", "probability")
        item.setYRange(0, 1, padding=0)
        left = item.getAxis("left")
        left.setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        # the 0 and 1 labels sit on the edges of the view: draw them rather than clip them
        left.setStyle(hideOverlappingLabels=False)
        small = QFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        item.showAxis("top")
        top = item.getAxis("top")
        # labels are thinned so they never overlap (see _label_stride); edge ones are kept
        top.setStyle(tickFont=small, tickLength=0, hideOverlappingLabels=False)
        top.setTextPen("#333")
        top.setTicks([[], []])
        self._label_px = QFontMetrics(small).horizontalAdvance(".99") + 6  # one label + gap
        self._stride = 1
        self.probability_labels: list[tuple[float, str]] = []  # (slot, text) drawn on top
        item.vb.sigXRangeChanged.connect(lambda *_: self._restride())
        item.vb.sigResized.connect(lambda *_: self._restride())
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.75, brushes=[], pen=pg.mkPen(None))
        self.bands = pg.BarGraphItem(x=[], height=[], width=0.9, brush=PASS_BRUSH, pen=PASS_PEN)
        self.carried = pg.BarGraphItem(x=[], height=[], width=0.75, brush=None, pen=CARRIED_PEN)
        item.addItem(self.bands)
        item.addItem(self.carried)
        item.addItem(self.bars)
        self.empty_note = plot_style.EmptyNote(self, EMPTY_NOTE)
        self.setToolTip(
            "Probability of each decoded letter; click a bar for the model's full "
            "distribution. Dashed grey = passed through, not decoded. Dashed red outline "
            "(a decoder that reads back its letters) = the model's own probability of a "
            "letter that follows a doubtful earlier one; the bar is that times the earlier "
            "letter's, since if that one is wrong, so is this."
        )

    def show_decoding(self, decoding: Decoding) -> None:  # noqa: D102 (see SlotPlot)
        self.empty_note.set_visible(decoding.encoded.n_symbols == 0)
        super().show_decoding(decoding)
        self.getPlotItem().vb.setYRange(0, 1, padding=0)

    def _label_stride(self) -> int:
        """Label every n-th slot, so that neighbouring probability labels never touch."""
        vb = self.getPlotItem().vb
        (x0, x1), _ = vb.viewRange()
        slot_px = vb.width() / max(x1 - x0, 1e-9)
        return max(1, int(np.ceil(self._label_px / slot_px))) if slot_px > 0 else 1

    def _restride(self) -> None:
        """Zoom or resize changed the room per bar: relabel if the stride changes."""
        if self._label_stride() != self._stride and self.decoding is not None:
            self._redraw_if_needed(force=True)  # the range is recomputed from the view

    def draw_window(self, start: int, end: int) -> None:
        """Draw bars, bands and labels for code points ``[start, end)``."""
        decoding = self.decoding
        if decoding is None or end <= start:
            self.bars.setOpts(x=[], height=[], brushes=[])
            self.bands.setOpts(x=[], height=[])
            self.carried.setOpts(x=[], y0=[], height=[])
            self.probability_labels = []
            for axis in ("top", "bottom"):
                self.getPlotItem().getAxis(axis).setTicks([[], []])
            return
        symbols = decoding.symbol_of_position[start:end]
        slots = np.arange(start, end)
        decoded = symbols >= 0
        heights = decoding.confidence[symbols[decoded]]
        brushes = [LOW_BRUSH if h < LOW_CONFIDENCE else BAR_BRUSH for h in heights]
        for k, symbol in enumerate(symbols[decoded].tolist()):
            if symbol == self.selected:
                brushes[k] = SELECTED_BRUSH
        self.bars.setOpts(x=slots[decoded], height=heights, brushes=brushes)
        self._draw_carried(decoding, slots[decoded], symbols[decoded], heights)
        bands = slots[~decoded]
        self.bands.setOpts(x=bands, height=np.ones(len(bands)))
        text = decoding.plaintext
        item = self.getPlotItem()
        item.getAxis("bottom").setTicks(
            [[(i, visible_char(text[i])) for i in range(start, end)], []]
        )
        self._stride = stride = self._label_stride()
        labels, last = [], -stride
        for x, h in zip(slots[decoded].tolist(), heights.tolist(), strict=True):
            if x - last >= stride:  # at least `stride` slots from the previous label
                labels.append((float(x), probability_text(float(h))))
                last = x
        self.probability_labels = labels
        item.getAxis("top").setTicks([labels, []])

    def _draw_carried(
        self, decoding: Decoding, slots: np.ndarray, symbols: np.ndarray, heights: np.ndarray
    ) -> None:
        """Outline, above each letter that carries an earlier doubt, what the doubt took."""
        if decoding.carry_over is None:
            self.carried.setOpts(x=[], y0=[], height=[])
            return
        lowered = decoding.carry_over.carried[symbols] < 1.0
        own = decoding.probabilities[symbols[lowered], decoding.chosen[symbols[lowered]]]
        shown = heights[lowered]
        self.carried.setOpts(x=slots[lowered], y0=shown, height=own - shown)

    # ------------------------------------------------------------ inspection
    def bar_labels(self) -> list[str]:
        """The decoded character of every bar (whole text), in order."""
        if self.decoding is None:
            return []
        return self.decoding.decoded_chars

    def bar_heights(self) -> np.ndarray:
        """float32 ``(n_symbols,)``: the chosen symbol's probability for every bar."""
        if self.decoding is None:
            return np.zeros(0, dtype=np.float32)
        return self.decoding.confidence

    def drawn_carried_slots(self) -> list[int]:
        """Code points drawn now with a dashed outline (letters that carry an earlier doubt)."""
        return np.asarray(self.carried.opts["x"], dtype=np.int64).tolist()

    def drawn_bar_labels(self) -> list[str]:
        """The bottom-axis labels of the bars drawn now, in order."""
        text = self.decoding.plaintext if self.decoding is not None else ""
        return [text[i] for i in np.asarray(self.bars.opts["x"], dtype=np.int64).tolist()]

    def pass_through_slots(self) -> list[int]:
        """Code points drawn as "not decoded" (whole text)."""
        if self.decoding is None:
            return []
        return np.flatnonzero(self.decoding.symbol_of_position < 0).tolist()
