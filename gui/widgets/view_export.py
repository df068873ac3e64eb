"""Export a view: its picture (PNG or SVG) and its data (CSV), with two buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRect, QSize, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from cipherlab.core.storage import write_atomically, write_csv

PICTURE_FILTER = "PNG image (*.png);;SVG image (*.svg)"
CSV_FILTER = "CSV files (*.csv)"


def save_picture(widget: QWidget, path: str | Path, title: str = "") -> Path:
    """Save ``widget`` as drawn: PNG (pixels) or SVG (vectors), by the file's extension.

    A name without either extension gets ``.png``; ``title`` names an SVG document.

    Raises
    ------
    OSError
        If the folder does not exist or nothing could be written.
    """
    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg"):
        target = target.with_name(target.name + ".png")
    if not target.parent.is_dir():
        raise OSError(f"the folder {target.parent} does not exist")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if target.suffix.lower() == ".png":
        widget.grab().save(buffer, "PNG")
    else:
        from PySide6.QtSvg import QSvgGenerator

        size = widget.size()
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(size.width(), size.height()))
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        if title:
            generator.setTitle(title)
        painter = QPainter(generator)
        try:
            # PySide6's stubs make QWidget.render(QPainter)'s target offset required (Qt's
            # default is QPoint()); passing it would break a QGraphicsView (a pyqtgraph plot),
            # whose own render(QPainter) takes a target rectangle there.
            widget.render(painter)  # type: ignore[call-overload]
        finally:
            painter.end()
    data = bytes(buffer.data().data())
    if not data:
        raise OSError(f"nothing was drawn for {target}")
    write_atomically(target, data)
    return target


class ExportButtons(QWidget):
    """**Export picture…** and **Export data…** for one view.

    Parameters
    ----------
    name : str
        The view's name: the buttons are ``{name}ExportPicture`` and ``{name}ExportData``,
        and the suggested files ``cipherlab-{name}.png`` / ``.csv``.
    picture : callable
        Returns the widget to save.
    table : callable
        Returns ``(header, rows)``, or None when there is nothing to export yet.

    Signals
    -------
    message(str)
        What was written, or why not.
    """

    message = Signal(str)

    def __init__(
        self,
        name: str,
        picture: Callable[[], QWidget],
        table: Callable[[], tuple[Sequence[str], list] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name, self._picture, self._table = name, picture, table
        self.pictureButton = QPushButton("Export picture…")
        self.pictureButton.setObjectName(f"{name}ExportPicture")
        self.pictureButton.setToolTip("Save this view as a PNG or SVG image")
        self.dataButton = QPushButton("Export data…")
        self.dataButton.setObjectName(f"{name}ExportData")
        self.dataButton.setToolTip("Save the numbers behind this view as CSV")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch()
        layout.addWidget(self.pictureButton)
        layout.addWidget(self.dataButton)
        self.pictureButton.clicked.connect(self.export_picture)
        self.dataButton.clicked.connect(self.export_data)

    def ask_path(self, title: str, suggested: str, file_filter: str) -> str:
        """Ask where to save ("" if cancelled; replaced in tests)."""
        return QFileDialog.getSaveFileName(self, title, suggested, file_filter)[0]

    @Slot()
    def export_picture(self) -> None:
        """Ask for a file, save the picture; errors become a message, nothing is lost."""
        path = self.ask_path("Export picture", f"cipherlab-{self.name}.png", PICTURE_FILTER)
        if not path:
            return
        try:
            saved = save_picture(self._picture(), path)
        except OSError as exc:
            self.message.emit(f"Could not save the picture: {exc}")
            return
        self.message.emit(f"Saved the picture to {saved}")

    @Slot()
    def export_data(self) -> None:
        """Ask for a file, save the CSV; errors become a message, nothing is lost."""
        table = self._table()
        if table is None:
            self.message.emit("Nothing to export yet.")
            return
        path = self.ask_path("Export data", f"cipherlab-{self.name}.csv", CSV_FILTER)
        if not path:
            return
        header, rows = table
        try:
            count = write_csv(path, header, rows)
        except OSError as exc:
            self.message.emit(f"Could not write {path}: {exc}")
            return
        self.message.emit(f"Exported {count:,} rows to {path}")
