"""Read-only text views aligned with a decoding: the model's plaintext and the exact answer.

Both mark characters by code point and only format what is on screen, so a 1 MB text stays
as cheap as a short one. Qt positions differ from code points (emoji take two UTF-16 units,
a CR LF pair is one paragraph break in Qt, long lines are shown in pieces), so every view keeps
a map between the two: :class:`ShownText`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget
from superqt.utils import qdebounced, signals_blocked

from cipherlab.core.network import LOW_CONFIDENCE, Comparison, Decoding
from cipherlab.core.text import is_mark

PASS_FORMAT_COLOUR = QColor(130, 130, 130)
PASS_BACKGROUND = QColor(232, 232, 232)
LONG_LINE = 4096
"""Lines longer than this (code points) are shown in pieces of this length.

Qt lays out a paragraph as a whole, and only the paragraphs on screen: one 1 MB line took
0.2-0.3 s to set and again 0.1 s to every repaint, on the GUI thread; pieces of 4,096 code
points take about 3 ms to set and 1 ms to paint. The breaks are display-only: the text, a
copied selection and :meth:`AlignedTextView.toPlainText` are the original.
"""
# Code points that end a paragraph in a QTextDocument (a CR LF pair ends one).
PARAGRAPH_ENDS = np.array([0x0A, 0x0D, 0x2029, 0xFDD0, 0xFDD1], dtype=np.uint32)


def line_breaks(text: str, codes: np.ndarray, limit: int = LONG_LINE) -> np.ndarray:
    """Where display-only breaks cut the lines of ``text`` that are over ``limit`` long.

    Parameters
    ----------
    text : str
        The text.
    codes : numpy.ndarray
        uint32 ``(len(text),)``: its code points.
    limit : int
        The longest piece shown as one paragraph (code points).

    Returns
    -------
    numpy.ndarray
        int64 ``(k,)``, ascending: the code points that a break goes before, every ``limit``
        code points of a long line (moved past combining marks, which stay with their letter).
    """
    if len(codes) <= limit:
        return np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(np.isin(codes, PARAGRAPH_ENDS))
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(codes)]))
    long = (stops - starts) > limit
    cuts = []
    for start, stop in zip(starts[long].tolist(), stops[long].tolist(), strict=True):
        at = start + limit
        while at < stop:
            while at < stop and is_mark(text[at]):
                at += 1
            if at < stop:
                cuts.append(at)
            at += limit
    return np.asarray(cuts, dtype=np.int64)


def cache_long_paragraphs_on_screen(edit: QPlainTextEdit) -> None:
    """Keep the layout of the long paragraphs on screen in ``edit`` between repaints.

    Qt throws a paragraph's shaped text away after laying it out and drawing it, and
    shapes the whole paragraph again for every repaint, even for the text cursor's blink:
    about 50-150 ms for a pasted 1 MB line, every second while the box has the focus.
    Kept, a repaint takes 0.1 ms, for about the same memory. Only paragraphs over
    :data:`LONG_LINE` on screen are kept; :func:`keep_long_paragraphs_cached` calls this
    whenever the text or the scroll position changes.
    """
    corner = QPoint(edit.viewport().width(), edit.viewport().height())
    block = edit.cursorForPosition(QPoint(0, 0)).block()
    last = edit.cursorForPosition(corner).block().blockNumber()
    while block.isValid() and block.blockNumber() <= last:
        layout = block.layout()
        if block.length() > LONG_LINE and layout is not None and not layout.cacheEnabled():
            layout.setCacheEnabled(True)
        block = block.next()


def keep_long_paragraphs_cached(edit: QPlainTextEdit) -> None:
    """Call :func:`cache_long_paragraphs_on_screen` on ``edit`` after every edit and scroll."""
    update = lambda *_: cache_long_paragraphs_on_screen(edit)  # noqa: E731
    edit.textChanged.connect(update)
    edit.verticalScrollBar().valueChanged.connect(update)


def size_text_box(box: QPlainTextEdit) -> None:
    """Give a decode panel text box two lines at least and five at most, wrapped anywhere.

    A short window then scrolls the panel rather than squeezing the box. Ciphertext often
    has no spaces: wrapping a 1 MB "word" at word boundaries takes Qt ~40 s, anywhere ~0.3 s.
    """
    lines = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(2 * lines + 14)  # frame and document margins
    box.setMaximumHeight(90)
    box.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)


def tint(probability: float) -> QColor:
    """Background for a decoded letter: white when sure, redder as the probability drops."""
    strength = min(1.0, max(0.0, (1.0 - probability) / 0.5))
    return QColor(255, int(255 - 120 * strength), int(255 - 120 * strength))


@dataclass(frozen=True)
class ShownText:
    """A text as a view shows it, and the map between its code points and Qt positions.

    Pure data (no Qt objects): a worker thread can prepare it for a long text.

    Attributes
    ----------
    text : str
        The text.
    shown : str
        What the view's document holds: ``text`` with a line break before each display-only
        cut (see :data:`LONG_LINE`).
    offsets : numpy.ndarray
        int64 ``(len(text) + 1,)``: the Qt position of each code point of ``text``, plus the
        end. The CR of a CR LF pair takes no position (Qt keeps one break).
    cuts : numpy.ndarray
        int64 ``(k,)``, ascending: the code points that a display-only break precedes.
    """

    text: str
    shown: str
    offsets: np.ndarray
    cuts: np.ndarray

    @classmethod
    def of(cls, text: str, limit: int = LONG_LINE) -> ShownText:
        """Prepare ``text`` for a view, cutting lines over ``limit`` (10-40 ms for 1 MB)."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        widths = np.where(codes > 0xFFFF, 2, 1)
        if "\r\n" in text:
            widths[np.flatnonzero((codes[:-1] == 0x0D) & (codes[1:] == 0x0A))] = 0
        cuts = line_breaks(text, codes, limit)
        shown = text
        if len(cuts):
            widths[cuts - 1] += 1  # the break sits between a cut and the code point before it
            bounds = [0, *cuts.tolist(), len(text)]
            shown = "\n".join(text[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True))
        offsets = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(widths, out=offsets[1:])
        return cls(text, shown, offsets, cuts)

    def qt_range(self, start: int, end: int) -> tuple[int, int]:
        """Qt positions ``[a, b)`` of code points ``[start, end)`` (no display break in it)."""
        b = int(self.offsets[end])
        if end < len(self.text) and len(self.cuts):
            k = int(np.searchsorted(self.cuts, end))
            if k < len(self.cuts) and self.cuts[k] == end:
                b -= 1
        return int(self.offsets[start]), b

    def code_point_at(self, qt_position: int) -> int:
        """Code-point index at Qt position ``qt_position`` (a break: the code point before)."""
        return int(np.searchsorted(self.offsets, qt_position, side="right")) - 1


