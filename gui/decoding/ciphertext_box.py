"""The ciphertext the decode panel reads: typed, pasted, or opened from a text file.

A text file is read in a worker (:class:`~cipherlab.gui.widgets.LatestWorker`), never on the
GUI thread: 20 MB from a slow disk must not freeze the window.
"""

from __future__ import annotations

from collections.abc import Generator
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

from cipherlab.core.text import TextFileError, read_text_file

from ..widgets import TEXT_FILTER, LatestWorker, set_tab_order, tab_stops
from .text_views import keep_long_paragraphs_cached, size_text_box

MAX_OPEN_BYTES = 20 * 1024 * 1024
"""Largest text file "Open text…" reads."""
EXAMPLE = "FUVEMVEMNMERPDRF"
OPEN_TEXT = "Open text…"


def read_text(path: Path) -> Generator[None, None, str]:
    """Worker job: the text of the UTF-8 file ``path``, read with the app's bounded reader.

    :func:`cipherlab.core.text.read_text_file` reads at most 64 MiB whatever the file system
    says (``/dev/zero``, a named pipe) and names binary and UTF-16 files; the box then takes
    at most :data:`MAX_OPEN_BYTES` of it.

    Raises
    ------
    TextFileError
        If it cannot be read, or is binary, UTF-16 or not UTF-8 (a sentence naming it).
    ValueError
        If it is over :data:`MAX_OPEN_BYTES`.
    """
    yield None  # a newer request may cancel it before it reads
    text = read_text_file(path)
    if len(text) > MAX_OPEN_BYTES:
        raise ValueError(f"it is over {MAX_OPEN_BYTES // 2**20} MB")
    return text


class CiphertextBox(QWidget):
    """A titled ciphertext box with **Open text…**.

    Parameters
    ----------
    tools : QWidget, optional
        A row of its own above the box's title (the known-key view's plaintext to encrypt,
        whose ciphertext comes down into the box); it never shares the **Ciphertext** row.

    Signals
    -------
    textChanged()
        The ciphertext changed (each keystroke).
    failed(str)
        A sentence saying why a file could not be opened.
    opened(str)
        A file's text is in the box; the argument is its path.
    """

    textChanged = Signal()
    failed = Signal(str)
    opened = Signal(str)

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
        self.openTextButton = QPushButton(OPEN_TEXT)
        self.openTextButton.setObjectName("openTextButton")
        self.openTextButton.setToolTip("Decode a UTF-8 text file")
        self.openTextButton.clicked.connect(self.open_text_dialog)
        self._reader = LatestWorker(self)
        self._reader.returned.connect(self._on_read)
        self._reader.errored.connect(self._on_read_failed)
        self._opening: Path | None = None  # the file being read

        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("Ciphertext"), stretch=1)
        title_row.addWidget(self.openTextButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if tools is not None:  # above: its ciphertext comes down into the box
            layout.addWidget(tools)
        layout.addLayout(title_row)
        layout.addWidget(self.ciphertextInput)
        stops = [*tab_stops(tools)] if tools is not None else []
        set_tab_order([*stops, self.openTextButton, self.ciphertextInput])

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

    @property
    def reading(self) -> bool:
        """True while a file chosen with :meth:`open_text` is being read."""
        return self._opening is not None

    def open_text(self, path: str | Path) -> bool:
        """Start reading a UTF-8 text file into the box, off the GUI thread.

        Its text replaces the box's when it has been read (:attr:`opened`); a file that
        cannot be read leaves the box as it is and :attr:`failed` says why. Returns False
        once the window is closing (nothing is read).
        """
        if not self._reader.submit(read_text, Path(path)):
            return False
        self._opening = Path(path)
        self.openTextButton.setText("Reading…")
        return True

    def shutdown(self) -> None:
        """Stop reading a file, if one is being read (the window closes)."""
        self._reader.shutdown()
        self._done_reading()

    def _done_reading(self) -> Path | None:
        path, self._opening = self._opening, None
        self.openTextButton.setText(OPEN_TEXT)
        return path

    @Slot(object)
    def _on_read(self, text: str) -> None:
        path = self._done_reading()
        if path is not None:
            self.set_text(text)
            self.opened.emit(str(path))

    @Slot(object)
    def _on_read_failed(self, exc: BaseException) -> None:
        path = self._done_reading()
        if path is None:
            return
        if isinstance(exc, TextFileError):  # a whole sentence that names the file
            self.failed.emit(f"Could not open the text: {exc}")
            return
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.failed.emit(f"Could not open {path.name}: {reason}.")

    @Slot()
    def open_text_dialog(self) -> None:
        """Ask for a text file to decode."""
        path, _ = QFileDialog.getOpenFileName(self, "Open ciphertext", "", TEXT_FILTER)
        if path:
            self.open_text(path)
