"""Widgets styled with a style sheet, brought to the application's font after it changes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def follow_app_font(root: QWidget) -> int:
    """Re-apply the style sheet of ``root`` and every widget under it that has one.

    Qt resolves a styled widget's font when its style sheet is applied, and a later
    ``QApplication.setFont`` (presenter mode) passes it by: a coloured note kept the normal
    size while the text around it grew 1.4 times. Applying the same sheet again resolves the
    font anew.

    Returns
    -------
    int
        How many widgets were restyled.
    """
    widgets = [root, *root.findChildren(QWidget)]
    styled = [w for w in widgets if w.styleSheet()]
    for widget in styled:
        widget.setStyleSheet(widget.styleSheet())
    return len(styled)
