"""What the model learns: the task, cipher family, key, alphabet and the text it reads.

:class:`TaskSettings` edits the task fields of
:class:`~cipherlab.core.settings.TrainConfig` (``task``, ``cipher``, ``key``, ``alphabet``,
``data``, ``data_path``). The task is **Decrypt** (learn a cipher), **Language model**
(predict each next symbol of a text: no cipher, no key, and never random symbols) or
**Identify a cipher** (name the family of each message: every family with random keys, so
no cipher or key to choose, and never random symbols).
A key is checked as it is typed with the family's own rule
(:func:`cipherlab.core.ciphers.make_cipher`): an invalid one turns the field red and
says why in a sentence, and the settings report an error so Train is disabled. A preview line
shows a sample plaintext and its ciphertext under the chosen cipher. A chosen text file is
read and counted in a worker (:class:`~cipherlab.gui.widgets.LatestWorker`), never on the
GUI thread: a large file or a slow disk must not freeze the window, at start-up either.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.ciphers import ALPHABETS, FAMILIES, Cipher, alphabet_named, make_cipher
from cipherlab.core.settings import TASKS, Task, TaskFields, TrainConfig, task_named
from cipherlab.core.text import (
    PROSE_SOURCES,
    Alphabet,
    TextFileError,
    check_long_enough,
    installed_sources,
    read_text_file,
    text_indices,
)

from ..widgets import LatestWorker

# short enough for the settings column at 1280 x 720; the tooltips say the rest
ALPHABET_TITLES = {"seed": "A–Z and - (27)", "letters": "A–Z (26), spaces pass"}
DATA_TITLES = {
    "random": "Random symbols",
    "english": "English-like text",
    "prose": "English prose",
    "file": "My text file…",
}
DATA_TIPS = {
    "random": "Uniform random symbols, as in the seed tutorial",
    "english": "Text generated from English word and word-pair counts: words in a likely "
    "order, but nobody wrote it",
    "prose": "Real English that people wrote: "
    + " and ".join(PROSE_SOURCES[name].description for name in installed_sources())
    + ". Validation uses paragraphs training never sees.",
    "file": "Messages cut from a UTF-8 text file of your own",
}
SAMPLES = {"seed": "THE-QUICK-BROWN-FOX", "letters": "THE QUICK BROWN FOX"}
ERROR_STYLE = "QLineEdit { border: 2px solid #c0392b; }"
DATA_ERROR_STYLE = "color: #c0392b;"
READING_STYLE = "color: #555555;"
READING = "Reading {name}…"
"""The data line while the chosen file is read (Train waits for it)."""


def count_file_symbols(path: str, alphabet: str) -> Generator[None, None, int | str]:
    """Worker job: the alphabet symbols in the text file ``path``, or why it cannot be used.

    Yields once before reading, so a newer choice cancels it before it starts.
    """
    yield None
    try:
        text = read_text_file(path)
    except TextFileError as exc:
        return str(exc)
    return len(text_indices(text, alphabet_named(alphabet)))


class TaskSettings(QWidget):
    """The task's selectors; :meth:`values` gives the fields for ``TrainConfig``.

    Signals
    -------
    changed()
        A selection or the key changed (its validity may have too).
    checked()
        The chosen text file has been read: :attr:`error` and :attr:`reading` may have
        changed, nothing else.
    """

    changed = Signal()
    checked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.taskSelector = QComboBox()
        self.taskSelector.setObjectName("taskSelector")
        for task in TASKS.values():
            self.taskSelector.addItem(task.label, task.name)
        self.taskSelector.setToolTip(
            "Decrypt: the model learns to turn ciphertext into plaintext. Language model: it "
            "learns to predict each next symbol of English prose (or your file), and its "
            "loss in bits per symbol shows how much it knows beyond letter counts; the "
            "decode panel then shows text it writes. A language model breaks ciphers whose "
            "key is unknown (Key: unknown). Identify a cipher: it learns which family "
            "(plain English, shift or affine, substitution, Vigenère, autokey) made each "
            "message, every message under a random key; the decode panel then shows each "
            "family's probability for the text you type."
        )
        self.cipherSelector = QComboBox()
        self.cipherSelector.setObjectName("cipherSelector")
        for name, cls in FAMILIES.items():
            self.cipherSelector.addItem(cls.title, name)
        self.cipherSelector.setToolTip(
            "The cipher the model learns to decrypt. Caesar, ROT13, Atbash, affine and "
            "substitution map each letter alone; Vigenère and autokey need the network's "
            "memory (the key depends on the position, or on earlier letters)."
        )
        for box in (self.taskSelector, self.cipherSelector):  # never cut to "Decrypt a ciphe"
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.keyInput = QLineEdit()
        self.keyInput.setObjectName("keyInput")
        self.keyInput.setAccessibleName("Key")
        self.randomKeyButton = QToolButton()
        self.randomKeyButton.setObjectName("randomKeyButton")
        self.randomKeyButton.setText("Random")
        self.randomKeyButton.setToolTip("Draw a random valid key for this cipher")
        self.alphabetSelector = QComboBox()
        self.alphabetSelector.setObjectName("alphabetSelector")
        for name in ALPHABETS:
            self.alphabetSelector.addItem(ALPHABET_TITLES.get(name, name), name)
        self.alphabetSelector.setToolTip(
            "The symbols the model reads and writes; everything else passes through unchanged. "
            "A–Z and - is the seed tutorial's alphabet; with A–Z alone, spaces pass through, "
            "so textbook examples work as printed."
        )
        self.dataSourceSelector = QComboBox()
        self.dataSourceSelector.setObjectName("dataSourceSelector")
        for name, title in DATA_TITLES.items():
            self.dataSourceSelector.addItem(title, name)
            self.dataSourceSelector.setItemData(
                self.dataSourceSelector.count() - 1, DATA_TIPS[name], Qt.ItemDataRole.ToolTipRole
            )
        self.dataSourceSelector.setToolTip(
            "What the training messages look like: random symbols (as in the seed tutorial), "
            "English-like text generated from word counts, English prose people wrote, or a "
            "UTF-8 text file of your own (letters upper-cased, the rest becomes separators)"
        )
        self.dataFileButton = QPushButton("Choose file…")
        self.dataFileButton.setObjectName("dataFileButton")
        self.dataFileButton.setToolTip("The UTF-8 text file the training messages are cut from")
        self.keyError = QLabel("")
        self.keyError.setObjectName("keyError")
        self.keyError.setWordWrap(True)
        self.keyError.setStyleSheet("color: #c0392b;")
        self.previewLabel = QLabel("")
        self.previewLabel.setObjectName("cipherPreview")
        self.previewLabel.setWordWrap(True)
        self.previewLabel.setToolTip("A sample plaintext and its ciphertext under this cipher")
        self.dataError = QLabel("")
        self.dataError.setObjectName("dataError")
        self.dataError.setWordWrap(True)
        self.dataError.setStyleSheet(DATA_ERROR_STYLE)
        self.data_path = ""
        self.seq_len = 32  # symbols per message: a text file needs ten messages' worth
        self._file_symbols: dict[tuple[str, str], int | str] = {}  # (path, alphabet): count|error
        self._reader = LatestWorker(self)  # the newest choice wins
        self._reader.returned.connect(self._on_file_read)
        self._reader.errored.connect(self._on_file_failed)
        self._reading: tuple[str, str] | None = None  # (path, alphabet) being read
        self._error: str | None = None
        self._cipher: Cipher | None = None
        self._details = True  # the alphabet, data and example rows are shown

        combos = (self.taskSelector, self.cipherSelector, self.alphabetSelector)
        for combo in (*combos, self.dataSourceSelector):
            # as wide as the column allows, not as the longest title: a narrow window fits
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            # most of "Decrypt a cipher", in presenter mode's larger font too
            combo.setMinimumContentsLength(12)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self._cipherLabel, self._keyLabel = QLabel("Cipher"), QLabel("Key")
        grid.addWidget(QLabel("Task"), 0, 0)
        grid.addWidget(self.taskSelector, 0, 1)
        grid.addWidget(self._cipherLabel, 1, 0)
        grid.addWidget(self.cipherSelector, 1, 1)
        grid.addWidget(self._keyLabel, 2, 0)
        key_row = QHBoxLayout()
        key_row.addWidget(self.keyInput, stretch=1)
        key_row.addWidget(self.randomKeyButton)
        grid.addLayout(key_row, 2, 1)
        grid.addWidget(self.keyError, 3, 0, 1, 2)
        self._alphabetLabel, self._dataLabel = QLabel("Alphabet"), QLabel("Data")
        grid.addWidget(self._alphabetLabel, 4, 0)
        grid.addWidget(self.alphabetSelector, 4, 1)
        grid.addWidget(self._dataLabel, 5, 0)
        data_row = QHBoxLayout()
        data_row.addWidget(self.dataSourceSelector, stretch=1)
        data_row.addWidget(self.dataFileButton)
        grid.addLayout(data_row, 5, 1)
        grid.addWidget(self.dataError, 6, 0, 1, 2)
        grid.addWidget(self.previewLabel, 7, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        self.taskSelector.currentIndexChanged.connect(self._on_task)
        self.cipherSelector.currentIndexChanged.connect(self._on_family)
        self.alphabetSelector.currentIndexChanged.connect(self._check)
        self.keyInput.textChanged.connect(self._check)
        self.dataSourceSelector.currentIndexChanged.connect(self._on_data)
        self.randomKeyButton.clicked.connect(self.random_key)
        self.dataFileButton.clicked.connect(self._choose_file)
        self._on_family()
        self._on_data()

    def _fit_key_input(self) -> None:
        """The key box is at least as wide as its placeholder (the default key) in this font."""
        text = self.keyInput.placeholderText() or "no key"
        margins = 12  # the frame and the text's side margins (QLineEdit: 2 + 1 + 2 each side)
        self.keyInput.setMinimumWidth(self.keyInput.fontMetrics().horizontalAdvance(text) + margins)

    def changeEvent(self, event: QEvent) -> None:
        """A new font (presenter mode): widen the key box to its placeholder again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_key_input()

    # ---------------------------------------------------------------- values
    @property
    def task(self) -> str:
        """The chosen task's name (a key of :data:`~cipherlab.core.settings.TASKS`)."""
        return str(self.taskSelector.currentData())

    @property
    def task_kind(self) -> Task:
        """The chosen :class:`~cipherlab.core.settings.Task`."""
        return task_named(self.task)

    @property
    def family(self) -> str:
        """The chosen family's name (``"vigenere"``)."""
        return str(self.cipherSelector.currentData())

    @property
    def alphabet(self) -> str:
        """The chosen alphabet's name (``"seed"`` or ``"letters"``)."""
        return str(self.alphabetSelector.currentData())

    @property
    def data(self) -> str:
        """The chosen data source (``"random"``, ``"english"`` or ``"file"``)."""
        return str(self.dataSourceSelector.currentData())

    @property
    def error(self) -> str | None:
        """Why the task is not usable (a bad key, no file chosen), or None."""
        return self._error

    @property
    def reading(self) -> bool:
        """True while the chosen text file is being read (:attr:`error` then says so)."""
        return self._reading is not None

    @property
    def cipher(self) -> Cipher | None:
        """The chosen cipher with its key (None: an invalid key, or a task without one)."""
        return self._cipher

    def values(self) -> TaskFields:
        """The task fields of ``TrainConfig``: task, cipher, key, alphabet, data, data_path.

        A task without a cipher (a language model) gets the default cipher fields, which it
        never reads, whatever the cipher selector still shows for the next decryption run.
        """
        ciphered = self.task_kind.has_cipher
        return {
            "task": self.task,
            "cipher": self.family if ciphered else TrainConfig.cipher,
            "key": self.keyInput.text().strip() if ciphered else TrainConfig.key,
            "alphabet": self.alphabet,
            "data": self.data,
            "data_path": self.data_path if self.data == "file" else "",
        }

    def set_values(self, values: Mapping[str, object]) -> None:
        """Show ``values`` (as :meth:`values` gives them; missing ones keep their choice)."""
        ciphered = task_named(values.get("task")).has_cipher
        for selector, name in (
            (self.taskSelector, values.get("task")),
            (self.cipherSelector, values.get("cipher") if ciphered else None),
            (self.alphabetSelector, values.get("alphabet")),
            (self.dataSourceSelector, values.get("data")),
        ):
            index = selector.findData(name)
            if index >= 0:
                selector.setCurrentIndex(index)
        if "key" in values and ciphered:
            self.keyInput.setText(str(values["key"]))
        if values.get("data_path"):
            self.data_path = str(values["data_path"])
        self._on_data()

    # ------------------------------------------------------------ behaviour
    @Slot()
    def _on_task(self) -> None:
        task = self.task_kind
        for widget in (
            self._cipherLabel,
            self.cipherSelector,
            self._keyLabel,
            self.keyInput,
            self.randomKeyButton,
        ):
            widget.setVisible(task.has_cipher)
        # random symbols have nothing to predict: a language model reads text
        items = self.dataSourceSelector.model()
        assert isinstance(items, QStandardItemModel)  # a combo box's own model
        random_item = items.item(self.dataSourceSelector.findData("random"))
        random_item.setEnabled(not task.needs_text)
        random_item.setToolTip(
            f"A {task.noun} needs text: {task.text_reason}" if task.needs_text else ""
        )
        if task.needs_text and self.data == "random":
            found = self.dataSourceSelector.findData(task.default_data)
            self.dataSourceSelector.setCurrentIndex(found)
        self._check()

    @Slot()
    def _on_family(self) -> None:
        """Another family: its alphabet if the chosen one cannot carry it, and a key it can use.

        A key the new family cannot read (Autokey's ``LEMON`` for Caesar) is the previous
        family's, not the user's choice for this one: it gives way to the family's default
        key (an empty field), so Train stays enabled and the preset follows the family.
        The alphabet and the key change quietly; one check then reports the new state, so
        no half-switched task (Caesar with ``LEMON``) ever reaches the preset.
        """
        cls = FAMILIES[self.family]
        keyless = cls.key_rule.lower().startswith("no key")
        self.keyInput.setEnabled(not keyless)
        self.randomKeyButton.setEnabled(not keyless)
        alphabet = alphabet_named(self.alphabet)
        with signals_blocked(self.keyInput), signals_blocked(self.alphabetSelector):
            try:
                cls.check_alphabet(alphabet)
            except ValueError:  # rot13 acts on the 26 letters only
                alphabet = cls.default_alphabet()
                self.alphabetSelector.setCurrentIndex(self.alphabetSelector.findData(alphabet.name))
            if keyless or not self._key_fits(alphabet):
                self.keyInput.clear()
        default = "" if keyless else make_cipher(self.family, None, alphabet).key_text
        self.keyInput.setPlaceholderText(f"default: {default}" if default else "no key")
        self._fit_key_input()
        self.keyInput.setToolTip(
            f"{cls.title}: {cls.key_rule}. Empty: the default key"
            + (f" ({default})." if default else ".")
        )
        self._check()

    def _key_fits(self, alphabet: Alphabet) -> bool:
        """True if the typed key (or an empty field) is valid for the chosen family."""
        try:
            make_cipher(self.family, self.keyInput.text().strip() or None, alphabet)
        except ValueError:
            return False
        return True

    @Slot()
    def random_key(self) -> None:
        """Put a random valid key for the chosen family and alphabet in the key field."""
        cls = FAMILIES[self.family]
        alphabet = alphabet_named(self.alphabet)
        key = cls.random_key(random.randrange(2**31), alphabet)
        self.keyInput.setText(cls.from_key(alphabet, key).key_text)

    def show_details(self, on: bool) -> None:
        """Show or hide the alphabet, the data source and the example line (presenter mode).

        A key or data error stays shown either way.
        """
        self._details = on
        for widget in (
            self._alphabetLabel,
            self.alphabetSelector,
            self._dataLabel,
            self.dataSourceSelector,
            self.previewLabel,
        ):
            widget.setVisible(on)
        self.dataFileButton.setVisible(on and self.data == "file")

    @Slot()
    def _on_data(self) -> None:
        chosen = self.data == "file"
        self.dataFileButton.setVisible(chosen and self._details)
        if chosen and self.data_path:
            self.dataFileButton.setText(Path(self.data_path).name)
            self.dataFileButton.setToolTip(self.data_path)
        else:
            self.dataFileButton.setText("Choose file…")
        self._check()

    def ask_data_path(self) -> str:
        """Ask for a text file to train on; "" if cancelled (replaced in tests)."""
        start = str(Path(self.data_path).parent) if self.data_path else str(Path.home())
        return QFileDialog.getOpenFileName(
            self, "Train on a text file", start, "Text files (*.txt);;All files (*)"
        )[0]

    @Slot()
    def _choose_file(self) -> None:
        path = self.ask_data_path()
        if path:
            self.data_path = path
            self._file_symbols.pop((path, self.alphabet), None)  # read it again: it may differ
            self._cancel_read()  # a read of it already under way may predate the change
            self._on_data()

    def set_seq_len(self, seq_len: int) -> None:
        """Symbols per training message: a text file must hold ten messages' worth."""
        if seq_len != self.seq_len:
            self.seq_len = seq_len
            self._check()

    def shutdown(self, msecs: int = 3000) -> bool:
        """Stop any file read and wait for it (the window closes); True if none is left."""
        self._reading = None
        return self._reader.shutdown(msecs)

    def _data_error(self) -> str | None:
        """Why the chosen data source cannot be used (no file, binary, too short), or None.

        A file not read yet for this alphabet is read in the worker; meanwhile the answer is
        :data:`READING`, and :attr:`checked` follows when the read is done.
        """
        if self.data != "file":
            self._cancel_read()
            return None
        name = Path(self.data_path).name
        if not self.data_path:
            self._cancel_read()
            return "Choose the text file to train on (Data: My text file…)."
        key = (self.data_path, self.alphabet)
        found = self._file_symbols.get(key)  # read once per file and alphabet, not per keystroke
        if found is None:
            if key != self._reading and self._reader.submit(count_file_symbols, *key):
                self._reading = key
            return READING.format(name=name)
        self._cancel_read()
        if isinstance(found, str):
            return found
        try:
            check_long_enough(name, found, self.seq_len)
        except TextFileError as exc:
            return str(exc)
        return None

    def _cancel_read(self) -> None:
        """The file being read is no longer wanted (another source, another file)."""
        if self._reading is not None:
            self._reading = None
            self._reader.cancel()

    @Slot(object)
    def _on_file_read(self, found: int | str) -> None:
        """The file being read has been counted (or refused): show what that means."""
        if self._reading is None:
            return
        self._file_symbols[self._reading] = found
        self._reading = None
        self._show_checks()
        self.checked.emit()

    @Slot(object)
    def _on_file_failed(self, exc: BaseException) -> None:
        """Reading failed in an unforeseen way (out of memory): said like a refusal."""
        if self._reading is not None:
            name = Path(self._reading[0]).name
            self._on_file_read(f"{name} cannot be read: {str(exc) or type(exc).__name__}.")

    @Slot()
    def _check(self) -> None:
        self._show_checks()
        self.changed.emit()

    def _show_checks(self) -> None:
        """Check the key and the data source, and show what is wrong and the preview."""
        task = self.task_kind
        text = self.keyInput.text().strip()
        error = None
        self._cipher = None
        if task.has_cipher:
            try:
                self._cipher = make_cipher(self.family, text or None, self.alphabet)
            except ValueError as exc:
                error = str(exc)
        self.keyInput.setStyleSheet(ERROR_STYLE if error else "")
        self.keyError.setText(error or "")
        self.keyError.setVisible(bool(error))
        data_error = self._data_error()
        self.dataError.setText(data_error or "")
        self.dataError.setVisible(bool(data_error))
        self.dataError.setStyleSheet(READING_STYLE if self.reading else DATA_ERROR_STYLE)
        self._error = error or data_error
        sample = SAMPLES.get(self.alphabet, SAMPLES["letters"])
        if task.labels:
            self.previewLabel.setText(
                f"Names the cipher family: ciphertext → {', '.join(task.labels)}"
            )
        elif not task.has_cipher:
            self.previewLabel.setText(f"Predicts each next symbol: {sample[:-1]} → {sample[-1]}")
        elif self._cipher is not None:
            self.previewLabel.setText(f"{sample} → {self._cipher.encrypt(sample)}")
        else:
            self.previewLabel.setText("")
