"""Key unknown: the candidate keys of a ciphertext, ranked by the language model and baselines.

:class:`CrackView` runs :func:`~cipherlab.core.cryptanalysis.crack` off the GUI thread with the
shipped language model of the chosen alphabet (**Detect**, the default, reads it from the
ciphertext: :func:`~cipherlab.core.cryptanalysis.detect_alphabet`) and shows the ranked keys
(``keyCandidates``): each key's plaintext preview and one probability bar per method
(language model, n-gram, chi-squared), each method's winner starred. The chosen key's
decryption goes to the decode panel's
:class:`~cipherlab.gui.decoding.decoding_view.DecodingView`, with per-letter confidence
(:func:`~cipherlab.core.cryptanalysis.ranking_decoding`), marked where it disagrees with the
n-gram winner.
"""

from __future__ import annotations

import threading
from collections.abc import Generator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from cipherlab.core.ciphers import FAMILIES, SubstitutionCipher
from cipherlab.core.cryptanalysis import (
    CRACKABLE,
    LABEL_TITLES,
    METHODS,
    chance_text,
    percent_text,
)
from cipherlab.core.network import Comparison, compare_with_exact
from cipherlab.core.settings import CHANCE_RIGHT, KEY_BELIEF

from ..widgets import CollapsibleSection, LatestWorker
from .decoding_view import DecodingView
from .key_table import KeyTable, pairs_text
from .letter_statistics import LetterStatistics

if TYPE_CHECKING:
    from cipherlab.core.cryptanalysis import (
        AlphabetGuess,
        Baselines,
        Identification,
        KeyRanking,
        RankedKey,
    )
    from cipherlab.core.network import CipherRNN

SHOWN_KEYS = 10
"""Candidate keys listed."""
METHOD_TITLES = {"lm": "LM", "ngram": "n-gram", "chi2": "χ²"}
METHOD_HELP = {
    "lm": f"{KEY_BELIEF.label.capitalize()} under the recurrent language model",
    "ngram": f"{KEY_BELIEF.label.capitalize()} under n-gram counts (trigrams; quadgrams for "
    "Vigenère)",
    "chi2": f"{KEY_BELIEF.label.capitalize()} under chi-squared against English letter "
    "frequencies (weak when short)",
}
WHOLE_ROWS = 5
"""Candidate rows always shown whole, however short the window (the rest scroll)."""
PREVIEW_CHARS = 60
RANKED_CHARS = 4_000
"""Characters of the ciphertext whose keys are ranked: a few thousand symbols settle any key
these families have, and ranking a pasted book would take minutes."""
ALPHABET_TITLES = {"seed": "A–Z and -", "letters": "A–Z, spaces pass"}
DETECT = "detect"
"""``crackAlphabetSelector``'s first entry (the default): the alphabet is read from the text."""
DETECT_TITLE = "Detect"
DETECT_HELP = (
    "Detect: read the alphabet from the ciphertext (lower case, spaces or punctuation → A–Z "
    "with the rest passed through; only A–Z and - → A–Z and -; only A–Z → both are tried and "
    "the likelier reading kept)"
)
FAMILY_DETECT_HELP = (
    "Detect: identify the cipher family from the ciphertext's statistics (index of "
    "coincidence, per period, letter-frequency fits), then crack the likeliest family that "
    "can be cracked"
)
LEGEND = "Plaintext (the chosen key; the best first) — tinted where other keys disagree"
EXACT_TITLE = "n-gram's best"
AGREEMENT_HELP = (
    "Agreement with the n-gram's best key: the share of letters where the chosen key's "
    "decryption equals the n-gram's. The key is unknown, so there is no exact decryption to "
    "compare with."
)

NOT_COMPUTED = {
    "lm": "Not computed: for this cipher and length the language model was no better than "
    "the n-gram scorer on held-out English prose, so the crack does not pay for it (it is "
    "computed for Caesar, ROT13, Atbash and affine under 16 letters, Vigenère under 64).",
}
"""Why a method's column is empty, for its tooltip."""

_loaded: dict[str, tuple[CipherRNN, Baselines]] = {}
_load_lock = threading.Lock()


