"""The model card panel: the current model's name, cipher, config, training and versions."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from cipherlab.core.current_model import CurrentModel
from cipherlab.core.model_card import model_card


class ModelCardPanel(QWidget):
    """Shows the current model's card (:func:`cipherlab.core.model_card.model_card`) as a table.

    Parameters
    ----------
    current : CurrentModel, optional
        The model to follow: the card is redrawn whenever it changes.
    """

    def __init__(self, current: CurrentModel | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setObjectName("modelCard")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Model card")
        self.browser.setToolTip("What the current model is, how it was trained and with what")
        self.browser.setPlainText("Loading model…")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.card: dict[str, str] = {}
        self._current = current
        if current is not None:
            current.changed.connect(self._show_current)

    def _show_current(self) -> None:
        current = self._current
        if current is not None and current.bundle is not None:
            self.set_card(model_card(current.bundle, current.name, current.path))

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

    def text(self) -> str:
        """The card as shown, in plain text."""
        return self.browser.toPlainText()
