"""Read-only text views aligned with a decoding: the model's plaintext and the exact answer.

Both mark characters by code point (emoji take two UTF-16 units in Qt, so positions are
mapped) and only format what is on screen, so a 1 MB text stays as cheap as a short one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from cipherlab.core.decoding import LOW_CONFIDENCE, Comparison, Decoding

PASS_FORMAT_COLOUR = QColor(130, 130, 130)
PASS_BACKGROUND = QColor(232, 232, 232)


def utf16_offsets(text: str) -> np.ndarray:
    """Qt text positions (UTF-16 code units) of each code point of ``text``, plus the end.

    Returns int64 ``(len(text) + 1,)``: characters outside the Basic Multilingual Plane
    (most emoji) take two UTF-16 units, so Qt positions drift from Python indices after them.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    offsets = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(np.where(codes > 0xFFFF, 2, 1), out=offsets[1:])
    return offsets


def tint(probability: float) -> QColor:
    """Background for a decoded letter: white when sure, redder as the probability drops."""
    strength = min(1.0, max(0.0, (1.0 - probability) / 0.5))
    return QColor(255, int(255 - 120 * strength), int(255 - 120 * strength))


class AlignedTextView(QPlainTextEdit):
    """A read-only text whose characters map to code points of a :class:`Decoding`.

    Signals
    -------
    characterClicked(int)
        The user put the cursor on code point ``i`` of the text.
    """

    characterClicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self._text = ""
        self._offsets = np.zeros(1, dtype=np.int64)
        self._format_timer = QTimer(self)
        self._format_timer.setSingleShot(True)
        self._format_timer.setInterval(30)
        self._format_timer.timeout.connect(self.update_formats)
        self.verticalScrollBar().valueChanged.connect(self._format_timer.start)
        self.cursorPositionChanged.connect(self._on_cursor)

    # ---------------------------------------------------------------- text
    def show_text(self, text: str) -> None:
        """Show ``text``; keeps the view (and its scroll position) if the text is unchanged.

        One ``setPlainText`` call: a 1 MB text of ordinary lines takes ~20 ms. Inserting a
        long text in chunks was tried and is far slower (Qt re-lays out the growing
        paragraph for every chunk: 4.4 s for one 1 MB line instead of 0.25 s).
        """
        if text != self._text:
            self._text = text
            self._offsets = utf16_offsets(text)
            self.blockSignals(True)  # the cursor moves, but the user did not click anything
            self.setPlainText(text)
            self.blockSignals(False)
        self.update_formats()

    # -------------------------------------------------------------- mapping
    def visible_range(self) -> tuple[int, int]:
        """Code-point range ``[start, end)`` on screen (plus a margin)."""
        if not self._text:
            return 0, 0
        top = self.cursorForPosition(QPoint(0, 0)).position()
        corner = QPoint(self.viewport().width(), self.viewport().height())
        bottom = self.cursorForPosition(corner).position()
        start = int(np.searchsorted(self._offsets, top, side="right")) - 1
        end = int(np.searchsorted(self._offsets, bottom, side="right"))
        return max(0, start - 200), min(len(self._text), end + 200)

    def code_point_at(self, qt_position: int) -> int:
        """Code-point index of Qt (UTF-16) position ``qt_position``."""
        return int(np.searchsorted(self._offsets, qt_position, side="right")) - 1

    def select_code_point(self, index: int) -> None:
        """Put the cursor on code point ``index`` and scroll it into view (no signal)."""
        if not 0 <= index < len(self._text):
            return
        cursor = self.textCursor()
        cursor.setPosition(int(self._offsets[index]))
        self.blockSignals(True)
        self.setTextCursor(cursor)
        self.blockSignals(False)
        self.ensureCursorVisible()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(int(self._offsets[start]))
        cursor.setPosition(int(self._offsets[end]), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor, sel.format = cursor, fmt
        return sel

    def _on_cursor(self) -> None:
        if self._text:
            index = self.code_point_at(self.textCursor().position())
            if 0 <= index < len(self._text):
                self.characterClicked.emit(index)

    def update_formats(self) -> None:
        """Re-apply formats to the visible range (subclasses say which)."""
        self.setExtraSelections(self.selections(*self.visible_range()))

    def selections(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        """Extra selections for code points ``[start, end)``."""
        return []

    def resizeEvent(self, event) -> None:
        """Re-apply formats to what is newly on screen."""
        super().resizeEvent(event)
        self._format_timer.start()


class PlaintextView(AlignedTextView):
    """The model's plaintext with its confidence marked.

    Letters are tinted by probability, unsure ones underlined, passed-through characters on
    grey; hovering a letter shows its top 3 alternatives.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("plaintextOutput")
        self.setAccessibleName("Plaintext")
        self.setToolTip("")  # per-letter tooltips come from the event filter
        self.decoding: Decoding | None = None
        self.viewport().installEventFilter(self)

    def show_decoding(self, decoding: Decoding) -> None:
        """Show ``decoding``'s plaintext with its confidence marks."""
        self.decoding = decoding
        self.show_text(decoding.plaintext)

    def selections(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        """Tints, underlines and grey for code points ``[start, end)``."""
        decoding = self.decoding
        if decoding is None or decoding.plaintext != self._text:
            return []
        symbols = decoding.symbol_of_position[start:end]
        confidence = decoding.confidence
        out = []
        passed = QTextCharFormat()
        passed.setForeground(PASS_FORMAT_COLOUR)
        passed.setBackground(PASS_BACKGROUND)
        for offset, symbol in enumerate(symbols.tolist()):
            i = start + offset
            if symbol < 0:
                out.append(self._selection(i, i + 1, passed))
                continue
            p = float(confidence[symbol])
            if p >= 0.99:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(tint(p))
            if p < LOW_CONFIDENCE:  # underlined in red
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#d62728"))
            out.append(self._selection(i, i + 1, fmt))
        return out

    def tooltip_at(self, index: int) -> str:
        """The hover text for code point ``index``: top 3 letters, or "not decoded"."""
        decoding = self.decoding
        if decoding is None or not 0 <= index < len(decoding.plaintext):
            return ""
        symbol = int(decoding.symbol_of_position[index])
        if symbol < 0:
            return "Not decoded: outside the model's alphabet, passed through unchanged."
        top = " · ".join(f"{s} {p:.1%}" for s, p in decoding.top_k(symbol, 3))
        return f"{decoding.ciphertext[index]} → {decoding.plaintext[index]}: {top}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the letter under the mouse's top 3 alternatives as its tooltip."""
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            text = self.tooltip_at(self.code_point_at(position))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)


class ExactAnswerView(AlignedTextView):
    """The cipher's exact decryption, with every disagreement with the model in red."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("exactOutput")
        self.setAccessibleName("Exact decryption")
        self.setToolTip(
            "The classical decryption with the model's cipher and key; red marks "
            "every letter where the model disagrees."
        )
        self.comparison: Comparison | None = None

    def show_comparison(self, comparison: Comparison) -> None:
        """Show the exact answer and mark the disagreements."""
        self.comparison = comparison
        self.show_text(comparison.exact)

    def selections(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        """Red marks on the disagreements within code points ``[start, end)``."""
        comparison = self.comparison
        if comparison is None or comparison.exact != self._text:
            return []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffb3b3"))
        fmt.setFontWeight(700)
        wrong = comparison.disagreements
        lo, hi = np.searchsorted(wrong, [start, end])
        return [self._selection(int(i), int(i) + 1, fmt) for i in wrong[lo:hi].tolist()]
