"""The decode panel: ciphertext in, the model's answer and how sure it is out.

Shows the model's plaintext with its confidence, the exact answer beside it, per-letter
probability bars (or a heatmap) and any letter's full distribution.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipherlab.core.ciphers import Cipher
from cipherlab.core.network import (
    LOW_CONFIDENCE,
    Comparison,
    Decoding,
    compare_with_exact,
    decode,
    decode_steps,
)
from cipherlab.core.session import CurrentModel
from cipherlab.core.settings import SEQ_LEN
from cipherlab.core.storage import ModelBundle, task_label

from ..widgets import TEXT_FILTER, start_generator_worker
from .crack_view import CrackView
from .distribution_plot import DistributionPlot
from .probability_bars import ProbabilityBars
from .probability_heatmap import ProbabilityHeatmap
from .sample_view import SampleView
from .text_views import ExactAnswerView, PlaintextView, ShownText, keep_long_paragraphs_cached

DEBOUNCE_MS = 60
"""Pause in typing before decoding; short enough to feel immediate."""
SYNC_LIMIT = 10_000
"""Texts longer than this (code points) decode in a worker, with progress, cancellable."""
MAX_OPEN_BYTES = 20 * 1024 * 1024
"""Largest text file "Open text…" reads."""
EXAMPLE = "FUVEMVEMNMERPDRF"
KNOWN_LEGEND = "Plaintext (model) — tinted where unsure, grey = not decoded"
UNKNOWN_LEGEND = "Plaintext (language model's best key) — tinted where other keys disagree"
HINT = "Hover a bar for the top 5 letters; click a bar or a letter for the full distribution."


def describe(bundle: ModelBundle, name: str) -> str:
    """One-line model card for the panel's header (HTML, names escaped)."""
    c = bundle.model.config
    metrics = bundle.metadata.get("metrics")
    acc = metrics.get("val_accuracy") if isinstance(metrics, dict) else None
    acc_text = f", validation accuracy {acc:.1%}" if isinstance(acc, (int, float)) else ""
    bits = metrics.get("val_bits_per_symbol") if isinstance(metrics, dict) else None
    if bundle.cipher is None and isinstance(bits, (int, float)):
        acc_text = f", {bits:.3f} bits per symbol on held-out text"
    return (
        f"<b>Model:</b> {html.escape(name)} — {html.escape(task_label(bundle))}; "
        f"{c.cell.upper()}, embedding "
        f"{c.embedding_dim}, hidden {c.hidden_size}, {c.num_layers} layer(s){acc_text}"
    )


def _decode_job(model, cipher: Cipher, text: str, decode_length: int):
    """Worker generator: yields progress in [0, 1], returns what :meth:`DecodePanel._show` takes.

    ``(Decoding, Comparison, ShownText, ShownText)``: besides decoding, everything that costs
    time in proportion to the text's length is done here, off the GUI thread (the decoding's
    cached per-symbol arrays, the two views' prepared texts), so that showing a 1 MB result
    only hands finished data to Qt.
    """
    # a position-dependent cipher's text is one message: decoded as one sequence
    continuous = cipher.position_dependent
    decoding = yield from decode_steps(
        model, cipher.alphabet, text, decode_length, continuous=continuous
    )
    comparison = compare_with_exact(decoding, cipher)
    _ = decoding.confidence, decoding.symbol_of_position  # cached on the decoding
    plaintext = ShownText.of(decoding.plaintext)
    yield 1.0
    return decoding, comparison, plaintext, ShownText.of(comparison.exact)