EMPTY = ShownText("", "", np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))


class AlignedTextView(QPlainTextEdit):
    """A read-only text whose characters map to code points of a :class:`Decoding`.

    Signals
    -------
    characterClicked(int)
        The user put the cursor on code point ``i`` of the text.
    """

    characterClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        # A scroll bar that comes and goes changes the text's width, and Qt then lays out
        # the paragraphs on screen again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._shown = EMPTY
        # formats follow a scroll or resize once it pauses, not at every step of it
        self._format_soon = qdebounced(self.update_formats, timeout=30)
        self.verticalScrollBar().valueChanged.connect(self._format_soon)
        self.cursorPositionChanged.connect(self._on_cursor)

    # ---------------------------------------------------------------- text
    @property
    def _text(self) -> str:
        return self._shown.text

    def show_text(self, text: str | ShownText) -> None:
        """Show ``text``; keeps the view (and its scroll position) if the text is unchanged.

        Parameters
        ----------
        text : str or ShownText
            The text, or the text already prepared by :meth:`ShownText.of` (a worker does
            that for a long text, so that the GUI thread only hands it to Qt).

        One ``setPlainText`` call, with lines over :data:`LONG_LINE` shown in pieces: a 1 MB
        text takes about 20 ms as lines of 79 characters and 5 ms as one line (0.25 s as one
        whole paragraph). Inserting in chunks was tried and is far slower (Qt re-lays out the
        growing paragraph for every chunk).
        """
        plain = text.text if isinstance(text, ShownText) else text
        if plain != self._shown.text:
            self._shown = text if isinstance(text, ShownText) else ShownText.of(text)
            with signals_blocked(self):  # the cursor moves, but the user did not click anything
                super().setPlainText(self._shown.shown)
        self.update_formats()

    def setPlainText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Show ``text`` (as :meth:`show_text`)."""
        self.show_text(text)

    def toPlainText(self) -> str:  # noqa: N802 (Qt's name)
        """The text shown, as given: without display-only breaks, CR LF kept."""
        return self._shown.text

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt's name)
        """Copy the selected part of the original text (no display-only breaks)."""
        cursor = self.textCursor()
        offsets = self._shown.offsets
        start = int(np.searchsorted(offsets, cursor.selectionStart(), side="left"))
        end = int(np.searchsorted(offsets, cursor.selectionEnd(), side="left"))
        data = QMimeData()
        data.setText(self._shown.text[start:end])
        return data

    # -------------------------------------------------------------- mapping
    def visible_range(self) -> tuple[int, int]:
        """Code-point range ``[start, end)`` on screen (plus a margin)."""
        if not self._text:
            return 0, 0
        top = self.cursorForPosition(QPoint(0, 0)).position()
        corner = QPoint(self.viewport().width(), self.viewport().height())
        bottom = self.cursorForPosition(corner).position()
        start = self.code_point_at(top)
        end = self.code_point_at(bottom) + 1
        return max(0, start - 200), min(len(self._text), end + 200)

    def code_point_at(self, qt_position: int) -> int:
        """Code-point index of Qt position ``qt_position``."""
        return self._shown.code_point_at(qt_position)

    def select_code_point(self, index: int) -> None:
        """Put the cursor on code point ``index`` and scroll it into view (no signal)."""
        if not 0 <= index < len(self._text):
            return
        cursor = self.textCursor()
        cursor.setPosition(int(self._shown.offsets[index]))
        with signals_blocked(self):
            self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        a, b = self._shown.qt_range(start, end)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-apply formats to what is newly on screen."""
        super().resizeEvent(event)
        self._format_soon()