def _tools(alphabet: str) -> tuple[CipherRNN, Baselines]:
    """The shipped language model of ``alphabet`` and its baselines (loaded once, any thread)."""
    with _load_lock:
        if alphabet not in _loaded:
            from cipherlab.core.cryptanalysis import english_baselines
            from cipherlab.core.storage import load_model
            from cipherlab.resources import language_model_path

            bundle = load_model(language_model_path(alphabet))
            _loaded[alphabet] = (bundle.model, english_baselines(alphabet))
        return _loaded[alphabet]


def _crack_job(
    family: str,
    alphabet: str,
    text: str,
    max_period: int,
    fixed: Mapping[str, str] | None = None,
) -> Generator[float, None, CrackResult]:
    """Worker generator: yields progress, returns the :class:`CrackResult`.

    ``family`` is a name, or :data:`DETECT` to identify it from ``text`` first
    (:func:`~cipherlab.core.cryptanalysis.crack_identified`); ``alphabet`` is a name, or
    :data:`DETECT` to read it from ``text`` (cracking under both alphabets when only capitals
    leave it unclear). ``fixed`` holds the ciphertext -> plaintext pairs a substitution key
    keeps (``family`` is then ``"substitution"``). The letter statistics are computed here too,
    off the GUI thread.
    """
    from cipherlab.core.cryptanalysis import (
        AUTO,
        AlphabetGuess,
        better_reading,
        crack,
        crack_identified,
        detect_alphabet,
        identify,
    )

    yield 0.1
    if alphabet == DETECT:
        guess = detect_alphabet(text)
    else:
        guess = AlphabetGuess(alphabet, "chosen", (alphabet,))
    rankings = {}
    found: dict[str, tuple[Identification, str, str]] = {}
    for done, name in enumerate(guess.candidates):
        model, baselines = _tools(name)
        yield 0.1 + (done + 0.3) * 0.9 / len(guess.candidates)
        identified = identify(text, baselines.alphabet, baselines.frequencies)
        if family == DETECT:
            rankings[name], cracked, note = crack_identified(
                text, identified, baselines, model, AUTO, max_period
            )
        else:
            rankings[name] = crack(text, family, baselines, model, AUTO, max_period, fixed=fixed)
            cracked, note = family, ""
        found[name] = identified, cracked, note
    guess = better_reading(guess, rankings)
    identified, cracked, note = found[guess.name]
    kept = tuple(sorted((fixed or {}).items()))
    return CrackResult(rankings[guess.name], text, guess, identified, cracked, note, kept)


VERDICT_COLOURS = {
    "solved": "#1b7f3b",
    "probably": "#a15c00",
    "too short to trust": "#b3261e",
    "not English": "#b3261e",
}
"""Green for solved, amber for probably, red for the verdicts that say not to trust it."""


@dataclass(frozen=True)
class CrackResult:
    """What a crack worker returns: the ranking and what the text was read as."""

    ranking: KeyRanking
    text: str
    """The text ranked."""
    guess: AlphabetGuess
    """Its alphabet, and why."""
    identification: Identification
    """Each family's probability, and the letter statistics."""
    family: str
    """The family cracked."""
    note: str
    """Empty, or why the family cracked is not the likeliest."""
    fixed: tuple[tuple[str, str], ...] = ()
    """The ciphertext -> plaintext pairs a substitution key was re-solved around."""


def agreement_text(winner: str, comparison: Comparison) -> str:
    """How far the chosen key agrees with the n-gram ``winner`` (one plain sentence)."""
    wrong = len(comparison.disagreements)
    return (
        f"— {winner}: the chosen key agrees on {comparison.agreement:.1%} of "
        f"letters ({wrong:,} differ, in red)"
    )


