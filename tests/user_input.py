"""A user's clicks and choices, as the window tests make them (shared by the test files)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def click(qtbot, widget):
    """A left click in the middle of ``widget``."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pick(qtbot, combo, title):
    """Choose an item as a user does: open the box's list, move to the item, press Enter."""
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    steps = combo.findText(title) - view.currentIndex().row()
    for _ in range(abs(steps)):
        qtbot.keyClick(view, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == title
