"""A decoding on screen: the plaintext, the exact answer below it, and how sure the model is.

:class:`DecodingView` shows one :class:`~cipherlab.core.network.Decoding` however it was
made (the model with a known key, or the key a crack chose): the plaintext tinted where
unsure, the answer it is compared with (differences in red), a status line, per-letter
probability bars (or a heatmap) and any letter's full distribution.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.network import LOW_CONFIDENCE, Comparison, Decoding
from cipherlab.core.settings import PROBABILITY, VALIDATION_ACCURACY

from .distribution_plot import DistributionPlot
from .probability_bars import ProbabilityBars
from .probability_heatmap import ProbabilityHeatmap
from .text_views import ExactAnswerView, PlaintextView, ShownText, carry_note, size_text_box

HINT = "Hover a bar for the top 5 letters; click a bar or a letter for the full distribution."
HIGH_ACCURACY = 0.95
"""From this validation accuracy on, red (unsure) letters get a note on why they can be."""


def counts_text(result: Decoding) -> str:
    """The status line of ``result``: symbols decoded, mean probability, letters passed through."""
    n_sym = result.encoded.n_symbols
    n_pass = len(result.plaintext) - n_sym
    if n_sym:
        mean = float(result.confidence.mean())
        low = int((result.confidence < LOW_CONFIDENCE).sum())
        carried = 0 if result.carry_over is None else int((result.carry_over.follows >= 0).sum())
        follow = f", {carried:,} carry an earlier letter's doubt" if carried else ""
        return (
            f"{n_sym:,} symbol{'s' if n_sym != 1 else ''} decoded, mean {PROBABILITY.label} "
            f"{mean:.1%}, {low:,} below {LOW_CONFIDENCE:.0%}{follow}; {n_pass:,} passed through."
        )
    if result.plaintext:
        return "No symbols of the model's alphabet: nothing to decode."
    return ""


def unsure_note(accuracy: float, unsure: int) -> str:
    """Why ``unsure`` red letters can sit beside a high validation ``accuracy`` (plain text)."""
    return (
        f"Why {unsure:,} red letter{'s' if unsure != 1 else ''} at {accuracy:.1%} "
        f"{VALIDATION_ACCURACY.label}? Validation accuracy counts top choices that are right "
        f"on held-out messages; {PROBABILITY.label} is how sure the model is of each letter. "
        "A letter can be right and unsure, e.g. on text unlike the messages it trained on."
    )


class PlotStack(QStackedWidget):
    """A stack of plots that asks for the room of the plot shown, not of the tallest one.

    The heatmap needs the height of every symbol's label; the bars, shown by default, do not.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: D102 (Qt's)
        shown = self.currentWidget()
        return super().sizeHint() if shown is None else shown.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: D102 (Qt's)
        shown = self.currentWidget()
        if shown is None:
            return super().minimumSizeHint()
        return shown.minimumSizeHint().expandedTo(shown.minimumSize())


class DecodingView(QWidget):
    """Shows a decoding, the answer it is compared with, and every letter's probabilities.

    Signals
    -------
    decoded(Decoding)
        A decoding is fully shown (texts, bars and distribution).
    symbolSelected(int)
        A decoded symbol was chosen on the bars or the heatmap (its index).
    """

    decoded = Signal(object)
    symbolSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decoding: Decoding | None = None
        self._comparison: Comparison | None = None
        self._accuracy: float | None = None  # the decoding model's validation accuracy
        self._steps: list[Callable[[], None]] = []  # what is left of showing a long result
        self._inputs = 0  # widgets laid out above the plaintext
        self._show_timer = QTimer(self)  # the next step, on the next turn of the event loop
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(0)
        self._show_timer.timeout.connect(self._show_next)
        self._build()

    def _build(self) -> None:
        self.plaintextLegend = QLabel("")
        self.plaintextLegend.setWordWrap(True)
        self.plaintextOutput = PlaintextView()
        self.plaintextOutput.setToolTip("")
        self.plaintextOutput.characterClicked.connect(self._on_character_clicked)
        self.plaintextOutput.verticalScrollBar().valueChanged.connect(self._follow_text_scroll)
        self.exactTitle = QLabel("")
        self.exactOutput = ExactAnswerView()
        self.agreementLabel = QLabel("")
        self.agreementLabel.setObjectName("agreementLabel")
        self.agreementLabel.setWordWrap(True)
        self.agreementLabel.setTextFormat(Qt.TextFormat.PlainText)  # names come from files
        for box in (self.plaintextOutput, self.exactOutput):
            size_text_box(box)

        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName("decodeStatus")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.statusLabel.setToolTip(PROBABILITY.explanation)
        self.unsureNote = QLabel("")
        self.unsureNote.setObjectName("unsureNote")
        self.unsureNote.setWordWrap(True)
        self.unsureNote.setTextFormat(Qt.TextFormat.PlainText)
        self.unsureNote.setStyleSheet("QLabel { background: #fff4d6; padding: 3px; }")
        self.unsureNote.setToolTip(
            f"{VALIDATION_ACCURACY.explanation}\n\n{PROBABILITY.explanation}"
        )
        self.unsureNote.setVisible(False)
        self.progressBar = QProgressBar()
        self.progressBar.setObjectName("decodeProgress")
        self.progressBar.setRange(0, 100)
        self.progressBar.setMaximumWidth(160)
        self.progressBar.setVisible(False)
        # Showing it must not widen the panel (then the text boxes, and Qt lays out a pasted
        # 1 MB line again): its row stays under the panel's own minimum width.
        self.progressBar.setMinimumWidth(4 * self.progressBar.fontMetrics().averageCharWidth())
        self.progressBar.setToolTip("Decoding a long text in the background; typing cancels it")

        self.probabilityBars = ProbabilityBars()
        self.probabilityBars.setAccessibleName("Probability of each decoded letter")
        self.probabilityBars.setToolTip(
            self.probabilityBars.toolTip() or "How sure the model is of each decoded letter"
        )
        self.probabilityHeatmap = ProbabilityHeatmap()
        self.probabilityHeatmap.setXLink(self.probabilityBars)
        self.plots = PlotStack()
        self.plots.addWidget(self.probabilityBars)
        self.plots.addWidget(self.probabilityHeatmap)
        self.heatmapToggle = QPushButton("Heatmap")
        self.heatmapToggle.setObjectName("heatmapToggle")
        self.heatmapToggle.setCheckable(True)
        self.heatmapToggle.setToolTip(
            "Switch between probability bars and a heatmap of every letter's full distribution"
        )
        self.heatmapToggle.toggled.connect(self._on_heatmap_toggled)
        for plot in (self.probabilityBars, self.probabilityHeatmap):
            plot.symbolHovered.connect(self._show_top5)
            plot.symbolSelected.connect(self.select_symbol)
            plot.symbolSelected.connect(self.symbolSelected)

        self.distributionPlot = DistributionPlot()
        self.distributionLabel = QLabel(HINT)
        self.distributionLabel.setObjectName("distributionLabel")
        self.distributionLabel.setTextFormat(Qt.TextFormat.RichText)
        self.distributionLabel.setWordWrap(True)

        # the sentence under its title, the column's full width: beside it, it wrapped into a
        # narrow tower of five lines in presenter mode
        exact_row = QVBoxLayout()
        exact_row.setSpacing(0)
        exact_row.addWidget(self.exactTitle)
        exact_row.addWidget(self.agreementLabel)
        status = QHBoxLayout()
        status.addWidget(self.statusLabel, stretch=1)
        status.addWidget(self.progressBar)
        status.addWidget(self.heatmapToggle)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plaintextLegend)
        layout.addWidget(self.plaintextOutput)
        layout.addLayout(exact_row)
        layout.addWidget(self.exactOutput)
        layout.addLayout(status)
        layout.addWidget(self.unsureNote)
        layout.addWidget(self.plots, stretch=2)
        layout.addWidget(self.distributionLabel)
        layout.addWidget(self.distributionPlot, stretch=1)

    def add_input(self, widget: QWidget, stretch: int = 0) -> None:
        """Lay ``widget`` out above the plaintext, below any added before.

        For what the decoding is made from (the ciphertext box, the crack's candidate keys):
        in one column with the text boxes, a short panel takes height from each alike.
        """
        self._layout.insertWidget(self._inputs, widget, stretch)
        self._inputs += 1

    # ------------------------------------------------------------------ state
    @property
    def decoding(self) -> Decoding | None:
        """The decoding shown now."""
        return self._decoding

    @property
    def comparison(self) -> Comparison | None:
        """The comparison with the exact answer shown now (None before the first decode)."""
        return self._comparison

    @property
    def showing(self) -> bool:
        """True while a long result is still being handed to the views."""
        return bool(self._steps)

    def plaintext(self) -> str:
        """The plaintext shown (as decoded: no display-only breaks)."""
        return self.plaintextOutput.toPlainText()

    def set_titles(self, legend: str, exact_title: str, agreement_help: str = "") -> None:
        """Name what the plaintext box and the answer box below it show.

        Parameters
        ----------
        legend, exact_title : str
            The titles of the plaintext box and of the answer box.
        agreement_help : str
            The tooltip of the agreement sentence: which measure it is.
        """
        self.plaintextLegend.setText(legend)
        self.exactTitle.setText(exact_title)
        self.agreementLabel.setToolTip(agreement_help)

    def set_model_accuracy(self, accuracy: float | None) -> None:
        """The validation accuracy of the model that decodes, or None (unknown, or a crack).

        From :data:`HIGH_ACCURACY` on, a decoding with unsure letters gets a note that
        tells validation accuracy and probability apart (:func:`unsure_note`).
        """
        self._accuracy = accuracy
        self._show_unsure_note()

    def _show_unsure_note(self) -> None:
        result, accuracy = self._decoding, self._accuracy
        unsure = 0
        if result is not None and result.encoded.n_symbols:
            unsure = int((result.confidence < LOW_CONFIDENCE).sum())
        shown = accuracy is not None and accuracy >= HIGH_ACCURACY and unsure > 0
        if shown:
            assert accuracy is not None  # for mypy
            self.unsureNote.setText(unsure_note(accuracy, unsure))
        self.unsureNote.setVisible(shown)

    @Slot(str)
    def set_status(self, text: str) -> None:
        """Show ``text`` in the status line (plain text)."""
        self.statusLabel.setText(text)

    def set_progress(self, fraction: float | None) -> None:
        """Show the progress of a background decode in [0, 1]; None hides the bar."""
        self.progressBar.setVisible(fraction is not None)
        if fraction is not None:
            self.progressBar.setValue(int(fraction * 100))

    # ---------------------------------------------------------------- showing
    def show_decoding(
        self,
        result: Decoding,
        comparison: Comparison,
        agreement: str,
        *,
        plaintext: ShownText | None = None,
        exact: ShownText | None = None,
        gradually: bool = False,
        note: str = "",
    ) -> None:
        """Show ``result``, compared with ``comparison``'s exact answer; :attr:`decoded` follows.

        Parameters
        ----------
        result : Decoding
            What was decoded: the plaintext and every symbol's distribution.
        comparison : Comparison
            The answer it is compared with (shown below it, differences in red).
        agreement : str
            The sentence beside the answer's title (plain text); not shown when no symbol
            was decoded.
        plaintext, exact : ShownText, optional
            The two boxes' texts, if a worker already prepared them (a long text).
        gradually : bool
            Hand the result to one view per turn of the event loop (each takes Qt up to
            ~20 ms for 1 MB), so that the window never stalls on it.
        note : str
            A sentence put before the status line's counts (a warning).
        """
        self.stop_showing()
        self._steps = self._show_steps(result, comparison, agreement, plaintext, exact, note)
        if gradually:
            self._show_next()
            return
        while self._steps:
            self._steps.pop(0)()

    def stop_showing(self) -> None:
        """Drop the rest of a long result being shown (a new text or model came)."""
        self._show_timer.stop()
        self._steps = []

    @Slot()
    def _show_next(self) -> None:
        """Run the next step of showing a long result; the rest follows on the next turns."""
        if self._steps:
            self._steps.pop(0)()
        if self._steps:
            self._show_timer.start()

    def _show_steps(
        self,
        result: Decoding,
        comparison: Comparison,
        agreement: str,
        plaintext: ShownText | None,
        exact: ShownText | None,
        note: str,
    ) -> list[Callable[[], None]]:
        """The steps that show ``result``: the labels and exact answer, the plaintext, the rest."""

        def labels_and_exact() -> None:
            self._decoding = result
            self._comparison = comparison
            self.progressBar.setVisible(False)
            counts = counts_text(result)
            self.statusLabel.setText(f"{note} {counts}" if note else counts)
            # nothing decoded, nothing agreed on: no "agrees on 100 %" over no letters
            self.agreementLabel.setText(agreement if result.encoded.n_symbols else "")
            self._show_unsure_note()
            self.exactOutput.show_comparison(comparison, exact)

        def plots() -> None:
            self.probabilityBars.show_decoding(result)
            if self.heatmapToggle.isChecked():  # drawn when shown: a hidden plot costs nothing
                self.probabilityHeatmap.show_decoding(result)
                self.plots.updateGeometry()  # its height follows the alphabet
            # the full distribution follows the new decoding, or clears if its letter is gone
            shown = self.distributionPlot.index
            if shown is not None and shown < result.encoded.n_symbols:
                self.distributionPlot.show_symbol(result, shown)
                self._show_top5(shown)
            else:
                self.distributionPlot.clear_symbol()
                self.distributionLabel.setText(HINT)
            self.decoded.emit(result)

        return [
            labels_and_exact,
            lambda: self.plaintextOutput.show_decoding(result, plaintext),
            plots,
        ]

    @Slot(bool)
    def _on_heatmap_toggled(self, on: bool) -> None:
        if on and self._decoding is not None:
            self.probabilityHeatmap.show_decoding(self._decoding)
        self.plots.setCurrentIndex(int(on))
        self.plots.updateGeometry()

    # -------------------------------------------------------------- selection
    @Slot(int)
    def select_symbol(self, index: int) -> None:
        """Show decoded symbol ``index``'s full distribution and put the text cursor on it."""
        result = self._decoding
        if result is None or not 0 <= index < result.encoded.n_symbols:
            return
        self.distributionPlot.show_symbol(result, index)
        self._show_top5(index)
        if self.probabilityBars.selected != index:
            with signals_blocked(self.probabilityBars):
                self.probabilityBars.select(index)
        self.plaintextOutput.select_code_point(int(result.positions[index]))

    @Slot(int)
    def _on_character_clicked(self, position: int) -> None:
        result = self._decoding
        if result is not None and position < len(result.plaintext):
            symbol = int(result.symbol_of_position[position])
            self.probabilityBars.center_on(position)
            if symbol >= 0:
                self.select_symbol(symbol)

    @Slot()
    def _follow_text_scroll(self) -> None:
        """Keep the bars on the part of the text that is on screen."""
        start, _ = self.plaintextOutput.visible_range()
        if self._decoding is not None:
            first = min(start + 200, len(self._decoding.plaintext) - 1)  # visible_range margin
            self.probabilityBars.center_on(max(first, 0))

    @Slot(int)
    def _show_top5(self, index: int) -> None:
        result = self._decoding
        if result is None or not 0 <= index < result.encoded.n_symbols:
            return
        pos = result.positions[index]
        top = " &nbsp; ".join(f"<b>{s}</b> {p:.1%}" for s, p in result.top_k(index, 5))
        note = carry_note(result, index)
        self.distributionLabel.setText(
            f"Symbol {index + 1} (ciphertext <b>{html.escape(result.ciphertext[pos])}</b> → "
            f"<b>{html.escape(result.plaintext[pos])}</b>): {top}"
            + (f"<br>{html.escape(note)}" if note else "")
        )
