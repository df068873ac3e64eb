"""The model card panel: the current model's name, cipher, config, training and versions."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from cipherlab.core.settings import VALIDATION_ACCURACY
from cipherlab.core.storage import model_card

if TYPE_CHECKING:
    from cipherlab.core.session import CurrentModel


class ModelCardPanel(QWidget):
    """Shows the current model's card (:func:`cipherlab.core.storage.model_card`) as a table.

    It shows "Loading model…" until :meth:`follow` gives it the model to follow.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setObjectName("modelCard")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Model card")
        self.browser.setToolTip(
            "What the current model is, how it was trained and with what.\n\n"
            + VALIDATION_ACCURACY.explanation
        )
        self.browser.setPlainText("Loading model…")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.card: dict[str, str] = {}
        self._current: CurrentModel | None = None

    def follow(self, current: CurrentModel) -> None:
        """Show ``current``'s card from now on, redrawn whenever it changes."""
        self._current = current
        current.changed.connect(self._show_current)
        self._show_current()

    def _show_current(self) -> None:
        current = self._current
        if current is None or not self.isVisible():
            return  # a hidden card is drawn when it is shown (live training changes it often)
        if current.bundle is not None:
            self.set_card(model_card(current.bundle, current.name, current.path))
        elif current.problem:
            self.card = {}
            self.browser.setPlainText(f"No model loaded: {current.problem}")

    def showEvent(self, event: QShowEvent) -> None:
        """Draw the current model's card, which is not kept up to date while hidden."""
        super().showEvent(event)
        self._show_current()

    def set_card(self, card: dict[str, str]) -> None:
        """Show ``card`` (label -> text); values are escaped, never read as HTML."""
        if card == self.card:
            return  # live training refreshes often; skip identical repaints
        self.card = dict(card)
        rows = "".join(
            f"<tr><th align='left' valign='top'>{html.escape(label)}</th>"
            f"<td>{html.escape(value)}</td></tr>"
            for label, value in card.items()
        )
        self.browser.setHtml(f"<table cellspacing='4'>{rows}</table>")
