"""A titled section whose content folds away behind an arrow button.

superqt's ``QCollapsible`` folds by animating its content's maximum height to 0: the folded
widgets stay "visible" at zero height, and a layout check cannot tell them from squeezed ones.
Here the folded content is hidden, so it takes no room and no tab stop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLayout, QToolButton, QVBoxLayout, QWidget
from superqt.utils import signals_blocked


class CollapsibleSection(QWidget):
    """A toggle button with an arrow and a title, and the content it shows or hides.

    The section starts collapsed.

    Parameters
    ----------
    title : str
        The button's text.
    name : str
        The section's object name; its button is named ``name + "Toggle"``.

    Signals
    -------
    toggled(bool)
        The section was expanded (True) or collapsed (False), by a click or a call.
    """

    toggled = Signal(bool)

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.toggleButton = QToolButton()
        self.toggleButton.setObjectName(f"{name}Toggle")
        self.toggleButton.setText(title)
        self.toggleButton.setCheckable(True)
        self.toggleButton.setAutoRaise(True)
        self.toggleButton.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggleButton.setArrowType(Qt.ArrowType.RightArrow)
        self.toggleButton.toggled.connect(self.set_expanded)
        self.content = QWidget()
        self.content.setObjectName(f"{name}Content")
        self._content_layout = QVBoxLayout(self.content)
        self._content_layout.setContentsMargins(0, 0, 0, 0)
        self.content.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggleButton)
        layout.addWidget(self.content)

    def add_widget(self, widget: QWidget) -> None:
        """Put ``widget`` at the end of the content."""
        self._content_layout.addWidget(widget)

    def add_layout(self, layout: QLayout) -> None:
        """Put ``layout`` at the end of the content."""
        self._content_layout.addLayout(layout)

    def is_expanded(self) -> bool:
        """True while the content is shown."""
        return self.toggleButton.isChecked()

    @Slot(bool)
    def set_expanded(self, on: bool) -> None:
        """Show (``on``) or hide the content; :attr:`toggled` says so if it changed."""
        changed = on != self.content.isVisibleTo(self)
        with signals_blocked(self.toggleButton):
            self.toggleButton.setChecked(on)
        arrow = Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow
        self.toggleButton.setArrowType(arrow)
        self.content.setVisible(on)
        if changed:
            self.toggled.emit(on)
