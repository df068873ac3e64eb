"""The decode panel: ciphertext in, the model's answer and how sure it is out.

A thin switcher over three views: with the key known the model decrypts the text
(:class:`~.known_key_view.KnownKeyView`), with the key unknown a crack ranks the keys
(:class:`~.crack_view.CrackView`); both show into one
:class:`~.decoding_view.DecodingView`. A language model writes text instead
(:class:`~.sample_view.SampleView`), and a cipher identifier gives each cipher family a
probability (:class:`~.family_view.FamilyView`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from superqt.utils import qdebounced

from cipherlab.core.ciphers import Cipher
from cipherlab.core.network import Comparison, Decoding
from cipherlab.core.session import CurrentModel
from cipherlab.core.settings import VALIDATION_ACCURACY

from ..widgets import set_tab_order, tab_stops
from .ciphertext_box import CiphertextBox
from .crack_view import CrackView
from .decoding_view import DecodingView
from .family_view import FamilyView
from .known_key_view import KnownKeyView
from .model_line import describe
from .sample_view import SampleView

if TYPE_CHECKING:
    from cipherlab.core.network import CipherRNN

DEBOUNCE_MS = 60
"""Pause in typing before decoding; short enough to feel immediate."""


class DecodePanel(QWidget):
    """Decodes as the user types, with the current (or live training) model.

    Parameters
    ----------
    current : CurrentModel, optional
        The model to follow: the panel decodes with it whenever it changes. Without it,
        :meth:`set_model` sets the model.

    Attributes
    ----------
    ciphertextBox : CiphertextBox
        The text decoded (or cracked).
    knownKeyView : KnownKeyView
        Key known: decodes with the model; encrypts test messages.
    crackView : CrackView
        Key unknown: ranks the keys.
    decodingView : DecodingView
        The decoding either of them shows.
    sampleView : SampleView
        A language model's text (instead of all the above).
    familyView : FamilyView
        A cipher identifier's probability per family (instead of all the above).

    Signals
    -------
    decoded(Decoding)
        After every decode shown in the panel (texts fully in their views).
    message(str)
        A short status-bar message.
    keyChosen(Cipher)
        Key unknown: **Use this key** was clicked on a candidate (the panel is back in
        known-key mode).
    textChanged(str)
        The text the network reads changed: the ciphertext, a language model's sample or
        the text a cipher identifier reads.
    symbolSelected(int)
        A decoded symbol was chosen on the bars or the heatmap (its index).
    """

    decoded = Signal(object)
    message = Signal(str)
    keyChosen = Signal(object)
    textChanged = Signal(str)
    symbolSelected = Signal(int)

    def __init__(self, current: CurrentModel | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.writes_text = False  # True while the model is a language model
        self.names_family = False  # True while the model is a cipher identifier
        self._accuracy: float | None = None  # the decrypting model's validation accuracy
        self._build()
        self._refresh_soon = qdebounced(self.refresh, timeout=DEBOUNCE_MS)
        self.ciphertextBox.textChanged.connect(self._refresh_soon)
        self.ciphertextBox.textChanged.connect(self._on_text_changed)
        self._current = current
        if current is not None:
            current.changed.connect(self._show_current)

    def _build(self) -> None:
        self.modelLabel = QLabel("Loading model…")
        self.modelLabel.setObjectName("modelLabel")
        self.modelLabel.setWordWrap(True)
        self.modelLabel.setAccessibleName("Current model")
        self.modelLabel.setToolTip(VALIDATION_ACCURACY.explanation)
        self.keyModeSelector = QComboBox()
        self.keyModeSelector.setObjectName("keyModeSelector")
        self.keyModeSelector.addItem("Key: known", "known")
        self.keyModeSelector.addItem("Key: unknown", "unknown")
        self.keyModeSelector.setToolTip(
            "Known: the model decrypts the cipher it learned. Unknown: rank every key by how "
            "English its plaintext reads, by classical scores (n-gram, chi-squared) and, where "
            "it does better (short Caesar, affine and Vigenère texts), a recurrent language "
            "model of English prose"
        )
        self.keyModeSelector.currentIndexChanged.connect(self._on_key_mode)
        model_row = QHBoxLayout()
        model_row.addWidget(self.modelLabel, stretch=1)
        model_row.addWidget(self.keyModeSelector, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(model_row)

        self.decodingView = view = DecodingView()
        view.set_titles(*KnownKeyView.TITLES)
        view.decoded.connect(self.decoded)
        view.symbolSelected.connect(self.symbolSelected)
        shown_stops = tab_stops(view)
        self.knownKeyView = known = KnownKeyView(view)
        known.message.connect(self.message)
        self.ciphertextBox = box = CiphertextBox(known)
        box.failed.connect(view.set_status)
        known.encrypted.connect(box.set_text)
        self.crackView = crack = CrackView(view)
        crack.setVisible(False)
        crack.useKey.connect(self._use_key)
        crack.choicesChanged.connect(self.refresh)
        # in one column with the decoding's text boxes: a short panel shrinks each alike
        view.add_input(box)
        view.add_input(crack, stretch=1)
        layout.addWidget(view, stretch=1)
        self.sampleView = SampleView()
        self.sampleView.setVisible(False)
        self.sampleView.sampled.connect(self._on_text_changed)
        layout.addWidget(self.sampleView, stretch=1)
        self.familyView = FamilyView()
        self.familyView.setVisible(False)
        self.familyView.familyInput.textChanged.connect(self._on_text_changed)
        layout.addWidget(self.familyView, stretch=1)
        set_tab_order([self.keyModeSelector, *tab_stops(box), *tab_stops(crack), *shown_stops])

    def tab_after(self, widget: QWidget) -> None:
        """Make the ciphertext box the next stop after ``widget`` when Tab is pressed."""
        self.ciphertextBox.tab_after(widget)

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
        description = describe(bundle, current.name, current.live)
        task = bundle.task_kind
        self._show_task(task.writes_text, bool(task.labels))
        if task.labels:  # a cipher identifier names a family: no key, no plaintext
            self.modelLabel.setText(description)
            self.knownKeyView.clear_model()
            self.familyView.show_model(bundle.model, bundle.alphabet, current.live)
            return
        if bundle.cipher is None:  # a language model writes text: sample it, never decode
            self.modelLabel.setText(description)
            self.knownKeyView.clear_model()
            self.sampleView.show_model(bundle.model, bundle.alphabet, current.live)
            return
        known = self.knownKeyView
        if bundle.model is known.model and bundle.cipher is known.cipher:
            self.modelLabel.setText(description)  # same weights: nothing to decode again
            return
        metrics = bundle.metadata.get("metrics")
        accuracy = metrics.get("val_accuracy") if isinstance(metrics, dict) else None
        self.set_model(
            bundle.model,
            bundle.cipher,
            bundle.seq_len,
            description,
            current.live,
            float(accuracy) if isinstance(accuracy, (int, float)) else None,
        )

    def _show_task(self, writes_text: bool, names_family: bool = False) -> None:
        """The view of the model's task: samples, families, or the decoding views."""
        if (writes_text, names_family) == (self.writes_text, self.names_family):
            return
        self.writes_text, self.names_family = writes_text, names_family
        decodes = not (writes_text or names_family)
        self.keyModeSelector.setVisible(decodes)
        self.decodingView.setVisible(decodes)  # with the ciphertext and the crack
        if not decodes:
            self.knownKeyView.cancel()
        self.sampleView.setVisible(writes_text)
        self.familyView.setVisible(names_family)

    def set_model(
        self,
        model: CipherRNN,
        cipher: Cipher,
        decode_length: int,
        description: str,
        live: bool = False,
        validation_accuracy: float | None = None,
    ) -> None:
        """Decode with ``model`` from now on (an inference copy, never a training module).

        Parameters
        ----------
        model, cipher, decode_length
            As :meth:`KnownKeyView.set_model` takes them.
        description : str
            The header line (HTML).
        live : bool
            A run in progress: a long text waits for its end (see :meth:`KnownKeyView.decode`).
        validation_accuracy : float, optional
            The model's validation accuracy, if measured: a high one beside unsure letters
            gets a note (:meth:`DecodingView.set_model_accuracy`).
        """
        self.knownKeyView.set_model(model, cipher, decode_length)
        self._accuracy = validation_accuracy
        if not self.key_unknown:  # a crack's letters are not this model's
            self.decodingView.set_model_accuracy(validation_accuracy)
        self.modelLabel.setText(description)
        if not self.key_unknown:  # else the keys are ranked by the language model
            self._refresh_soon.cancel()  # decoded now
            self.knownKeyView.decode(self.ciphertextBox.text(), live=live)

    def set_model_error(self, message: str) -> None:
        """No usable model: say why, keep the text."""
        self.knownKeyView.clear_model()
        self.modelLabel.setText(f"<b>No model loaded:</b> {html.escape(message)}")

    @property
    def decoding(self) -> Decoding | None:
        """The decoding shown now."""
        return self.decodingView.decoding

    @property
    def comparison(self) -> Comparison | None:
        """The exact-answer comparison shown now (None before the first decode)."""
        return self.decodingView.comparison

    @property
    def busy(self) -> bool:
        """True while a decode runs or waits to run, or its result is being shown."""
        return self.knownKeyView.busy or self.decodingView.showing

    # --------------------------------------------------------------- decoding
    @Slot()
    def refresh(self) -> None:
        """Decode (or, key unknown, crack) the current ciphertext now."""
        self._refresh_soon.cancel()
        text = self.ciphertextBox.text()
        if self.key_unknown:
            self.knownKeyView.cancel()
            self.crackView.crack(text)
        else:
            self.knownKeyView.decode(text)

    def text(self) -> str:
        """The text the network reads: the ciphertext, a sample, or the text identified."""
        if self.names_family:
            return self.familyView.text()
        return self.sampleView.text() if self.writes_text else self.ciphertextBox.text()

    def set_ciphertext(self, text: str) -> None:
        """Put ``text`` in the ciphertext box (it is decoded after a pause in typing)."""
        self.ciphertextBox.set_text(text)

    def open_text(self, path: str | Path) -> bool:
        """Start reading a UTF-8 text file into the ciphertext box, off the GUI thread.

        See :meth:`CiphertextBox.open_text`; a file that cannot be read is explained in the
        status line.
        """
        return self.ciphertextBox.open_text(path)

    def plaintext(self) -> str:
        """The decoded text shown (key known or unknown)."""
        return self.decodingView.plaintext()

    @Slot()
    def copy_plaintext(self) -> None:
        """Edit > Copy decoded text: the model's plaintext to the clipboard."""
        text = self.plaintext()
        QGuiApplication.clipboard().setText(text)
        self.message.emit(f"Copied {len(text):,} characters.")

    def shutdown(self) -> None:
        """Stop every view's background work and wait for it (the window is closing)."""
        self._refresh_soon.cancel()
        self.ciphertextBox.shutdown()
        self.knownKeyView.shutdown()
        self.crackView.shutdown()
        self.sampleView.shutdown()
        self.familyView.shutdown()

    @Slot()
    def _on_text_changed(self) -> None:
        self.textChanged.emit(self.text())

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
        self.decodingView.set_titles(*(CrackView.TITLES if unknown else KnownKeyView.TITLES))
        self.decodingView.set_model_accuracy(None if unknown else self._accuracy)
        self.knownKeyView.setEnabled(not unknown)
        self.refresh()

    @Slot(object)
    def _use_key(self, cipher: Cipher) -> None:
        self.set_key_mode("known")
        self.keyChosen.emit(cipher)
