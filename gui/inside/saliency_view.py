"""Where it looks: how much each input letter influences one chosen output letter."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from ..widgets import plot_style  # noqa: F401  (dark text on every plot; before any is made)
from .hidden_state_view import LABELLED_POSITIONS
from .inside_tab import InsideTab

EXPLANATION = (
    "Click a probability bar (or a letter of the plaintext) to choose an output letter: each "
    "bar here is how much one input letter moved the model's choice there (gradient × input, "
    "scaled to the largest). A Caesar or Vigenère model looks at one letter; a language "
    "model spreads over the context; a model with feedback also reads back the letters it "
    "decoded (green): for autokey, the one a primer length before."
)


class SaliencyView(InsideTab):
    """``saliencyView``: influence of every input position on the chosen output letter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("saliency", EXPLANATION, parent)
        self.setObjectName("saliencyView")
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("saliencyPlot")
        self.plot.setMinimumHeight(160)
        self.plot.setLabel("left", "influence (share of the largest)")
        self.plot.setYRange(0, 1.05, padding=0)
        self.plot.setMouseEnabled(y=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#1f77b4")
        self.chosen = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#ff7f0e")
        # a feedback model's own earlier letters, read back: thinner bars over the others
        self.fedBack = pg.BarGraphItem(x=[], height=[], width=0.4, brush="#2ca02c")
        self.plot.addItem(self.bars)
        self.plot.addItem(self.chosen)
        self.plot.addItem(self.fedBack)
        self.set_content(self.plot)
        self.influence: np.ndarray | None = None
        self.letters = ""
        self.position = -1
        self._letters_shown: str | None = None
        self.show_empty(
            "Type a ciphertext and click a probability bar to see which letters the model "
            "looked at to write it."
        )

    def show_saliency(
        self,
        influence: np.ndarray,
        letters: str,
        position: int,
        output: str,
        fed_back: np.ndarray | None = None,
    ) -> None:
        """Draw ``influence`` (float ``(positions,)``) of each of ``letters`` on ``position``.

        ``fed_back`` (a feedback model's): the influence of the letter it decoded at each
        position and read back later (:func:`~cipherlab.core.inside.read_back`), drawn
        in green on the same scale; ``influence`` is then the ciphertext's alone.
        """
        self.influence, self.letters, self.position = influence, letters, position
        both = influence if fed_back is None else np.concatenate([influence, fed_back])
        peak = float(both.max()) if len(both) else 0.0
        scaled = influence / peak if peak > 0 else influence
        x = np.arange(len(influence), dtype=float)
        others = np.arange(len(influence)) != position
        self.bars.setOpts(x=x[others], height=scaled[others])
        self.chosen.setOpts(x=x[~others], height=scaled[~others])
        back = np.zeros(0) if fed_back is None or peak <= 0 else fed_back / peak
        self.fedBack.setOpts(x=x[: len(back)], height=back)
        if letters != self._letters_shown:  # ticks and range (slow) only for new letters
            self._letters_shown = letters
            bottom = self.plot.getAxis("bottom")
            if len(letters) <= LABELLED_POSITIONS:
                bottom.setTicks([[(i, ch) for i, ch in enumerate(letters)]])
                self.plot.setLabel("bottom", "input letter")
            else:
                bottom.setTicks(None)
                self.plot.setLabel("bottom", "input position")
            self.plot.setXRange(-0.6, len(influence) - 0.4, padding=0)
        own = scaled[position] if 0 <= position < len(scaled) else 0.0
        rest = float(scaled[others].sum()) if len(scaled) > 1 else 0.0
        text = (
            f"Output letter {position + 1} ({output!r}): its own input letter scores "
            f"{own:.2f}, all the others together {rest:.2f}."
            if peak > 0
            else f"Output letter {position + 1}: the model is so sure that its gradient "
            "vanishes (every influence is 0)."
        )
        if len(back) and back.max() > 0:
            before = position - int(np.argmax(back))
            text += (
                f" Green: the letters it decoded itself and reads back; it leans most on the "
                f"one {before} place{'s' if before != 1 else ''} before ({back.max():.2f})."
            )
        self.statusLabel.setText(text)
        self.show_content()

    def table(self):
        """Rows ``position, letter, influence`` for the chosen output letter."""
        if self.influence is None or self.is_empty:
            return None
        rows = [
            [i, self.letters[i] if i < len(self.letters) else "", f"{v:.8g}"]
            for i, v in enumerate(self.influence)
        ]
        return ["position", "letter", f"influence_on_{self.position}"], rows