class CrackView(QWidget):
    """The unknown-key controls and the ranked candidate keys; the chosen key in ``display``.

    Parameters
    ----------
    display : DecodingView
        Where the chosen key's decryption is shown, and the status sentences.

    Signals
    -------
    useKey(object)
        The chosen key's cipher, when **Use this key** is clicked.
    status(str)
        A sentence for the status line (progress, warnings, errors); ``display`` shows it.
    choicesChanged()
        The cipher family or the alphabet to crack was changed.
    """

    useKey = Signal(object)
    status = Signal(str)
    choicesChanged = Signal()
    TITLES = (LEGEND, EXACT_TITLE, AGREEMENT_HELP)
    """What the display's plaintext and answer boxes show, key unknown, and the agreement's help."""

    def __init__(self, display: DecodingView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display = display
        self.status.connect(display.set_status)
        self.crackCipherSelector = QComboBox()
        self.crackCipherSelector.setObjectName("crackCipherSelector")
        self.crackCipherSelector.addItem(DETECT_TITLE, DETECT)
        self.crackCipherSelector.setItemData(0, FAMILY_DETECT_HELP, Qt.ItemDataRole.ToolTipRole)
        for name in CRACKABLE:
            self.crackCipherSelector.addItem(FAMILIES[name].title, name)
        self._show_identified(None)
        self.crackAlphabetSelector = QComboBox()
        self.crackAlphabetSelector.setObjectName("crackAlphabetSelector")
        self.crackAlphabetSelector.addItem(DETECT_TITLE, DETECT)
        self.crackAlphabetSelector.setItemData(0, DETECT_HELP, Qt.ItemDataRole.ToolTipRole)
        for name, title in ALPHABET_TITLES.items():
            self.crackAlphabetSelector.addItem(title, name)
        self._show_detected(None)
        for selector in (self.crackCipherSelector, self.crackAlphabetSelector):
            # narrow windows clip the title (the list shows it whole), never the panel
            selector.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            selector.setMinimumContentsLength(2)  # 5 made the window 1,323 px wide at 1280
            selector.currentIndexChanged.connect(self.choicesChanged)
        self.keyCandidates = QTableWidget(0, 2 + len(METHODS))
        self.keyCandidates.setObjectName("keyCandidates")
        self.keyCandidates.setHorizontalHeaderLabels(
            ["Key", "Plaintext", *(METHOD_TITLES[m] for m in METHODS)]
        )
        for column, method in enumerate(METHODS, start=2):
            header_item = self.keyCandidates.horizontalHeaderItem(column)
            assert header_item is not None  # made by setHorizontalHeaderLabels
            header_item.setToolTip(f"{METHOD_HELP[method]}.\n\n{KEY_BELIEF.explanation}")
        self.keyCandidates.setToolTip(
            f"Candidate keys, likeliest first under the language model; one {KEY_BELIEF.label} "
            "per method, ★ = that method's winner. Choose a row to see its decryption."
        )
        self.keyCandidates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.keyCandidates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keyCandidates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keyCandidates.verticalHeader().setVisible(False)
        header = self.keyCandidates.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keyCandidates.setMinimumHeight(self._rows_height(WHOLE_ROWS))
        self.keyCandidates.itemSelectionChanged.connect(self._on_row_chosen)
        self.useKeyButton = QPushButton("Use this key")
        self.useKeyButton.setObjectName("useKeyButton")
        self.useKeyButton.setToolTip(
            "Put the chosen key into the training settings (cipher, key, alphabet) and go back "
            "to known-key decoding"
        )
        self.useKeyButton.setEnabled(False)
        self.useKeyButton.clicked.connect(self._use_key)

        self.crackProgress = QProgressBar()
        self.crackProgress.setObjectName("crackProgress")
        self.crackProgress.setRange(0, 100)
        self.crackProgress.setToolTip("Ranking the keys of the ciphertext")
        self.crackProgress.setVisible(False)
        self.crackCancelButton = QPushButton("Cancel")
        self.crackCancelButton.setObjectName("crackCancelButton")
        self.crackCancelButton.setToolTip("Stop ranking keys (Esc); the last ranking stays")
        self.crackCancelButton.setShortcut("Esc")
        self.crackCancelButton.setVisible(False)
        self.crackCancelButton.clicked.connect(self.cancel)

        self.crackVerdict = QLabel()
        self.crackVerdict.setObjectName("crackVerdict")
        self.crackVerdict.setWordWrap(True)  # two lines in a narrow column, never a wider one
        self.crackVerdict.setVisible(False)

        choices = QHBoxLayout()
        choices.addWidget(QLabel("Cipher"))
        choices.addWidget(self.crackCipherSelector, stretch=1)
        choices.addWidget(QLabel("Alphabet"))
        choices.addWidget(self.crackAlphabetSelector, stretch=1)
        actions = QHBoxLayout()
        actions.addWidget(self.crackProgress, stretch=1)
        actions.addWidget(self.crackCancelButton)
        actions.addWidget(self.crackVerdict, stretch=1)
        actions.addWidget(self.useKeyButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choices)
        layout.addLayout(actions)
        layout.addWidget(self.keyCandidates)
        self.keyTable = KeyTable()  # a substitution key, editable: fix a pair, re-solve
        self.keyTable.setVisible(False)
        self.keyTable.previewed.connect(self._preview_key)
        self.keyTable.resolveRequested.connect(self.resolve)
        self.keyTable.status.connect(self.status)
        layout.addWidget(self.keyTable)
        self.letterStatistics = LetterStatistics()
        self.statisticsSection = CollapsibleSection("Letter statistics", "letterStatisticsSection")
        self.statisticsSection.toggleButton.setToolTip(
            "The ciphertext's letter frequencies against English, its index of coincidence, and "
            "the mean index of coincidence per period length (a long title here widened the "
            "window past 1280 pixels)"
        )
        self.statisticsSection.add_widget(self.letterStatistics)
        layout.addWidget(self.statisticsSection)

        self.ranking: KeyRanking | None = None
        self.alphabet_guess: AlphabetGuess | None = None  # the ranking's alphabet, and why
        self.identification: Identification | None = None  # the ranked text's families
        self._text = ""  # the text the ranking is of
        self._max_period = 16  # the last crack's
        self._cut = False  # it is the beginning of a longer text
        self._worker = LatestWorker(self)  # the newest text or choice wins
        self._worker.yielded.connect(self._on_progress)
        self._worker.returned.connect(self._on_result)
        self._worker.errored.connect(self._on_error)
        self._worker.busyChanged.connect(self._on_busy_changed)

    def _rows_height(self, rows: int) -> int:
        """Height of the table with ``rows`` whole rows, its header, frame and a scroll bar."""
        table = self.keyCandidates
        return (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + table.horizontalScrollBar().sizeHint().height()  # when the columns are wide
        )

    # ---------------------------------------------------------------- cracking
    @property
    def busy(self) -> bool:
        """True while a crack runs (a cancelled one too, until it stops) or waits to run."""
        return self._worker.busy

    def crack(self, text: str, max_period: int = 16) -> None:
        """Rank the keys of ``text`` in a worker; the newest text wins, older results drop."""
        family = str(self.crackCipherSelector.currentData())
        alphabet = str(self.crackAlphabetSelector.currentData())
        self._cut = len(text) > RANKED_CHARS
        self._max_period = max_period
        self.keyTable.clear_fixed()  # fixed pairs belong to the ranking they were fixed in
        self.status.emit("Ranking keys…" if _loaded else "Loading the language model…")
        self._submit(family, alphabet, text[:RANKED_CHARS], max_period, None)

    @Slot(dict)
    def resolve(self, fixed: dict[str, str]) -> None:
        """Crack the ranked text again as a substitution whose keys keep the ``fixed`` pairs.

        Parameters
        ----------
        fixed : dict of str to str
            Ciphertext letter -> plaintext letter (no two share a plaintext letter).
        """
        if not self._text:
            return
        alphabet = str(self.crackAlphabetSelector.currentData())
        self.status.emit(f"Re-solving the substitution key around {pairs_text(fixed)}…")
        self._submit("substitution", alphabet, self._text, self._max_period, fixed)

    def _submit(
        self,
        family: str,
        alphabet: str,
        text: str,
        max_period: int,
        fixed: Mapping[str, str] | None,
    ) -> None:
        self.crackProgress.setValue(0)
        self.crackProgress.setVisible(True)
        self.crackCancelButton.setVisible(True)
        self._worker.submit(_crack_job, family, alphabet, text, max_period, fixed)

    @Slot()
    def cancel(self) -> None:
        """Stop ranking; the table keeps the last ranking."""
        if not self._worker.cancel():
            return
        self._show_idle()
        self.status.emit("Ranking cancelled; the table shows the last ranking.")

    def shutdown(self) -> None:
        """Stop ranking and wait for the worker's thread (the window is closing)."""
        self._worker.shutdown()

    def _show_idle(self) -> None:
        self.crackProgress.setVisible(False)
        self.crackCancelButton.setVisible(False)

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.keyTable.setEnabled(not busy)  # no edits to a key being re-solved
        if not busy:
            self._show_idle()

    @Slot(object)
    def _on_progress(self, fraction: float) -> None:
        self.crackProgress.setValue(round(100 * fraction))

    @Slot(object)
    def _on_result(self, result: CrackResult) -> None:
        self.ranking, self._text, self.alphabet_guess = result.ranking, result.text, result.guess
        self.identification = found = result.identification
        detected = self.crackAlphabetSelector.currentData() == DETECT
        self._show_detected(self.alphabet_guess if detected else None)
        identified = self.crackCipherSelector.currentData() == DETECT
        self._show_identified(result if identified else None)
        periodic = result.family == "vigenere" or found.best == "vigenere"
        self.letterStatistics.show_statistics(found.statistics, found.period if periodic else 0)
        if identified and result.note:  # before the table: the ranking's warning wins
            self.status.emit(f"Detected {found.describe()}: {result.note}.")
        self._show_verdict()
        self.keyTable.setVisible(False)  # until a substitution key is chosen
        self._fill_table()
        if result.fixed:
            self.status.emit(f"Re-solved keeping {pairs_text(dict(result.fixed))}.")
        if self._cut:
            self.status.emit(
                f"Keys ranked on the first {RANKED_CHARS:,} characters; the decryption "
                "below shows them."
            )

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        self.status.emit(f"Could not rank keys: {exc}")

    def _show_verdict(self) -> None:
        """The best answer's verdict and chance right, coloured, with why in its tooltip."""
        found = self.ranking.assessment if self.ranking is not None else None
        self.crackVerdict.setVisible(found is not None)
        if found is None:
            return
        colour = VERDICT_COLOURS[found.verdict]
        self.crackVerdict.setText(
            f"<b style='color:{colour}'>{found.verdict[0].upper()}{found.verdict[1:]}</b>: "
            f"{CHANCE_RIGHT.label} {chance_text(found.probability)}"
        )
        self.crackVerdict.setToolTip(f"{found.reason}\n\n{CHANCE_RIGHT.explanation}")

    def _show_detected(self, guess: AlphabetGuess | None) -> None:
        """Name the detected alphabet in the **Detect** entry and its tooltip (None: none yet)."""
        selector = self.crackAlphabetSelector
        if guess is None:
            selector.setItemText(0, DETECT_TITLE)
            selector.setToolTip(
                "The ciphertext's alphabet: which shipped language model scores the keys. "
                "Detect reads it from the text"
            )
            return
        title = ALPHABET_TITLES.get(guess.name, guess.name)
        selector.setItemText(0, f"{DETECT_TITLE}: {title}")
        selector.setToolTip(
            f"The ciphertext's alphabet: which shipped language model scores the keys. "
            f"Detected: {title} ({guess.reason})"
        )

    def _show_identified(self, result: CrackResult | None) -> None:
        """Name the identified family in the cipher's **Detect** entry (None: none yet)."""
        selector = self.crackCipherSelector
        if result is None:
            selector.setItemText(0, DETECT_TITLE)
            selector.setToolTip(
                "The cipher family to break. Detect identifies it from the ciphertext; every "
                "Caesar, ROT13, Atbash and affine key is tried; a Vigenère key is searched "
                "(every short period, or the likeliest by index of coincidence, then a beam "
                "search over its letters), a substitution key by hill-climbing, an autokey "
                "primer length by length"
            )
            return
        found = result.identification
        selector.setItemText(0, f"{DETECT_TITLE}: {found.describe()}")
        ranked = "; ".join(f"{LABEL_TITLES[k]} {percent_text(p)}" for k, p in found.ranked)
        selector.setToolTip(
            f"The cipher family to break. Identified from the ciphertext's statistics: "
            f"{ranked}. Cracked as {FAMILIES[result.family].title}."
        )

    # ------------------------------------------------------------------- table
    def _fill_table(self) -> None:
        ranking = self.ranking
        assert ranking is not None  # filled only with a ranking
        keys = ranking.keys[:SHOWN_KEYS]
        table = self.keyCandidates
        with signals_blocked(table):
            table.setRowCount(len(keys))
            for row, key in enumerate(keys):
                label = key.key_label or "(no key)"
                table.setItem(row, 0, QTableWidgetItem(label))
                preview = key.plaintext[:PREVIEW_CHARS].replace("\n", " ")
                item = QTableWidgetItem(preview)
                item.setToolTip(key.plaintext[:500])
                table.setItem(row, 1, item)
                for column, method in enumerate(METHODS, start=2):
                    table.setCellWidget(row, column, _method_bar(ranking, row, key, method))
        table.selectRow(0)
        self.useKeyButton.setEnabled(bool(keys))
        self._on_row_chosen()

    def winner_marks(self, method: str) -> list[int]:
        """Rows whose ``method`` bar carries the winner's star (for tests and readers)."""
        found = []
        for row in range(self.keyCandidates.rowCount()):
            bar = self.keyCandidates.cellWidget(row, 2 + METHODS.index(method))
            if isinstance(bar, QProgressBar) and bar.format().startswith("★"):
                found.append(row)
        return found

    @Slot()
    def _on_row_chosen(self) -> None:
        if self.ranking is None:
            return
        rows = self.keyCandidates.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if 0 <= row < len(self.ranking.keys):
            self._show_key(self.ranking.keys[row])
            self._show_key_table(self.ranking.keys[row])

    def _show_key_table(self, key: RankedKey) -> None:
        """An editable table for a substitution key; none for other families."""
        cipher = key.cipher
        shown = isinstance(cipher, SubstitutionCipher)
        if isinstance(cipher, SubstitutionCipher):
            self.keyTable.show_key(cipher, self._text)
        self.keyTable.setVisible(shown)

    @Slot(object)
    def _preview_key(self, cipher: SubstitutionCipher) -> None:
        """The chosen key edited in the table: its decryption at once, no re-solving."""
        key = self.chosen
        if key is not None:
            self._show_key(replace(key, cipher=cipher))

    def _show_key(self, key: RankedKey) -> None:
        """Show ``key``'s decryption, compared with the n-gram winner's."""
        from cipherlab.core.cryptanalysis import ranking_decoding

        ranking = self.ranking
        assert ranking is not None  # a key is shown only from a ranking
        decoding = ranking_decoding(ranking, self._text, key)
        ngram = ranking.keys[ranking.winners.get("ngram", 0)]
        comparison = compare_with_exact(decoding, ngram.cipher)
        agreement = agreement_text(f"key {ngram.key_label or '(none)'}", comparison)
        self.display.show_decoding(decoding, comparison, agreement, note=ranking.warning or "")

    @property
    def chosen(self) -> RankedKey | None:
        """The chosen :class:`~cipherlab.core.cryptanalysis.key_ranking.RankedKey`, or None."""
        if self.ranking is None:
            return None
        rows = self.keyCandidates.selectionModel().selectedRows()
        return self.ranking.keys[rows[0].row()] if rows else self.ranking.best

    @Slot()
    def _use_key(self) -> None:
        key = self.chosen
        if key is not None:
            self.useKey.emit(key.cipher)


def _method_bar(ranking: KeyRanking, row: int, key: RankedKey, method: str) -> QProgressBar:
    """``key``'s key belief under ``method`` as a bar, starred if it is the method's winner."""
    bar = QProgressBar()
    bar.setRange(0, 1000)
    if method not in key.posteriors:
        bar.setValue(0)
        bar.setFormat("–")
        bar.setToolTip(NOT_COMPUTED.get(method, ""))
    else:
        p = key.posteriors[method]
        won = ranking.winners.get(method) == row
        bar.setValue(round(p * 1000))
        bar.setFormat(f"{'★ ' if won else ''}{p:.1%}")
        bar.setToolTip(f"{METHOD_HELP[method]}: {p:.2%}.\n\n{KEY_BELIEF.explanation}")
    bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return bar
