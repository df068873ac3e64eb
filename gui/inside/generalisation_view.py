"""How far the current model generalises: accuracy against message length, measured on demand.

:class:`GeneralisationView` runs :func:`cipherlab.core.inside.probe_steps` in a worker for the
current model (:class:`~cipherlab.core.session.CurrentModel`) and draws per-symbol and
whole-message accuracy (%) against message length on a log2 axis, with a dashed line at the
length the model was trained on. A new model cancels the measurement and clears the curves.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cipherlab.core.inside import (
    ProbePoint,
    ProbeProgress,
    probe_steps,
)
from cipherlab.core.settings import DEFAULT_LENGTHS, DEFAULT_MESSAGES, check_lengths

from ..widgets import (
    TEXT_FILTER,
    LatestWorker,
    plot_style,  # dark text on every plot (before any is made), room for it
)

if TYPE_CHECKING:
    from cipherlab.core.session import CurrentModel
    from cipherlab.core.storage import ModelBundle

_W = TypeVar("_W", bound=QWidget)

EXPLANATION = (
    "A model learns on messages of one length; this measures how many symbols and whole "
    "messages it decodes right on longer and shorter ones."
)
READY = "Click Measure to see how this model does on shorter and longer messages."
EMPTY_NOTE = "No measurement yet: click Measure"
ACCURACY_TICKS = [[(v, str(v)) for v in range(0, 101, 20)]]
SOURCE_TITLES = {
    "random": "Random symbols",
    "english": "English-like text",
    "prose": "English prose",
    "file": "Text file…",
}
ERROR_STYLE = "QLineEdit { border: 2px solid #c0392b; }"
SHORTCUT = QKeySequence("Ctrl+Shift+M")
SYMBOL_COLOUR, MESSAGE_COLOUR, TRAINED_COLOUR = "#1f77b4", "#d95f02", "#555555"


def parse_lengths(text: str) -> tuple[int, ...]:
    """Message lengths from text such as ``"8, 16,32"`` (commas or spaces between them).

    Raises
    ------
    ValueError
        One sentence (from :func:`~cipherlab.core.settings.check_lengths`).
    """
    words = [w for w in re.split(r"[,\s]+", text) if w]
    # a word that is not a number goes in as it is: check_lengths names it in its error
    values: list[Any] = [int(w) if re.fullmatch(r"[+-]?[0-9]{1,18}", w) else w for w in words]
    return check_lengths(values)


def _percent(fraction: float) -> str:
    """``100`` only for a perfect score; otherwise rounded down, so 99.96 % reads 99.9."""
    return "100" if fraction >= 1 else f"{math.floor(fraction * 1000) / 10:g}"


def _reach(points: list[ProbePoint], field: str, noun: str, unit: str) -> str:
    """Where accuracy ``field`` is 100 %, and where it first drops below."""
    ordered = sorted(points)
    drop = next((i for i, p in enumerate(ordered) if getattr(p, field) < 1), None)
    if drop is None:
        return f"{noun} 100 % up to {ordered[-1].length:,}{unit}"
    low = f"{_percent(getattr(ordered[drop], field))} % at {ordered[drop].length:,}"
    if drop == 0:
        return f"{noun} {low.replace(' at ', ' already at ')}{unit}"
    return f"{noun} 100 % up to {ordered[drop - 1].length:,}{unit}, {low}"


def summary(points: list[ProbePoint]) -> str:
    """One sentence: how far per-symbol and whole-message accuracy stay at 100 %."""
    return (
        f"{_reach(points, 'symbol_accuracy', 'Per symbol', ' symbols')}; "
        f"{_reach(points, 'message_accuracy', 'whole messages', '')}."
    )


class GeneralisationView(QWidget):
    """Per-symbol and whole-message accuracy of the current model against message length.

    Measure runs the probe off the GUI thread; each step redraws the curves with the
    lengths measured so far. Cancel keeps those; a new model (opened, new, or a training
    run's weights) cancels the probe and clears them. A probe of a model that is still
    training measures the weights of that moment, and later weights of the same run leave
    it and its curves alone.

    Attributes
    ----------
    points : list of ProbePoint
        The latest measurement (partial while running or after Cancel).
    seed : int
        Seed of the probe's messages (the same seed gives the same numbers).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[ProbePoint] = []
        self.seed = 0
        self._current: CurrentModel | None = None
        # the model shown (and measured, while points belong to it)
        self._bundle: ModelBundle | None = None
        self._measured_live = False  # the points are of a training run's weights
        self._moment = ""  # which weights, then (``training, step 1,200``)
        self._worker = LatestWorker(self)
        self._worker.yielded.connect(self._on_progress)
        self._worker.returned.connect(self._on_returned)
        self._worker.errored.connect(self._on_errored)
        self._worker.busyChanged.connect(self._show_controls)
        self._closed = False
        self._source_path = ""
        self._source_index = 0
        self._build()
        self._on_lengths_edited()

    # ------------------------------------------------------------------ build
    @staticmethod
    def _named(widget: _W, name: str, tooltip: str = "") -> _W:
        widget.setObjectName(name)
        widget.setToolTip(tooltip)
        return widget

    def _build(self) -> None:
        title = QLabel("Generalisation: accuracy against message length")
        title.setWordWrap(True)  # on two lines in a narrow tab, in presenter mode's font
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)

        self.probeSourceSelector = source = self._named(
            QComboBox(), "probeSourceSelector", "What the test messages are"
        )
        for name, text in SOURCE_TITLES.items():
            source.addItem(text, name)
        source.activated.connect(self._on_source_chosen)
        self.probeLengthsInput = lengths = self._named(
            QLineEdit(",".join(str(n) for n in DEFAULT_LENGTHS)),
            "probeLengthsInput",
            "Message lengths to measure, in symbols, separated by commas",
        )
        lengths.textChanged.connect(self._on_lengths_edited)
        self.probeMessagesSpin = spin = self._named(
            QSpinBox(), "probeMessagesSpin", "Messages decoded at each length"
        )
        spin.setRange(1, 10_000)
        spin.setValue(DEFAULT_MESSAGES)
        self.probeError = error = self._named(QLabel(""), "probeError")
        error.setWordWrap(True)
        error.setStyleSheet("color: #c0392b;")
        keys = SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"Decode fresh messages of each length with the current model ({keys})"
        self.probeButton = measure = self._named(QPushButton("Measure"), "probeButton", tip)
        measure.setShortcut(SHORTCUT)
        measure.clicked.connect(self.measure)
        self.probeCancelButton = cancel = self._named(
            QPushButton("Cancel"), "probeCancelButton", "Stop; the lengths measured so far stay"
        )
        cancel.clicked.connect(self.cancel)
        self.probeProgress = progress = self._named(
            QProgressBar(), "probeProgress", "Share of the probe done"
        )
        progress.setRange(0, 1000)
        progress.setValue(0)
        self.probeStatus = status = self._named(QLabel("Loading model…"), "probeStatus")
        status.setWordWrap(True)
        status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # two rows of fields: in one, the view asked for 500 px, more than its tab beside
        # the loss plot has in a 1280 x 720 window (issue 20)
        controls = QGridLayout()
        fields: list[tuple[str, QWidget, int, int, int]] = [
            ("&Data", source, 0, 0, 3),
            ("Len&gths", lengths, 1, 0, 1),
            ("&Messages per length", spin, 1, 2, 1),
        ]
        for text, field, row, column, span in fields:
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", ""))
            controls.addWidget(label, row, column)
            controls.addWidget(field, row, column + 1, 1, span)
        controls.setColumnStretch(1, 1)
        controls.addWidget(error, 2, 0, 1, 4)
        controls.addWidget(measure, 3, 0, 1, 2)
        controls.addWidget(cancel, 3, 2)
        controls.addWidget(progress, 3, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addLayout(controls)
        layout.addWidget(self._build_plot())
        layout.addWidget(status)
        layout.setStretch(3, 1)

    def _build_plot(self) -> pg.PlotWidget:
        plot: pg.PlotWidget = self._named(
            pg.PlotWidget(background="w"),
            "generalisationPlot",
            "Accuracy (%) at each message length; dashed: the length the model trained on",
        )
        self.plot = self.generalisationPlot = plot
        plot.setMinimumHeight(220)
        plot_style.room_for_top_label(plot)
        size = f"{QApplication.font().pointSizeF():g}pt"  # nothing smaller than the app's text
        item = plot.getPlotItem()
        item.setLogMode(x=True, y=False)  # the curves' x data stay the lengths
        item.setMenuEnabled(False)  # its "Log X" switch would strand the length ticks
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.setLabel("bottom", "message length (symbols, log scale)", **{"font-size": size})
        item.setLabel("left", "accuracy (%)", **{"font-size": size})
        item.setYRange(0, 100, padding=0.05)
        # bottom left: a model that holds runs along the top, one that fails drops to the right
        item.addLegend(offset=(10, -10), labelTextSize=size, brush=(255, 255, 255, 220))
        # whole messages drawn wide underneath, so both show where they coincide (at 100 %)
        self.messageCurve = _curve(item, MESSAGE_COLOUR, "s", 13, Qt.PenStyle.DashLine, 4)
        self.symbolCurve = _curve(item, SYMBOL_COLOUR, "o", 7, Qt.PenStyle.SolidLine, 2)
        item.legend.addItem(self.symbolCurve, "per symbol")
        item.legend.addItem(self.messageCurve, "whole message")
        self.trainedLine = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(TRAINED_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.55, "color": TRAINED_COLOUR, "fill": (255, 255, 255, 220)},
        )
        self.trainedLine.label.setFont(QApplication.font())
        self.trainedLine.setVisible(False)
        item.addItem(self.trainedLine, ignoreBounds=True)
        # no lengths or accuracies ticked before there is any measured
        self.empty_note = plot_style.EmptyNote(plot, EMPTY_NOTE, axes=("bottom", "left"))
        return plot

    # ------------------------------------------------------------------ model
    def follow(self, current: CurrentModel) -> None:
        """Measure ``current``'s model from now on; a change of model clears the curves.

        Parameters
        ----------
        current : CurrentModel
            The window's current model; its ``changed`` signal is subscribed to.
        """
        self._current = current
        current.changed.connect(self._on_model_changed)
        self._on_model_changed()

    def _on_model_changed(self) -> None:
        current = self._current
        bundle = current.bundle if current is not None else None
        if bundle is not None and bundle.cipher is None:
            bundle = None  # a language model has no cipher to decrypt at any length
        if bundle is self._bundle:  # saved, renamed, a run followed: the same weights
            if not self.running and not self.points:
                self.probeStatus.setText(self._ready_text())
            self._show_controls()
            return
        self._bundle = bundle
        self._show_trained_length()
        if (
            self._measured_live and current is not None and current.live
        ):  # later weights of the run measured
            return
        self._measured_live, self._moment = False, ""
        had_results = self.running or bool(self.points)
        self._worker.cancel()
        self._draw([])
        self.probeProgress.setValue(0)
        changed = "The model changed, so the old measurement is gone. " if had_results else ""
        self.probeStatus.setText(changed + self._ready_text())
        self._show_controls()

    def _ready_text(self) -> str:
        current = self._current
        if current is None or current.bundle is None:
            problem = current.problem if current is not None else None
            return f"No model: {problem}" if problem else "Open or train a model to measure it."
        if current.bundle.cipher is None:
            return (
                f"A {current.bundle.task_kind.noun} has no cipher of its own "
                "to decrypt. Open or train a decryption model to measure it."
            )
        if current.live:
            return (
                "The model is training: Measure takes its weights of this moment "
                "(training goes on without changing the numbers)."
            )
        return READY

    def _show_trained_length(self) -> None:
        bundle = self._bundle
        self.trainedLine.setVisible(bundle is not None)
        if bundle is not None:
            self.trainedLine.setValue(math.log10(bundle.seq_len))
            self.trainedLine.label.setFormat(f"trained on {bundle.seq_len:,}")
        self._frame()

    # -------------------------------------------------------------- measuring
    @property
    def running(self) -> bool:
        """True while a probe's worker is alive (also while a cancelled one winds down)."""
        return self._worker.busy

    @Slot()
    def measure(self) -> bool:
        """Measure the current model at the lengths asked, in a worker (the Measure button).

        Returns
        -------
        bool
            True if the probe started; False while one runs, after :meth:`shutdown`,
            without a model, or with invalid lengths.
        """
        try:
            lengths = parse_lengths(self.probeLengthsInput.text())
        except ValueError:
            return False
        if self.running or self._closed or self._bundle is None:
            return False
        source = self.probeSourceSelector.currentData()
        if source == "file":
            source = self._source_path
        current = self._current
        self._measured_live = current is not None and current.live
        if current is not None and self._measured_live:
            self._moment = current.name.removesuffix(" (unsaved)")
        else:
            self._moment = ""
        moment = " the weights of this moment" if self._measured_live else ""
        self.probeStatus.setText(f"Measuring{moment}…")
        self.probeProgress.setValue(0)
        args = (self._bundle, lengths, source, self.probeMessagesSpin.value(), self.seed)
        self._worker.submit(probe_steps, *args)
        self._show_controls()
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop measuring at the probe's next step; the lengths measured so far stay."""
        if self._worker.cancel():
            self.probeStatus.setText(f"Cancelled: {len(self.points)} length(s) measured.")
            self._show_controls()

    def shutdown(self, msecs: int = 3000) -> bool:
        """Cancel any probe and wait for its thread (the window closes); nothing runs after.

        Parameters
        ----------
        msecs : int
            The longest wait, in milliseconds (a step takes a few tens).

        Returns
        -------
        bool
            True if no probe thread is left running.
        """
        self._closed = True
        return self._worker.shutdown(msecs)

    @Slot(object)
    def _on_progress(self, progress: ProbeProgress) -> None:
        self.probeProgress.setValue(round(progress.fraction * 1000))
        self._draw(list(progress.points))

    @Slot(object)
    def _on_returned(self, points: list[ProbePoint]) -> None:
        self._draw(list(points))
        self.probeProgress.setValue(1000)
        note = f" The weights of that moment ({self._moment})." if self._moment else ""
        self.probeStatus.setText(summary(self.points) + note)

    @Slot(object)
    def _on_errored(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, ValueError) else f"Could not measure: {exc}"
        self.probeStatus.setText(text)
        self.probeProgress.setValue(0)

    # --------------------------------------------------------------- controls
    @Slot()
    def _on_lengths_edited(self) -> None:
        try:
            parse_lengths(self.probeLengthsInput.text())
            error = ""
        except ValueError as exc:
            error = str(exc)
        self.probeLengthsInput.setStyleSheet(ERROR_STYLE if error else "")
        self.probeError.setText(error)
        self.probeError.setVisible(bool(error))
        self._frame()
        self._show_controls()

    @Slot(int)
    def _on_source_chosen(self, index: int) -> None:
        if self.probeSourceSelector.itemData(index) == "file":
            path = self.ask_source_path()
            if path:
                self._source_path = path
                self.probeSourceSelector.setItemText(index, f"Text file: {Path(path).name}")
                self.probeSourceSelector.setItemData(index, path, Qt.ItemDataRole.ToolTipRole)
            elif not self._source_path:  # cancelled, and no file chosen before
                self.probeSourceSelector.setCurrentIndex(self._source_index)
                return
        self._source_index = self.probeSourceSelector.currentIndex()

    def ask_source_path(self) -> str:
        """Ask for the UTF-8 text file to draw messages from (tests replace this).

        Returns
        -------
        str
            The file's path, or "" if the user cancelled.
        """
        path, _ = QFileDialog.getOpenFileName(self, "Measure on a text file", "", TEXT_FILTER)
        return path

    @Slot()
    def _show_controls(self) -> None:
        valid = not self.probeError.text()
        idle = not self.running and not self._closed
        self.probeButton.setEnabled(idle and valid and self._bundle is not None)
        self.probeCancelButton.setEnabled(self._worker.active)
        for field in (self.probeSourceSelector, self.probeLengthsInput, self.probeMessagesSpin):
            field.setEnabled(not self.running)

    # ---------------------------------------------------------------- drawing
    def _draw(self, points: list[ProbePoint]) -> None:
        self.points = points
        ordered = sorted(points)
        x = np.array([p.length for p in ordered], dtype=float)
        self.symbolCurve.setData(x, [100 * p.symbol_accuracy for p in ordered])
        self.messageCurve.setData(x, [100 * p.message_accuracy for p in ordered])
        self._frame()

    def _frame(self) -> None:
        """Frame the lengths measured (else asked) and the training length, powers of 2 ticked.

        Before a measurement the axes have no ticks and the plot says so (:data:`EMPTY_NOTE`).
        """
        item = self.plot.getPlotItem()
        empty = not self.points
        self.empty_note.set_visible(empty)
        # the legend and the training length's label would sit on the note's sentence
        item.legend.setVisible(not empty)
        self.trainedLine.setVisible(self._bundle is not None and not empty)
        if not empty:
            item.getAxis("left").setTicks(ACCURACY_TICKS)
        lengths = [p.length for p in self.points]
        if not lengths:
            try:
                lengths = list(parse_lengths(self.probeLengthsInput.text()))
            except ValueError:
                lengths = list(DEFAULT_LENGTHS)
        if self._bundle is not None:
            lengths.append(self._bundle.seq_len)
        lo, hi = math.floor(math.log2(min(lengths))), math.ceil(math.log2(max(lengths)))
        step = max(1, math.ceil((hi - lo + 1) / 12))  # at most about 12 labels
        ticks = [(k * math.log10(2), f"{2**k:,}") for k in range(lo, hi + 1, step)]
        if not empty:
            item.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(lo * math.log10(2), max(hi, lo + 1) * math.log10(2), padding=0.05)


def _curve(
    item: pg.PlotItem, colour: str, symbol: str, size: int, style: Qt.PenStyle, width: int
) -> pg.PlotDataItem:
    pen = pg.mkPen(colour, width=width, style=style)
    return item.plot(pen=pen, symbol=symbol, symbolSize=size, symbolBrush=colour, symbolPen=None)