def carry_note(decoding: Decoding, symbol: int) -> str:
    """Why decoded ``symbol``'s shown probability is below the model's, or "" (plain text).

    Only a letter of a feedback decoder that follows a doubtful earlier letter has one
    (:attr:`Decoding.carry_over <cipherlab.core.network.Decoding.carry_over>`).
    """
    doubt = decoding.follows(symbol)
    if doubt < 0:
        return ""
    where = int(decoding.positions[doubt])
    own = float(decoding.probabilities[symbol].max())
    carried = float(decoding.carry_over.carried[symbol]) if decoding.carry_over else 1.0
    return (
        f"Follows letter {doubt + 1} ({decoding.plaintext[where]} at "
        f"{float(decoding.probabilities[doubt].max()):.0%}): reading back a different letter "
        f"there changes this one, so if that one is wrong, so is this. Shown "
        f"{float(decoding.confidence[symbol]):.1%} = the model's {own:.1%} × {carried:.1%}, "
        f"the chance the doubtful letters it follows are right."
    )


class PlaintextView(AlignedTextView):
    """The model's plaintext with its confidence marked.

    Letters are tinted by probability, unsure ones underlined, passed-through characters on
    grey; hovering a letter shows its top 3 alternatives.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plaintextOutput")
        self.setAccessibleName("Plaintext")
        self.setToolTip("")  # per-letter tooltips come from the event filter
        self.decoding: Decoding | None = None
        self.viewport().installEventFilter(self)

    def show_decoding(self, decoding: Decoding, shown: ShownText | None = None) -> None:
        """Show ``decoding``'s plaintext with its confidence marks.

        ``shown``: the plaintext already prepared by :meth:`ShownText.of`, if a worker did.
        """
        self.decoding = decoding
        self.show_text(shown if shown is not None else decoding.plaintext)

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
        note = carry_note(decoding, symbol)
        return f"{decoding.ciphertext[index]} → {decoding.plaintext[index]}: {top}" + (
            f"\n{note}" if note else ""
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the letter under the mouse's top 3 alternatives as its tooltip."""
        if (
            watched is self.viewport()
            and event.type() == QEvent.Type.ToolTip
            and isinstance(event, QHelpEvent)  # a ToolTip event is a QHelpEvent
        ):
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exactOutput")
        self.setAccessibleName("Exact decryption")
        self.setToolTip(
            "The classical decryption with the model's cipher and key; red marks "
            "every letter where the model disagrees."
        )
        self.comparison: Comparison | None = None

    def show_comparison(self, comparison: Comparison, shown: ShownText | None = None) -> None:
        """Show the exact answer and mark the disagreements.

        ``shown``: the exact answer already prepared by :meth:`ShownText.of`, if a worker did.
        """
        self.comparison = comparison
        self.show_text(shown if shown is not None else comparison.exact)

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
