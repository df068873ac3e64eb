"""A column that scrolls up and down when the window is short, and is never squeezed.

Without it a short window (a 1280 x 720 projector, a laptop) squeezes a column's widgets below
their own minimum: fields clip their text, and widgets are drawn over each other.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

SHORTEST = 120
"""Height (px) below which even a scrolling column stops shrinking."""


class ScrollColumn(QScrollArea):
    """Shows ``widget`` at its full width, with a vertical scroll bar when it does not fit.

    The column asks for the widget's minimum width plus a scroll bar's, so the widget keeps
    that width whether or not the bar is shown; it fills the height it is given when that is
    more than the widget needs, and scrolls otherwise. What the widget needs counts the lines
    of its word-wrapped labels at the width it has (Qt's own resizable scroll area would hold
    such a widget at its preferred height, plots and all, and scroll at any window size).

    Parameters
    ----------
    widget : QWidget
        The content.
    name : str
        The column's object name.
    """

    def __init__(self, widget: QWidget, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = widget  # what self.widget() gives once set (typed: never None)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)  # not resizable: _fit sizes it
        widget.installEventFilter(self)

    def needed_height(self, width: int) -> int:
        """The least height the content can have at ``width`` without squeezing a widget."""
        inner = self._content
        need = inner.minimumSizeHint().height()
        layout = inner.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = max(need, layout.totalMinimumHeightForWidth(width))
        return need

    def _fit(self) -> None:
        viewport = self.viewport().size()
        # the width with the bar, shown or not: a text box that changes width makes Qt lay
        # out its text again (0.1-0.3 s for a pasted 1 MB line)
        width = self.width() - self._extra_width()
        self._content.resize(width, max(viewport.height(), self.needed_height(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The viewport changed size (the column, or its scroll bar came or went)."""
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refit when the content's layout changes (a label got another line of text)."""
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
            self.updateGeometry()  # its size hints follow the content's (a font change)
        return super().eventFilter(watched, event)

    def _extra_width(self) -> int:
        return self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        """The content's minimum width (and a scroll bar's); a short height."""
        inner = self._content.minimumSizeHint().expandedTo(self._content.minimumSize())
        return QSize(inner.width() + self._extra_width(), min(inner.height(), SHORTEST))

    def sizeHint(self) -> QSize:
        """The content's preferred size (and a scroll bar's width)."""
        inner = self._content.sizeHint()
        return QSize(inner.width() + self._extra_width(), inner.height())
