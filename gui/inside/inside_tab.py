"""The frame every "look inside" view shares: a sentence, an empty state, exports."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..widgets import ExportButtons


class InsideTab(QWidget):
    """One view: its explanation, then its picture or a sentence saying what to do.

    Subclasses put their picture in :attr:`content` and give :meth:`table`.

    Parameters
    ----------
    name : str
        The export buttons' prefix and the suggested file names.
    explanation : str
        One sentence under the title: what the picture shows.

    Signals
    -------
    message(str)
        For the status bar (exports).
    """

    message = Signal(str)

    def __init__(self, name: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        self.emptyLabel = QLabel("")
        self.emptyLabel.setObjectName(f"{name}Empty")
        self.emptyLabel.setWordWrap(True)
        self.emptyLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName(f"{name}Status")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.emptyLabel)
        self.exports = ExportButtons(name, self._shown, self.table)
        self.exports.message.connect(self.message)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(self.explanation)
        self._layout.addWidget(self._stack, stretch=1)
        self._layout.addWidget(self.statusLabel)
        self._layout.addWidget(self.exports)

    def set_content(self, widget: QWidget) -> None:
        """The view's picture (shown once :meth:`show_content` is called)."""
        self.content = widget
        self._stack.addWidget(widget)

    def show_empty(self, sentence: str) -> None:
        """Nothing to draw: say what to do instead."""
        self.emptyLabel.setText(sentence)
        self._stack.setCurrentWidget(self.emptyLabel)
        self.statusLabel.setText("")
        self.exports.setEnabled(False)

    def show_content(self) -> None:
        """The picture is up to date: show it."""
        self._stack.setCurrentWidget(self.content)
        self.exports.setEnabled(True)

    def _shown(self) -> QWidget:
        """The widget shown: the picture or the empty-state sentence."""
        shown = self._stack.currentWidget()
        assert shown is not None  # the stack always holds the empty-state label
        return shown

    @property
    def is_empty(self) -> bool:
        """True while the empty-state sentence is shown."""
        return self._stack.currentWidget() is self.emptyLabel

    def table(self) -> tuple[Sequence[str], list] | None:
        """The numbers behind the picture: ``(header, rows)``, or None when empty."""
        raise NotImplementedError
