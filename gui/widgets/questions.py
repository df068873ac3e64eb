"""Questions in message boxes whose buttons have keyboard mnemonics (Alt+S saves).

``QMessageBox.question`` labels its standard buttons without an ``&``, so a keyboard user
must Tab to **Discard**; :func:`question_box` names each button with its mnemonic.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton

MNEMONICS = {
    Button.Save: "&Save",
    Button.Discard: "&Discard",
    Button.Cancel: "&Cancel",
    Button.Yes: "&Yes",
    Button.No: "&No",
}
"""The text of each standard button the app's questions use, ``&`` before its key."""


def question_box(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
) -> QMessageBox:
    """A question message box, not yet shown, whose buttons have keyboard mnemonics.

    Parameters
    ----------
    parent : QWidget or None
        The window the box belongs to.
    title, text : str
        The box's title and question (plain text).
    buttons : QMessageBox.StandardButton
        The buttons, or-ed together (those in :data:`MNEMONICS` get their text).
    default : QMessageBox.StandardButton
        The button Enter presses.

    Returns
    -------
    QMessageBox
        Show it with ``exec()``, which returns the chosen standard button's value.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(default)
    for standard, label in MNEMONICS.items():
        button = box.button(standard)
        if button is not None:
            button.setText(label)
    return box
