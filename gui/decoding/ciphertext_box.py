"""The ciphertext the decode panel reads: typed, pasted, or opened from a text file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets import TEXT_FILTER
from .text_views import keep_long_paragraphs_cached, size_text_box

MAX_OPEN_BYTES = 20 * 1024 * 1024
"""Largest text file "Open text…" reads."""
EXAMPLE = "FUVEMVEMNMERPDRF"


class CiphertextBox(QWidget):
    """A titled ciphertext box with **Open text…**.

    Parameters
    ----------
    tools : QWidget, optional
        More tools for the title row, before **Open text…** (the known-key view's).

    Signals
    -------
    textChanged()
        The ciphertext changed (each keystroke).
    failed(str)
        A sentence saying why a file could not be opened.
    """

    textChanged = Signal()
    failed = Signal(str)

    def __init__(self, tools: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ciphertextInput = QPlainTextEdit()
        self.ciphertextInput.setObjectName("ciphertextInput")
        self.ciphertextInput.setPlaceholderText(f"Type or paste ciphertext, e.g. {EXAMPLE}")
        self.ciphertextInput.setToolTip(
            "Ciphertext to decrypt; it is decoded as you type. "
            "Characters outside the model's alphabet pass through."
        )
        self.ciphertextInput.setAccessibleName("Ciphertext")
        # a scroll bar that comes and goes changes the width: Qt then lays out a pasted
        # 1 MB line again (0.1-0.3 s), so it stays (the output views do the same)
        self.ciphertextInput.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        keep_long_paragraphs_cached(self.ciphertextInput)  # a pasted 1 MB line: no slow blink
        size_text_box(self.ciphertextInput)
        self.ciphertextInput.textChanged.connect(self.textChanged)
        self.openTextButton = QPushButton("Open text…")
        self.openTextButton.setObjectName("openTextButton")
        self.openTextButton.setToolTip("Decode a UTF-8 text file")
        self.openTextButton.clicked.connect(self.open_text_dialog)

        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("Ciphertext"))
        if tools is not None:
            title_row.addWidget(tools, stretch=1)
        title_row.addWidget(self.openTextButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(self.ciphertextInput)

    def tab_after(self, widget: QWidget) -> None:
        """Make the text box the next stop after ``widget`` when Tab is pressed."""
        QWidget.setTabOrder(widget, self.ciphertextInput)

    def text(self) -> str:
        """The ciphertext."""
        return self.ciphertextInput.toPlainText()

    @Slot(str)
    def set_text(self, text: str) -> None:
        """Replace the ciphertext with ``text``."""
        self.ciphertextInput.setPlainText(text)

    def open_text(self, path: str | Path) -> bool:
        """Put a UTF-8 text file into the box; False (and :attr:`failed`) on error."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_OPEN_BYTES:
                raise ValueError(f"it is over {MAX_OPEN_BYTES // 2**20} MB")
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if isinstance(exc, UnicodeDecodeError):
                reason = "it is not UTF-8 text"
            self.failed.emit(f"Could not open {path.name}: {reason}.")
            return False
        self.set_text(text)
        return True

    @Slot()
    def open_text_dialog(self) -> None:
        """Ask for a text file to decode."""
        path, _ = QFileDialog.getOpenFileName(self, "Open ciphertext", "", TEXT_FILTER)
        if path:
            self.open_text(path)