class DecodePanel(QWidget):
    """Decodes as the user types, with the current (or live training) model.

    Parameters
    ----------
    current : CurrentModel, optional
        The model to follow: the panel decodes with it whenever it changes. Without it,
        :meth:`set_model` sets the model.

    Signals
    -------
    decoded(Decoding)
        After every decode shown in the panel (texts fully in their views).
    message(str)
        A short status-bar message.
    keyChosen(Cipher)
        Key unknown: **Use this key** was clicked on a candidate (the panel is back in
        known-key mode).
    """

    decoded = Signal(object)
    message = Signal(str)
    keyChosen = Signal(object)

    def __init__(self, current: CurrentModel | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = None
        self._cipher: Cipher | None = None
        self._decode_length = SEQ_LEN
        self._generation = 0  # bumps on every edit; stale worker results are dropped
        self._decoding: Decoding | None = None
        self._comparison: Comparison | None = None
        self._worker = None
        self._worker_generation = -1  # the edit the running worker decodes
        self._pending: tuple | None = None
        self._steps: list[Callable[[], None]] = []  # what is left of showing a long result
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(0)
        self._show_timer.timeout.connect(self._show_next)
        self._build()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.ciphertextInput.textChanged.connect(self._debounce.start)
        self._current = current
        if current is not None:
            current.changed.connect(self._show_current)

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        self.modelLabel = QLabel("Loading model…")
        self.modelLabel.setObjectName("modelLabel")
        self.modelLabel.setWordWrap(True)

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
        self.openTextButton = QPushButton("Open text…")
        self.openTextButton.setObjectName("openTextButton")
        self.openTextButton.setToolTip("Decode a UTF-8 text file")
        self.openTextButton.clicked.connect(self.open_text_dialog)
        self.plaintextInput = QLineEdit()
        self.plaintextInput.setObjectName("plaintextInput")
        self.plaintextInput.setPlaceholderText("Plaintext to encrypt…")
        self.plaintextInput.setToolTip(
            "Write a message and press Enter (or Encrypt): its ciphertext under the current "
            "model's cipher and key goes into the ciphertext box below"
        )
        self.plaintextInput.setAccessibleName("Plaintext to encrypt")
        self.plaintextInput.setClearButtonEnabled(True)
        self.plaintextInput.returnPressed.connect(self.encrypt_plaintext)
        self.encryptButton = QPushButton("Encrypt ↓")
        self.encryptButton.setObjectName("encryptButton")
        self.encryptButton.setToolTip(
            "Put the ciphertext of the message on the left into the ciphertext box, "
            "encrypted with the current model's cipher and key"
        )
        self.encryptButton.clicked.connect(self.encrypt_plaintext)

        self.keyModeSelector = QComboBox()
        self.keyModeSelector.setObjectName("keyModeSelector")
        self.keyModeSelector.addItem("Key: known", "known")
        self.keyModeSelector.addItem("Key: unknown", "unknown")
        self.keyModeSelector.setToolTip(
            "Known: the model decrypts the cipher it learned. Unknown: rank every key by how "
            "English-like its plaintext is, with a recurrent language model beside classical "
            "scores (n-gram, chi-squared)"
        )
        self.keyModeSelector.currentIndexChanged.connect(self._on_key_mode)
        self.crackView = CrackView()
        self.crackView.setVisible(False)
        self.crackView.keySelected.connect(self._show_key)
        self.crackView.status.connect(self.statusLabel_set)
        self.crackView.useKey.connect(self._use_key)
        self.crackView.crackCipherSelector.currentIndexChanged.connect(self.refresh)
        self.crackView.crackAlphabetSelector.currentIndexChanged.connect(self.refresh)
        self._exact_name = ""  # whose answer the exact box shows, in unknown mode

        self.plaintextOutput = PlaintextView()
        self.plaintextOutput.setToolTip("")
        self.plaintextOutput.characterClicked.connect(self._on_character_clicked)
        self.plaintextOutput.verticalScrollBar().valueChanged.connect(self._follow_text_scroll)
        self.exactOutput = ExactAnswerView()
        self.agreementLabel = QLabel("")
        self.agreementLabel.setObjectName("agreementLabel")
        self.agreementLabel.setWordWrap(True)
        self.agreementLabel.setTextFormat(Qt.TextFormat.PlainText)  # names come from files
        # two lines at least (a short window scrolls the panel), five at most
        lines = self.ciphertextInput.fontMetrics().lineSpacing()
        for view in (self.ciphertextInput, self.plaintextOutput, self.exactOutput):
            view.setMinimumHeight(2 * lines + 14)  # frame and document margins
            view.setMaximumHeight(90)
            # Ciphertext often has no spaces; wrapping a 1 MB "word" at word boundaries
            # takes Qt ~40 s, anywhere ~0.3 s.
            view.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)

        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName("decodeStatus")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextFormat(Qt.TextFormat.PlainText)
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
        self.probabilityHeatmap = ProbabilityHeatmap()
        self.probabilityHeatmap.setXLink(self.probabilityBars)
        self.plots = QStackedWidget()
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

        self.distributionPlot = DistributionPlot()
        self.distributionLabel = QLabel(HINT)
        self.distributionLabel.setObjectName("distributionLabel")
        self.distributionLabel.setTextFormat(Qt.TextFormat.RichText)
        self.distributionLabel.setWordWrap(True)

        self.sampleView = SampleView()
        self.sampleView.setVisible(False)
        ciphertext_title = QLabel("Ciphertext")
        top = QHBoxLayout()
        top.addWidget(ciphertext_title)
        top.addWidget(self.plaintextInput, stretch=1)
        top.addWidget(self.encryptButton)
        top.addWidget(self.openTextButton)
        status = QHBoxLayout()
        status.addWidget(self.statusLabel, stretch=1)
        status.addWidget(self.progressBar)
        status.addWidget(self.heatmapToggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        model_row = QHBoxLayout()
        model_row.addWidget(self.modelLabel, stretch=1)
        model_row.addWidget(self.keyModeSelector, alignment=Qt.AlignmentFlag.AlignTop)
        layout.addLayout(model_row)
        layout.addLayout(top)
        layout.addWidget(self.ciphertextInput)
        layout.addWidget(self.crackView, stretch=1)
        self.plaintextLegend = legend = QLabel(KNOWN_LEGEND)
        legend.setWordWrap(True)
        layout.addWidget(legend)
        layout.addWidget(self.plaintextOutput)
        exact_row = QHBoxLayout()
        self.exactTitle = QLabel("Exact decryption")
        exact_row.addWidget(self.exactTitle)
        exact_row.addWidget(self.agreementLabel, stretch=1)
        layout.addLayout(exact_row)
        layout.addWidget(self.exactOutput)
        layout.addLayout(status)
        layout.addWidget(self.plots, stretch=2)
        layout.addWidget(self.distributionLabel)
        layout.addWidget(self.distributionPlot, stretch=1)
        layout.addWidget(self.sampleView, stretch=1)
        # shown for a decryption model; a language model shows the sample view instead
        self._decode_widgets = [
            self.keyModeSelector, ciphertext_title, self.plaintextInput, self.encryptButton,
            self.openTextButton, self.ciphertextInput, legend, self.plaintextOutput,
            self.exactTitle, self.agreementLabel, self.exactOutput, self.statusLabel,
            self.heatmapToggle, self.plots, self.distributionLabel, self.distributionPlot,
        ]  # fmt: skip
        self.writes_text = False  # True while the model is a language model

    # ------------------------------------------------------------------ model
    def _show_current(self) -> None:
        current = self._current
        if current is None:
            return
        if current.bundle is None:
            if current.problem:
                self.set_model_error(current.problem)
            return
        bundle = current.bundle
        description = describe(bundle, current.name)
        self._show_task(bundle.cipher is None)
        if bundle.cipher is None:  # a language model writes text: sample it, never decode
            self.modelLabel.setText(description)
            self._model = None
            self.sampleView.show_model(bundle.model, bundle.alphabet, current.live)
            return
        if bundle.model is self._model and bundle.cipher is self._cipher:
            self.modelLabel.setText(description)  # same weights: nothing to decode again
            return
        self.set_model(bundle.model, bundle.cipher, bundle.seq_len, description, current.live)

    def _show_task(self, writes_text: bool) -> None:
        """The sample view for a language model, the decoding widgets otherwise."""
        if writes_text == self.writes_text:
            return
        self.writes_text = writes_text
        for widget in self._decode_widgets:
            widget.setVisible(not writes_text)
        self.crackView.setVisible(not writes_text and self.key_unknown)
        if writes_text:
            self.progressBar.setVisible(False)
            self._stop_showing()
        self.sampleView.setVisible(writes_text)

    def set_model(
        self,
        model,
        cipher: Cipher,
        decode_length: int,
        description: str,
        live: bool = False,
    ) -> None:
        """Decode with ``model`` from now on (an inference copy, never a training module).

        Parameters
        ----------
        model : CipherRNN
            Maps int64 ``(batch, seq_len)`` ciphertext indices to logits.
        cipher : Cipher
            The cipher the model inverts (any family): its alphabet is the model's, and its
            exact decryption is shown beside the model's.
        decode_length : int
            Symbols per decode window (the model's training message length); a
            position-dependent cipher's text is decoded as one sequence instead.
        description : str
            The header line (HTML).
        live : bool
            A refresh from a run in progress: a long text is then not decoded again
            (that would take CPU from training several times a second) until the run ends.
        """
        self._model = model
        self._cipher = cipher
        self._decode_length = decode_length
        self.modelLabel.setText(description)
        if self.key_unknown:
            return  # the keys are ranked by the language model, not by this model
        if live and len(self.ciphertextInput.toPlainText()) > SYNC_LIMIT:
            self.statusLabel.setText("Long text: it is decoded again when training stops.")
            return
        self.refresh()

    def set_model_error(self, message: str) -> None:
        """No usable model: say why, keep the text."""
        self._model = None
        self.modelLabel.setText(f"<b>No model loaded:</b> {html.escape(message)}")

    @property
    def decoding(self) -> Decoding | None:
        """The decoding shown now."""
        return self._decoding

    @property
    def comparison(self) -> Comparison | None:
        """The exact-answer comparison shown now (None before the first decode)."""
        return self._comparison

    @property
    def busy(self) -> bool:
        """True while a worker decode runs or waits to run, or its result is being shown."""
        return self._worker is not None or self._pending is not None or bool(self._steps)

    # --------------------------------------------------------------- decoding
    @Slot()
    def refresh(self) -> None:
        """Decode the current ciphertext now: inline if short, else in a worker.

        At most one worker decode runs at a time; an edit cancels it (at its next step) and
        only the newest text is decoded, so a 1 MB paste never piles up work.
        """
        self._debounce.stop()
        self._stop_showing()
        self._generation += 1
        if self.key_unknown:
            self.crackView.crack(self.ciphertextInput.toPlainText())
            return
        if self._model is None or self._cipher is None:
            return
        text = self.ciphertextInput.toPlainText()
        if len(text) <= SYNC_LIMIT:
            self._pending = None
            if self._worker is not None:
                self._worker.quit()
            cipher = self._cipher
            result = decode(
                self._model,
                cipher.alphabet,
                text,
                self._decode_length,
                continuous=cipher.position_dependent,
            )
            self._show(result, compare_with_exact(result, self._cipher))
            return
        self.statusLabel.setText(f"Decoding {len(text):,} characters…")
        self.progressBar.setValue(0)
        self.progressBar.setVisible(True)
        self._pending = (
            self._generation,
            self._model,
            self._cipher,
            text,
            self._decode_length,
        )
        if self._worker is None:
            self._start_pending()
        else:
            self._worker.quit()  # it stops at its next step; then the pending text starts

    def _start_pending(self) -> None:
        job, self._pending = self._pending, None
        if job is None:
            return
        self._worker_generation, *args = job
        # cross-thread receivers are @Slot methods, never lambdas (PySide6 >= 6.8 crashed
        # on plain callables, PYSIDE-3124); the text they belong to is _worker_generation
        self._worker = start_generator_worker(
            _decode_job,
            *args,
            yielded=self._on_progress,
            returned=self._on_worker_result,
            errored=self._on_worker_error,
            finished=self._on_worker_finished,
        )

    @Slot(float)
    def _on_progress(self, progress: float) -> None:
        if self._worker_generation == self._generation:
            self.progressBar.setValue(int(progress * 100))

    @Slot(object)
    def _on_worker_error(self, exc: BaseException) -> None:
        self.progressBar.setVisible(False)
        self.statusLabel.setText(f"Decoding failed: {exc}")

    @Slot()
    def _on_worker_finished(self) -> None:
        self._worker = None
        self._start_pending()

    @Slot(object)
    def _on_worker_result(self, result: tuple) -> None:
        if self._worker_generation == self._generation:  # else the user typed since: drop it
            # A long result is handed to the views one view per turn of the event loop
            # (each takes Qt up to ~20 ms for 1 MB), so the window never stalls on it.
            self._steps = self._show_steps(*result)
            self._show_next()

    def _show(self, *result) -> None:
        """Show a decoding at once (a short text: every view in this call)."""
        self._stop_showing()
        for step in self._show_steps(*result):
            step()

    @Slot()
    def _show_next(self) -> None:
        """Run the next step of showing a long result; the rest follows on the next turns."""
        if self._steps:
            self._steps.pop(0)()
        if self._steps:
            self._show_timer.start()

    def _stop_showing(self) -> None:
        """Drop the rest of a long result being shown (a new text or model came)."""
        self._show_timer.stop()
        self._steps = []

    def _show_steps(
        self,
        result: Decoding,
        comparison: Comparison,
        plaintext: ShownText | None = None,
        exact: ShownText | None = None,
    ) -> list[Callable[[], None]]:
        """The steps that show ``result``: the labels and exact answer, the plaintext, the rest.

        ``plaintext`` and ``exact``: the views' texts, if a worker prepared them. The last
        step emits :attr:`decoded`.
        """

        def labels_and_exact() -> None:
            self._decoding = result
            self._comparison = comparison
            self.progressBar.setVisible(False)
            self._show_counts(result, comparison)
            self.exactOutput.show_comparison(comparison, exact)

        def plots() -> None:
            self.probabilityBars.show_decoding(result)
            if self.heatmapToggle.isChecked():  # drawn when shown: a hidden plot costs nothing
                self.probabilityHeatmap.show_decoding(result)
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

    def _show_counts(self, result: Decoding, comparison: Comparison) -> None:
        """The status line (symbols, confidence) and the agreement with the exact answer."""
        n_sym = result.encoded.n_symbols
        n_pass = len(result.plaintext) - n_sym
        if n_sym:
            mean = float(result.confidence.mean())
            low = int((result.confidence < LOW_CONFIDENCE).sum())
            self.statusLabel.setText(
                f"{n_sym:,} symbol{'s' if n_sym != 1 else ''} decoded, mean confidence "
                f"{mean:.1%}, {low:,} below {LOW_CONFIDENCE:.0%}; {n_pass:,} passed through."
            )
        elif result.plaintext:
            self.statusLabel.setText("No symbols of the model's alphabet: nothing to decode.")
        else:
            self.statusLabel.setText("")
        wrong = len(comparison.disagreements)
        if self.key_unknown:
            self.agreementLabel.setText(
                f"— {self._exact_name}: the language model's key agrees on "
                f"{comparison.agreement:.1%} of letters ({wrong:,} differ, in red)"
            )
            return
        self.agreementLabel.setText(
            f"— {self._cipher.name}: model agrees on {comparison.agreement:.1%} of "
            f"decoded letters ({wrong:,} differ, in red)"
        )

    # ------------------------------------------------------------ key unknown
    @property
    def key_unknown(self) -> bool:
        """True in unknown-key mode (keys ranked by the language model)."""
        return self.keyModeSelector.currentData() == "unknown"

    def set_key_mode(self, mode: str) -> None:
        """``"known"`` or ``"unknown"``, as the selector would."""
        self.keyModeSelector.setCurrentIndex(self.keyModeSelector.findData(mode))

    @Slot()
    def _on_key_mode(self) -> None:
        unknown = self.key_unknown
        self.crackView.setVisible(unknown)
        self.plaintextLegend.setText(UNKNOWN_LEGEND if unknown else KNOWN_LEGEND)
        self.exactTitle.setText("n-gram's best" if unknown else "Exact decryption")
        self.encryptButton.setEnabled(not unknown)
        self.plaintextInput.setEnabled(not unknown)
        self.refresh()

    @Slot(str)
    def statusLabel_set(self, text: str) -> None:
        """Show ``text`` in the status line (the crack view's progress and errors)."""
        self.statusLabel.setText(text)

    @Slot(object, object)
    def _show_key(self, ranking, key) -> None:
        """Show ``key``'s decryption from ``ranking``, compared with the n-gram winner's."""
        from cipherlab.core.cryptanalysis import ranking_decoding

        text = self.crackView._text
        decoding = ranking_decoding(ranking, text, key)
        ngram = ranking.keys[ranking.winners.get("ngram", 0)]
        self._exact_name = f"key {ngram.key_label or '(none)'}"
        self._show(decoding, compare_with_exact(decoding, ngram.cipher))
        if ranking.warning:
            self.statusLabel.setText(f"{ranking.warning} {self.statusLabel.text()}")

    @Slot(object)
    def _use_key(self, cipher: Cipher) -> None:
        self.set_key_mode("known")
        self.keyChosen.emit(cipher)

    @Slot(bool)
    def _on_heatmap_toggled(self, on: bool) -> None:
        if on and self._decoding is not None:
            self.probabilityHeatmap.show_decoding(self._decoding)
        self.plots.setCurrentIndex(int(on))

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
            self.probabilityBars.blockSignals(True)
            self.probabilityBars.select(index)
            self.probabilityBars.blockSignals(False)
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
        self.distributionLabel.setText(
            f"Symbol {index + 1} (ciphertext <b>{html.escape(result.ciphertext[pos])}</b> → "
            f"<b>{html.escape(result.plaintext[pos])}</b>): {top}"
        )

    # ---------------------------------------------------------------- encrypt
    @Slot()
    def encrypt_plaintext(self) -> bool:
        """Encrypt the plaintext field with the model's cipher into the ciphertext box.

        The exact, classical encryption (so learners can make their own test messages);
        characters outside the alphabet pass through. False, with a reason in the status
        line, when there is no model or nothing to encrypt.
        """
        text = self.plaintextInput.text()
        if self._cipher is None:
            self.statusLabel.setText("No model: there is no cipher to encrypt with.")
            return False
        if not text:
            self.statusLabel.setText("Type a message to encrypt in the field beside Ciphertext.")
            return False
        self.ciphertextInput.setPlainText(self._cipher.encrypt(text))
        self.message.emit(f"Encrypted with {self._cipher.name}")
        return True

    # ------------------------------------------------------------------ files
    def open_text(self, path: str | Path) -> bool:
        """Put a UTF-8 text file into the ciphertext box; False (and a message) on error."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_OPEN_BYTES:
                raise ValueError(f"it is over {MAX_OPEN_BYTES // 2**20} MB")
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if isinstance(exc, UnicodeDecodeError):
                reason = "it is not UTF-8 text"
            self.statusLabel.setText(f"Could not open {path.name}: {reason}.")
            return False
        self.ciphertextInput.setPlainText(text)
        return True

    @Slot()
    def open_text_dialog(self) -> None:
        """Ask for a text file to decode."""
        path, _ = QFileDialog.getOpenFileName(self, "Open ciphertext", "", TEXT_FILTER)
        if path:
            self.open_text(path)

    @Slot()
    def copy_plaintext(self) -> None:
        """Edit > Copy decoded text: the model's plaintext to the clipboard."""
        text = self.plaintextOutput.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.message.emit(f"Copied {len(text):,} characters.")
