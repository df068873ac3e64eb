"""The run list: every run kept, overlays, differences, deletion and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.errors import RunFileError
from cipherlab.core.session import (
    MAX_OVERLAYS,
    RunHistory,
    RunRecord,
    differing_settings,
    export_csv,
)
from cipherlab.core.settings import VALIDATION_ACCURACY

from ..widgets import save_picture
from .loss_plot import LossPlot


def _swatch(colour: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour) if colour else Qt.GlobalColor.transparent)
    return QIcon(pixmap)


class RunHistoryPanel(QWidget):
    """Lists a :class:`RunHistory`; ticking a run overlays it on the plot (at most five).

    Parameters
    ----------
    history : RunHistory
        The runs listed (the panel follows its signals).
    plot : LossPlot
        The plot that shows the same history (its colours mark the ticked runs; it is
        what Export plot saves).

    Signals
    -------
    message(str)
        A short status-bar message (e.g. after an export).
    """

    message = Signal(str)

    def __init__(self, history: RunHistory, plot: LossPlot, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = history
        self.plot = plot
        self.runList = QListWidget()
        self.runList.setObjectName("runHistory")
        self.runList.setToolTip(
            f"Every run kept, also from earlier sessions. Tick up to {MAX_OVERLAYS} to "
            "overlay their smoothed loss and accuracy on the plot.\n\n"
            + VALIDATION_ACCURACY.explanation
        )
        self.runList.setAccessibleName("Run history")
        # Four lines at least, and all the height of its tab: the list's own preferred height
        # (192 px) would squeeze whatever shares the room in a short window.
        self.runList.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.runList.setMinimumHeight(4 * self.runList.fontMetrics().height() + 8)
        # a run's whole line, on two if need be, rather than one cut short with "…"
        self.runList.setWordWrap(True)
        self.runList.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.runList.itemChanged.connect(self._on_item_changed)
        self.runList.currentRowChanged.connect(lambda _row: self._update_delete_button())
        self.differenceLabel = QLabel("Tick runs to compare them.")
        self.differenceLabel.setObjectName("runDifferences")
        self.differenceLabel.setWordWrap(True)
        self.differenceLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.differenceLabel.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Three lines of room whatever the text: a comparison that grew by a line pushed the
        # list up under the pointer. A longer one scrolls.
        self.differenceArea = QScrollArea()
        self.differenceArea.setObjectName("runDifferencesArea")
        self.differenceArea.setFrameShape(QFrame.Shape.NoFrame)
        self.differenceArea.setWidgetResizable(True)
        self.differenceArea.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.differenceArea.setWidget(self.differenceLabel)
        self.differenceArea.setFixedHeight(3 * self.differenceLabel.fontMetrics().lineSpacing() + 6)
        self.deleteButton = QPushButton("Delete run")
        self.deleteButton.setObjectName("deleteRunButton")
        self.deleteButton.setToolTip("Forget the selected run, also on disk (Delete in the list)")
        self.deleteButton.clicked.connect(self.delete_selected)
        # only in the list: a stray Delete elsewhere (the plot, a button) must not lose a run
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.runList)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.exportCsvButton = QPushButton("Export CSV…")
        self.exportCsvButton.setObjectName("exportCsvButton")
        self.exportCsvButton.setToolTip("Save every run's curves and settings to one CSV file")
        self.exportCsvButton.clicked.connect(self.export_csv_dialog)
        self.exportPlotButton = QPushButton("Export plot…")
        self.exportPlotButton.setObjectName("exportPlotButton")
        self.exportPlotButton.setToolTip("Save the plot as PNG or SVG")
        self.exportPlotButton.clicked.connect(self.export_plot_dialog)
        # one row: the Runs tab has the plot's width (in the settings column they took two)
        buttons = QHBoxLayout()
        for button in (self.deleteButton, self.exportCsvButton, self.exportPlotButton):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Runs (tick to overlay)"))
        layout.addWidget(self.runList, stretch=1)
        layout.addWidget(self.differenceArea)
        layout.addLayout(buttons)
        # Rows by run number: a lookup by whole records (``list.index``, ``in``) compares
        # dataclasses field by field, and 5,000 runs took 9 s to list (issue 19).
        self._items: dict[int, QListWidgetItem] = {}
        self._ticked: set[int] = set()  # the runs whose rows show a tick and a colour
        self._no_swatch = _swatch(None)  # one shared blank, so every row's text lines up
        with signals_blocked(self.runList):
            for run in history.runs:
                self.runList.addItem(self._new_item(run))
        self._newest_pending = True  # the newest run, the last one, is shown first
        history.added.connect(self._add_item)
        history.ended.connect(self._refresh)
        history.removed.connect(self._remove_item)
        history.currentChanged.connect(lambda _run: self._show_differences())
        history.overlaysChanged.connect(self._show_overlays)
        # a running run's line follows its steps, twice a second (updates come 25 times)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(500)
        self._live_timer.timeout.connect(self._refresh_running)
        self._live_timer.start()
        self._update_delete_button()

    # ------------------------------------------------------------------ runs
    def _new_item(self, run: RunRecord) -> QListWidgetItem:
        """``run``'s row (not yet in the list), unticked."""
        summary = run.summary()
        item = QListWidgetItem(summary)
        item.setToolTip(summary + (f"\n{run.message}" if run.message else ""))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setIcon(self._no_swatch)
        item.setData(Qt.ItemDataRole.UserRole, run.number)
        self._items[run.number] = item
        return item

    def _position(self, run: RunRecord) -> int:
        """``run``'s place in the history (found by identity; a new run is the last)."""
        runs = self.history.runs
        if runs and runs[-1] is run:
            return len(runs) - 1
        return next(i for i, listed in enumerate(runs) if listed is run)

    def _add_item(self, run: RunRecord) -> None:
        with signals_blocked(self.runList):
            self.runList.insertItem(self._position(run), self._new_item(run))
        self._newest_pending = True
        self._show_newest()
        self._update_delete_button()

    def _show_newest(self) -> None:
        """Scroll a new run into view, however long the list; now if shown, else when shown."""
        if self._newest_pending and self.runList.isVisible() and self.runList.count():
            self._newest_pending = False
            self.runList.scrollToItem(self.runList.item(self.runList.count() - 1))

    def showEvent(self, event: QShowEvent) -> None:
        """The Runs tab came up: show the newest run if one came while it was hidden."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._show_newest)  # once the list has its height

    def _refresh(self, run: RunRecord) -> None:
        """Update ``run``'s line (status, steps, accuracy)."""
        item = self._items.get(run.number)
        if item is None:
            return
        summary = run.summary()
        item.setText(summary)
        item.setToolTip(summary + (f"\n{run.message}" if run.message else ""))
        self._update_delete_button()

    def _refresh_running(self) -> None:
        run = self.history.current
        if run is not None and run.running:
            self._refresh(run)

    def _remove_item(self, run: RunRecord) -> None:
        item = self._items.pop(run.number, None)  # the run has left history.runs already
        self._ticked.discard(run.number)
        if item is not None:
            self.runList.takeItem(self.runList.row(item))
        self._update_delete_button()

    def _update_delete_button(self) -> None:
        run = self.selected()
        self.deleteButton.setEnabled(run is not None and not run.running)

    def selected(self) -> RunRecord | None:
        """The run selected in the list, or None."""
        row = self.runList.currentRow()
        return self.history.runs[row] if 0 <= row < len(self.history.runs) else None

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected run (a running one cannot be deleted)."""
        run = self.selected()
        if run is None or run.running:
            return
        try:
            self.history.delete(run)
        except RunFileError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(f"Deleted run {run.number}.")

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        run = self.history.runs[self.runList.row(item)]
        on = item.checkState() == Qt.CheckState.Checked
        refusal = self.history.overlay_refusal(run) if on else None
        if refusal is not None:
            with signals_blocked(self.runList):
                item.setCheckState(Qt.CheckState.Unchecked)
            self.message.emit(refusal)
            return
        self.history.set_overlaid(run, on)

    def _show_overlays(self) -> None:
        """Tick and colour the overlaid runs' rows; untick the rows that were (only those)."""
        overlaid = {run.number: run for run in self.history.overlaid}
        with signals_blocked(self.runList):
            for number in self._ticked | overlaid.keys():
                item = self._items.get(number)
                if item is None:
                    continue
                run = overlaid.get(number)
                item.setCheckState(Qt.CheckState.Checked if run else Qt.CheckState.Unchecked)
                colour = self.plot.overlay_colour(run) if run is not None else None
                item.setIcon(_swatch(colour) if colour else self._no_swatch)
        self._ticked = set(overlaid)
        self._show_differences()

    def _show_differences(self) -> None:
        ticked = self.history.overlaid
        current = self.history.current
        compared = ([current] if current is not None and current not in ticked else []) + ticked
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
            f"{label}: " + " / ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)
            for label, values in diff.items()
        ]
        runs = " / ".join(f"Run {r.number}" for r in compared)
        self.differenceLabel.setText(f"Differs ({runs}): " + "; ".join(lines))

    # ---------------------------------------------------------------- export
    def export_csv_to(self, path: str) -> int:
        """Write all runs' curves to ``path``; returns the number of data rows."""
        runs = self.history.runs
        rows = export_csv(runs, path)
        self.message.emit(f"Exported {len(runs)} run(s), {rows:,} rows, to {path}")
        return rows

    def export_plot_to(self, path: str) -> None:
        """Save the plot as PNG or SVG (by the file's extension), with pyqtgraph's exporters.

        pyqtgraph's SVG exporter fails on the path syntax of recent Qt versions
        (pyqtgraph issue #3485); the plot is then rendered through Qt's own SVG generator
        (:func:`~cipherlab.gui.widgets.view_export.save_picture`).
        """
        from pyqtgraph.exporters import ImageExporter, SVGExporter

        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_name(target.name + ".png")
        if not target.parent.is_dir():
            raise OSError(f"the folder {target.parent} does not exist")
        self.plot.clear_readout()  # the hover crosshair is not part of the figure
        item = self.plot.getPlotItem()
        if target.suffix.lower() == ".png":
            ImageExporter(item).export(str(target))
        else:
            try:
                SVGExporter(item).export(str(target))
            except ValueError:
                save_picture(self.plot, target, title="Cipher Lab training curves")
        if not target.is_file() or target.stat().st_size == 0:  # the exporters fail silently
            raise OSError(f"nothing was written to {target}")
        self.message.emit(f"Saved the plot to {target}")

    @Slot()
    def export_csv_dialog(self) -> None:
        """Ask for a file name, then export the CSV (errors shown, nothing lost)."""
        if not self.history.runs:
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
            except Exception as exc:  # exporter errors vary by format
                QMessageBox.warning(self, "Export failed", f"Could not save the plot: {exc}")
