"""The run history: every run of this session, overlays, differences and export."""

from __future__ import annotations

from pathlib import Path

from cipherlab.core.config import FIELDS
from cipherlab.core.run_history import RunRecord, differing_settings, export_csv
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .loss_plot import MAX_OVERLAYS, LossPlot


def _swatch(colour: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour) if colour else Qt.GlobalColor.transparent)
    return QIcon(pixmap)


class RunHistoryPanel(QWidget):
    """Lists runs; ticking one overlays it on the plot (at most five at once).

    Parameters
    ----------
    plot : LossPlot
        The plot the ticked runs are overlaid on and the plot exported.

    Signals
    -------
    message(str)
        A short status-bar message (e.g. after an export).
    """

    message = Signal(str)

    def __init__(self, plot: LossPlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = plot
        self.runs: list[RunRecord] = []
        self.runList = QListWidget()
        self.runList.setObjectName("runHistory")
        self.runList.setToolTip(
            f"Every run of this session. Tick up to {MAX_OVERLAYS} to "
            "overlay their smoothed loss and accuracy on the plot."
        )
        self.runList.setAccessibleName("Run history")
        self.runList.itemChanged.connect(self._on_item_changed)
        self.differenceLabel = QLabel("Tick runs to compare them.")
        self.differenceLabel.setObjectName("runDifferences")
        self.differenceLabel.setWordWrap(True)
        self.differenceLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.exportCsvButton = QPushButton("Export CSV…")
        self.exportCsvButton.setObjectName("exportCsvButton")
        self.exportCsvButton.setToolTip("Save every run's curves and settings to one CSV file")
        self.exportCsvButton.clicked.connect(self.export_csv_dialog)
        self.exportPlotButton = QPushButton("Export plot…")
        self.exportPlotButton.setObjectName("exportPlotButton")
        self.exportPlotButton.setToolTip("Save the plot as PNG or SVG")
        self.exportPlotButton.clicked.connect(self.export_plot_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(self.exportCsvButton)
        buttons.addWidget(self.exportPlotButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Runs (tick to overlay)"))
        layout.addWidget(self.runList, stretch=1)
        layout.addWidget(self.differenceLabel)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ runs
    def add_run(self, run: RunRecord) -> None:
        """List a new run (unticked)."""
        self.runs.append(run)
        item = QListWidgetItem(run.summary())
        item.setToolTip(run.summary())
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, run.number)
        self.runList.blockSignals(True)
        self.runList.addItem(item)
        self.runList.blockSignals(False)

    def refresh(self, run: RunRecord) -> None:
        """Update ``run``'s line (status, steps, accuracy)."""
        item = self.runList.item(self.runs.index(run))
        item.setText(run.summary())
        item.setToolTip(run.summary() + (f"\n{run.message}" if run.message else ""))

    def set_overlaid(self, run: RunRecord, on: bool) -> None:
        """Tick or untick ``run`` (same as a click on its box)."""
        item = self.runList.item(self.runs.index(run))
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def overlaid(self) -> list[RunRecord]:
        """The ticked runs, in list order."""
        return [
            run
            for i, run in enumerate(self.runs)
            if self.runList.item(i).checkState() == Qt.CheckState.Checked
        ]

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        ticked = self.overlaid()
        if len(ticked) > MAX_OVERLAYS:
            self.runList.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.runList.blockSignals(False)
            self.message.emit(f"At most {MAX_OVERLAYS} runs can be overlaid at once.")
            return
        self.plot.set_overlays(ticked)
        self.runList.blockSignals(True)
        for i, run in enumerate(self.runs):
            self.runList.item(i).setIcon(_swatch(self.plot.overlay_colour(run)))
        self.runList.blockSignals(False)
        self._show_differences(ticked)

    def _show_differences(self, ticked: list[RunRecord]) -> None:
        current = (
            [self.plot.run] if self.plot.run is not None and self.plot.run not in ticked else []
        )
        compared = current + ticked
        if len(compared) < 2:
            self.differenceLabel.setText("Tick runs to compare them.")
            return
        diff = differing_settings(compared)
        if not diff:
            self.differenceLabel.setText(
                "Same settings: " + ", ".join(f"Run {r.number}" for r in compared)
            )
            return
        lines = [
            f"{FIELDS[name].label}: "
            + " / ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)
            for name, values in diff.items()
        ]
        runs = " / ".join(f"Run {r.number}" for r in compared)
        self.differenceLabel.setText(f"Differs ({runs}): " + "; ".join(lines))

    # ---------------------------------------------------------------- export
    def export_csv_to(self, path: str) -> int:
        """Write all runs' curves to ``path``; returns the number of data rows."""
        rows = export_csv(self.runs, path)
        self.message.emit(f"Exported {len(self.runs)} run(s), {rows:,} rows, to {path}")
        return rows

    def export_plot_to(self, path: str) -> None:
        """Save the plot as PNG or SVG (by the file's extension), with pyqtgraph's exporters.

        pyqtgraph's SVG exporter fails on the path syntax of recent Qt versions
        (pyqtgraph issue #3485); the plot is then rendered through Qt's own SVG generator.
        """
        from pyqtgraph.exporters import ImageExporter, SVGExporter

        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_name(target.name + ".png")
        if not target.parent.is_dir():
            raise OSError(f"the folder {target.parent} does not exist")
        item = self.plot.getPlotItem()
        if target.suffix.lower() == ".png":
            ImageExporter(item).export(str(target))
        else:
            try:
                SVGExporter(item).export(str(target))
            except ValueError:
                self._render_svg(str(target))
        if not target.is_file() or target.stat().st_size == 0:  # the exporters fail silently
            raise OSError(f"nothing was written to {target}")
        self.message.emit(f"Saved the plot to {target}")

    def _render_svg(self, path: str) -> None:
        from PySide6.QtCore import QRect, QSize
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        size = self.plot.size()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(QSize(size.width(), size.height()))
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle("Cipher Lab training curves")
        painter = QPainter(generator)
        try:
            self.plot.render(painter)
        finally:
            painter.end()

    @Slot()
    def export_csv_dialog(self) -> None:
        """Ask for a file name, then export the CSV (errors shown, nothing lost)."""
        if not self.runs:
            self.message.emit("No runs to export yet: click Train first.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export runs", "cipherlab-runs.csv", "CSV files (*.csv)"
        )
        if path:
            try:
                self.export_csv_to(path)
            except OSError as exc:
                QMessageBox.warning(self, "Export failed", f"Could not write {path}: {exc}")

    @Slot()
    def export_plot_dialog(self) -> None:
        """Ask for a PNG or SVG file name, then save the plot."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export plot", "cipherlab-plot.png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if path:
            try:
                self.export_plot_to(path)
            except Exception as exc:  # noqa: BLE001 - exporter errors vary by format
                QMessageBox.warning(self, "Export failed", f"Could not save the plot: {exc}")
