"""Hidden state over the message: units x positions, under the letters read."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

from ..widgets import plot_style  # noqa: F401  (dark text on every plot; before any is made)
from .inside_tab import InsideTab

LABELLED_POSITIONS = 120
"""Up to this many positions, every letter read is written under its column."""
EXPLANATION = (
    "Each row is one unit of the recurrent layer, each column a letter of the text in the "
    "ciphertext box: colour = its value after reading that letter (blue negative, red "
    "positive). Hover a row to see that unit as a curve."
)


SIGNAL_SCALES = {
    "hidden": "hidden state activation (−1 to 1)",
    "cell": "cell state (unbounded; scaled to the largest)",
    "gate": "gate (0 = shut, 1 = open)",
}
"""The colour scale's title per signal kind (the label of :class:`pyqtgraph.ColorBarItem`)."""


def signal_kind(signal: str) -> str:
    """``"hidden"``, ``"cell"`` or ``"gate"``: which colour scale ``signal`` is drawn with."""
    if signal.endswith("gate"):
        return "gate"
    return "cell" if signal.startswith("cell") else "hidden"


class HiddenStateView(InsideTab):
    """``hiddenStateView``: the top layer's hidden state, cell state or gates over a text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("hiddenState", EXPLANATION, parent)
        self.setObjectName("hiddenStateView")
        self.hiddenSignalSelector = QComboBox()
        self.hiddenSignalSelector.setObjectName("hiddenSignalSelector")
        self.hiddenSignalSelector.setToolTip(
            "Hidden state h (what the layer passes on and the output reads), cell state c "
            "(the LSTM's memory), or a gate (0 = shut, 1 = open): input (how much new "
            "information is written), forget (how much memory is kept), output (how much "
            "memory is shown)"
        )
        self.sortUnitsCheck = QCheckBox("Counting units first")
        self.sortUnitsCheck.setObjectName("sortUnitsCheck")
        self.sortUnitsCheck.setToolTip(
            "Sort the units by how much of their variation the position modulo the key "
            "period explains (correlation ratio): a Vigenère model's counting units come first"
        )
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Show"))
        controls.addWidget(self.hiddenSignalSelector, stretch=1)
        controls.addWidget(self.sortUnitsCheck)
        self._layout.insertLayout(1, controls)

        picture = QWidget()
        self.heatmap = pg.PlotWidget(background="w")
        self.heatmap.setObjectName("hiddenStateHeatmap")
        self.heatmap.setMinimumHeight(160)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("CET-D1"))
        self.heatmap.addItem(self.image)
        # what a colour means, in the signal's units (set per signal in _draw)
        self.colourBar = pg.ColorBarItem(
            values=(-1, 1),
            colorMap=pg.colormap.get("CET-D1"),
            interactive=False,
            width=12,
            label=SIGNAL_SCALES["hidden"],
        )
        self.colourBar.setImageItem(self.image, insert_in=self.heatmap.getPlotItem())
        self.heatmap.invertY(True)
        self.heatmap.setLabel("left", "unit")
        self.heatmap.setMouseEnabled(y=False)
        self.rowMarker = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen("k", width=1))
        self.rowMarker.setVisible(False)
        self.heatmap.addItem(self.rowMarker, ignoreBounds=True)
        self.unitTracePlot = pg.PlotWidget(background="w")
        self.unitTracePlot.setObjectName("unitTracePlot")
        self.unitTracePlot.setMinimumHeight(90)
        self.unitTracePlot.setXLink(self.heatmap)
        self.unitTracePlot.setMouseEnabled(y=False)
        self.trace = self.unitTracePlot.plot(pen=pg.mkPen("#1f77b4", width=2))
        column = QVBoxLayout(picture)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heatmap, stretch=3)
        column.addWidget(self.unitTracePlot, stretch=1)
        self.set_content(picture)

        self.states: dict[str, np.ndarray] = {}
        self.letters = ""
        self.period = 1
        self.scores: np.ndarray | None = None
        self.order: np.ndarray = np.zeros(0, dtype=np.int64)
        self.unit: int | None = None
        self._frame: tuple = ()
        self.hiddenSignalSelector.currentIndexChanged.connect(self._draw)
        self.sortUnitsCheck.toggled.connect(self._draw)
        self.heatmap.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.show_empty("Type a ciphertext (left of the bars) to see what the network carries.")

    @property
    def signal(self) -> str:
        """The signal shown (``"hidden"``, ``"cell"``, ``"forget gate"``, ...)."""
        return self.hiddenSignalSelector.currentText() or "hidden"

    def show_states(
        self, states: dict[str, np.ndarray], letters: str, period: int, scores: np.ndarray
    ) -> None:
        """Draw ``states`` (signal -> float ``(positions, units)``) under ``letters``.

        ``scores`` (float ``(units,)``) orders the units when sorting is on; ``period`` is
        the key period they were scored against.
        """
        names = list(states)
        if [
            self.hiddenSignalSelector.itemText(i) for i in range(self.hiddenSignalSelector.count())
        ] != names:
            with signals_blocked(self.hiddenSignalSelector):
                current = self.signal
                self.hiddenSignalSelector.clear()
                self.hiddenSignalSelector.addItems(names)
                if current in names:
                    self.hiddenSignalSelector.setCurrentText(current)
        self.states, self.letters, self.period, self.scores = states, letters, period, scores
        self.sortUnitsCheck.setEnabled(period > 1)
        self.sortUnitsCheck.setToolTip(
            self.sortUnitsCheck.toolTip()
            if period > 1
            else "This cipher has no key period to count (each letter is mapped alone)"
        )
        self._draw()

    @Slot()
    def _draw(self) -> None:
        values = self.states.get(self.signal)
        if values is None or not len(values):
            return
        units = values.shape[1]
        if self.sortUnitsCheck.isChecked() and self.period > 1 and self.scores is not None:
            self.order = np.argsort(-self.scores, kind="stable")
        else:
            self.order = np.arange(units)
        shown = values[:, self.order].T  # (units, positions)
        kind = signal_kind(self.signal)
        limit = float(np.abs(shown).max()) or 1.0  # a cell state has no bound
        levels = {"gate": (0.0, 1.0), "hidden": (-1.0, 1.0)}.get(kind, (-limit, limit))
        self.image.setImage(shown, levels=levels)
        self.colourBar.setColorMap(pg.colormap.get("viridis" if kind == "gate" else "CET-D1"))
        self.colourBar.setLevels(levels)
        self.colourBar.getAxis("left").setLabel(SIGNAL_SCALES[kind])
        self.image.setRect(0, 0, shown.shape[1], units)
        frame = (self.letters, units)
        if frame != self._frame:  # new letters or sizes: ticks and range (slow) once
            self._frame = frame
            bottom = self.heatmap.getAxis("bottom")
            if len(self.letters) <= LABELLED_POSITIONS:
                bottom.setTicks([[(i + 0.5, ch) for i, ch in enumerate(self.letters)]])
                self.heatmap.setLabel("bottom", "")
            else:
                bottom.setTicks(None)
                self.heatmap.setLabel("bottom", "position")
            self.heatmap.setLimits(xMin=0, xMax=shown.shape[1], yMin=0, yMax=units)
            self.heatmap.setRange(xRange=(0, shown.shape[1]), yRange=(0, units), padding=0)
        if self.sortUnitsCheck.isChecked() and self.scores is not None and self.period > 1:
            best = self.scores[self.order[0]]
            self.statusLabel.setText(
                f"Units sorted by how well the position modulo {self.period} explains them: "
                f"the first explains {best:.0%} of its variation."
            )
        else:
            self.statusLabel.setText(f"{units} units × {shown.shape[1]:,} letters.")
        self.show_content()
        self.show_unit(self.unit if self.unit is not None and self.unit < units else 0)

    def show_unit(self, row: int) -> None:
        """Draw the unit in heatmap row ``row`` as a curve under the heatmap."""
        values = self.states.get(self.signal)
        if values is None or not 0 <= row < len(self.order):
            return
        self.unit = row
        unit = int(self.order[row])
        self.trace.setData(np.arange(len(values)) + 0.5, values[:, unit])
        self.unitTracePlot.setTitle(f"unit {unit} ({self.signal})", size="9pt")
        self.rowMarker.setValue(row + 0.5)
        self.rowMarker.setVisible(True)

    @Slot(object)
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        vb = self.heatmap.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return
        row = int(vb.mapSceneToView(scene_pos).y())
        if row != self.unit:
            self.show_unit(row)

    def table(self):
        """Rows ``position, letter, unit_0 ... unit_n`` of the signal shown."""
        values = self.states.get(self.signal)
        if values is None or self.is_empty:
            return None
        header = ["position", "letter", *(f"unit_{u}" for u in range(values.shape[1]))]
        rows = [
            [i, self.letters[i] if i < len(self.letters) else "", *(f"{v:.6f}" for v in row)]
            for i, row in enumerate(values)
        ]
        return header, rows
