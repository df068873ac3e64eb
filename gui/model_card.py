"""The model card panel: the current model's name, cipher, config, training and versions."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget


class ModelCardPanel(QWidget):
    """Shows one model card (see :func:`cipherlab.core.model_card.model_card`) as a two-column table."""

    def __init__(self, parent: QWidget | None = None) -> None:
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
