"""Embedding map: every symbol's embedding vector in two dimensions (PCA)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from cipherlab.core.inside import EmbeddingMap

from ..widgets import plot_style  # noqa: F401  (dark text on every plot; before any is made)
from .inside_tab import InsideTab

EXPLANATION = (
    "Each symbol's learned embedding vector, flattened to the two directions along which the "
    "vectors differ most (principal components). Symbols the model treats alike sit close; "
    "watch them move as it trains."
)
START_LABEL = "⟨start⟩"
"""A language model's extra input symbol, which begins every text."""


class EmbeddingView(InsideTab):
    """``embeddingMap``: labelled symbols at their first two principal components."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("embedding", EXPLANATION, parent)
        self.embeddingMap = pg.PlotWidget(background="w")
        self.embeddingMap.setObjectName("embeddingMap")
        self.embeddingMap.setMinimumHeight(200)
        self.scatter = pg.ScatterPlotItem(size=7, brush="#1f77b4", pen=None)
        self.embeddingMap.addItem(self.scatter)
        self.labels: list[pg.TextItem] = []
        self.set_content(self.embeddingMap)
        self.found: EmbeddingMap | None = None
        self.names: list[str] = []
        self._labelled = False
        self.show_empty("Open or train a model to see its embeddings.")

    def show_map(self, found: EmbeddingMap, symbols: str) -> None:
        """Draw ``found`` with each point labelled by its symbol (and the start symbol)."""
        names = list(symbols) + [START_LABEL] * (len(found.points) - len(symbols))
        if names != self.names:
            for label in self.labels:
                self.embeddingMap.removeItem(label)
            self.labels = []
            for name in names:
                label = pg.TextItem(name, color="#222222", anchor=(0.5, 1.2))
                self.embeddingMap.addItem(label)
                self.labels.append(label)
            self.names = names
        self.found = found
        self.scatter.setData(found.points[:, 0], found.points[:, 1])
        for label, (x, y) in zip(self.labels, found.points, strict=True):
            label.setPos(float(x), float(y))
        first, second = found.explained
        if not self._labelled:  # axis titles that change would lay the plot out every time
            self.embeddingMap.setLabel("bottom", "component 1")
            self.embeddingMap.setLabel("left", "component 2")
            self._labelled = True
        self.statusLabel.setText(
            f"{len(names)} symbols; component 1 holds {first:.0%} of the embeddings' "
            f"variance, component 2 {second:.0%}."
        )
        self.show_content()

    def table(self):
        """Rows ``symbol, component_1, component_2``."""
        if self.found is None or self.is_empty:
            return None
        rows = [
            [n, f"{x:.6f}", f"{y:.6f}"]
            for n, (x, y) in zip(self.names, self.found.points, strict=True)
        ]
        return ["symbol", "component_1", "component_2"], rows
