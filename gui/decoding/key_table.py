"""A substitution key as an editable table: fix a letter pair, preview it, re-solve around it.

:class:`KeyTable` (``substitutionKeyTable``) shows one column per ciphertext letter that
occurs in the text: the ciphertext letter on top, the plaintext letter it decrypts to below,
in a one-letter box. Typing a letter fixes that pair (bold, framed, with a tooltip), swaps it
with the ciphertext letter that decrypted to it (the key stays a permutation) and asks for a
preview of the edited key's decryption (:attr:`KeyTable.previewed`) at once. **Re-solve**
(``resolveButton``, Ctrl+R) asks the crack view to search the rest of the key around the
fixed pairs (:attr:`KeyTable.resolveRequested`); **Clear fixed** (``clearFixedButton``) frees
them. A pair whose plaintext letter another fixed pair already has is refused, the cell
reverts and the status line says why, as cryptogram solvers do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cipherlab.core.ciphers import SubstitutionCipher

RESOLVE_SHORTCUT = "Ctrl+R"
CELL_WIDTH = 26
"""Pixels per letter column: 26 letters fit 700 pixels, narrower views scroll sideways."""
FIXED_STYLE = "QLineEdit { font-weight: bold; border: 2px solid palette(highlight); }"
TITLE = "Key (ciphertext above, plaintext below): type to fix a pair"


def fixed_help(ciphertext: str, plaintext: str) -> str:
    """The tooltip of a fixed cell: the solver keeps ``ciphertext`` → ``plaintext``."""
    return f"fixed: the solver keeps {ciphertext}→{plaintext}"


def pairs_text(fixed: dict[str, str]) -> str:
    """Fixed pairs for people, in ciphertext order: ``"C→Q, X→E"``."""
    return ", ".join(f"{c}→{p}" for c, p in sorted(fixed.items()))


class KeyTable(QWidget):
    """The decryption table of a substitution key, over the letters of one ciphertext.

    Signals
    -------
    previewed(object)
        The edited key (a :class:`~cipherlab.core.ciphers.SubstitutionCipher`), to decrypt
        the text with at once, before any re-solving.
    resolveRequested(dict)
        **Re-solve** was clicked: crack again keeping these ciphertext -> plaintext pairs
        (upper case letters).
    status(str)
        A sentence for the status line (a pair fixed, freed or refused).
    """

    previewed = Signal(object)
    resolveRequested = Signal(dict)
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("substitutionKeyTable")
        self._cipher: SubstitutionCipher | None = None
        self._text = ""  # the ciphertext the key is of
        self._letters: list[str] = []  # its ciphertext letters, in alphabet order
        self._plain: dict[str, str] = {}  # ciphertext letter -> plaintext letter, every symbol
        self._fixed: dict[str, str] = {}
        self._cells: dict[str, QLineEdit] = {}

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.resolveButton = QPushButton("Re-solve")
        self.resolveButton.setObjectName("resolveButton")
        self.resolveButton.setShortcut(QKeySequence(RESOLVE_SHORTCUT))
        self.resolveButton.setToolTip(
            f"Search the rest of the key again, keeping every fixed pair ({RESOLVE_SHORTCUT})"
        )
        self.resolveButton.setEnabled(False)
        self.resolveButton.clicked.connect(self._request_resolve)
        self.clearFixedButton = QPushButton("Clear fixed")
        self.clearFixedButton.setObjectName("clearFixedButton")
        self.clearFixedButton.setToolTip("Free every fixed pair (the key shown stays)")
        self.clearFixedButton.setEnabled(False)
        self.clearFixedButton.clicked.connect(self._clear_clicked)

        title = QLabel(TITLE)
        title.setWordWrap(True)  # a narrow view wraps it, never widens for it
        title.setToolTip(
            "The best key's decryption table, one column per ciphertext letter of the text. "
            "A letter you type is fixed: the decryption below previews it at once, and "
            "Re-solve searches the other letters around the fixed pairs."
        )
        buttons = QHBoxLayout()  # below the title: beside it, they widened the window at 1280
        buttons.addStretch()
        buttons.addWidget(self.clearFixedButton)
        buttons.addWidget(self.resolveButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(self._scroll)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ state
    @property
    def fixed(self) -> dict[str, str]:
        """The fixed ciphertext -> plaintext pairs (upper case; a copy)."""
        return dict(self._fixed)

    @property
    def letters(self) -> list[str]:
        """The ciphertext letters shown, in alphabet order."""
        return list(self._letters)

    @property
    def cipher(self) -> SubstitutionCipher | None:
        """The key shown, edits included (None before a key)."""
        return self._cipher

    def cell(self, letter: str) -> QLineEdit:
        """The plaintext box under ciphertext ``letter`` (for tests and readers)."""
        return self._cells[letter.upper()]

    def plaintext_row(self) -> str:
        """The plaintext letters shown, one per column (for tests and readers)."""
        return "".join(self._cells[c].text() for c in self._letters)

    # ---------------------------------------------------------------- showing
    def show_key(self, cipher: SubstitutionCipher, ciphertext: str) -> None:
        """Show ``cipher``'s decryption of the letters of ``ciphertext``.

        A new ciphertext frees the fixed pairs; the same one keeps them (a re-solved key
        keeps them too; another candidate gets them put in, and :attr:`previewed` asks for its
        edited decryption).

        Parameters
        ----------
        cipher : SubstitutionCipher
            The key; its permutation maps plaintext symbol ``i`` to a ciphertext symbol.
        ciphertext : str
            The text the key was found for; letters it lacks get no column.
        """
        alphabet = cipher.alphabet
        if ciphertext != self._text or self._cipher is None or self._cipher.alphabet != alphabet:
            self._fixed = {}
        self._text = ciphertext
        self._cipher = cipher
        self._plain = {c: p for p, c in zip(alphabet.symbols, cipher.permutation, strict=True)}
        present = set(alphabet.encode(ciphertext).indices)
        letters = [s for i, s in enumerate(alphabet.symbols) if i in present]
        if letters != self._letters:
            self._build_cells(letters)
        kept = all(self._plain[c] == p for c, p in self._fixed.items())
        for c, p in self._fixed.items():
            self._swap_in(c, p)
        self._fill_cells()
        if not kept:
            self.previewed.emit(self._cipher)

    def clear_fixed(self) -> None:
        """Free every fixed pair (the key shown stays)."""
        self._fixed = {}
        self._fill_cells()

    def _build_cells(self, letters: list[str]) -> None:
        columns = QWidget()
        grid = QGridLayout(columns)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(1)
        self._letters = letters
        self._cells = {}
        for column, letter in enumerate(letters):
            top = QLabel(letter)
            top.setAlignment(Qt.AlignmentFlag.AlignCenter)
            top.setFixedWidth(CELL_WIDTH)
            cell = QLineEdit()
            cell.setObjectName(f"keyCell{letter}")
            cell.setFixedWidth(CELL_WIDTH)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.textEdited.connect(lambda text, c=letter: self._on_edited(c, text))
            grid.addWidget(top, 0, column)
            grid.addWidget(cell, 1, column)
            self._cells[letter] = cell
        grid.setColumnStretch(len(letters), 1)
        self._scroll.setWidget(columns)  # the old columns are deleted
        self._scroll.setFixedHeight(
            columns.sizeHint().height() + self._scroll.horizontalScrollBar().sizeHint().height()
        )

    def _fill_cells(self) -> None:
        for letter, cell in self._cells.items():
            plain = self._plain.get(letter, "")
            cell.setText(plain)
            fixed = letter in self._fixed
            font = cell.font()
            font.setBold(fixed)
            cell.setFont(font)
            cell.setStyleSheet(FIXED_STYLE if fixed else "")
            cell.setToolTip(
                fixed_help(letter, plain)
                if fixed
                else f"{letter} decrypts to {plain} (the solver's choice): type a letter to "
                "fix the pair"
            )
        self.resolveButton.setEnabled(bool(self._fixed))
        self.clearFixedButton.setEnabled(bool(self._fixed))

    # ---------------------------------------------------------------- editing
    def _on_edited(self, letter: str, text: str) -> None:
        cell = self._cells[letter]
        if not text:  # erased: the pair is free again
            if self._fixed.pop(letter, None) is not None:
                self.status.emit(f"{letter} is free again: Re-solve may change it.")
            self._fill_cells()
            return
        position = max(cell.cursorPosition() - 1, 0)
        plain = text[min(position, len(text) - 1)].upper()  # the letter just typed
        cipher = self._cipher
        assert cipher is not None  # cells exist only for a key
        if plain not in cipher.alphabet.symbols:
            self._fill_cells()  # revert
            self.status.emit(f"Refused {letter}→{plain}: {plain!r} is not in the alphabet.")
            return
        holder = next((c for c, p in self._fixed.items() if p == plain and c != letter), None)
        if holder is not None:
            self._fill_cells()  # revert: nothing lost
            self.status.emit(
                f"Refused {letter}→{plain}: {holder}→{plain} is fixed, and two ciphertext "
                f"letters cannot decrypt to the same plaintext letter. Clear {holder} first."
            )
            return
        self._swap_in(letter, plain)
        self._fixed[letter] = plain
        self._fill_cells()
        self.previewed.emit(self._cipher)
        self.status.emit(
            f"Fixed {letter}→{plain}; the decryption previews the edited key. Re-solve "
            f"({RESOLVE_SHORTCUT}) searches the other letters around {pairs_text(self._fixed)}."
        )

    def _swap_in(self, letter: str, plain: str) -> None:
        """Decrypt ``letter`` to ``plain``, swapped with the letter that did: still a key."""
        cipher = self._cipher
        assert cipher is not None  # a key is shown
        other = next(c for c, p in self._plain.items() if p == plain)
        self._plain[other], self._plain[letter] = self._plain[letter], plain
        encrypt = {p: c for c, p in self._plain.items()}
        self._cipher = SubstitutionCipher(
            cipher.alphabet, "".join(encrypt[p] for p in cipher.alphabet.symbols)
        )

    @Slot()
    def _request_resolve(self) -> None:
        if self._fixed:
            self.resolveRequested.emit(dict(self._fixed))

    @Slot()
    def _clear_clicked(self) -> None:
        self.clear_fixed()
        self.status.emit("Every pair is free again: Re-solve is off until you fix one.")
