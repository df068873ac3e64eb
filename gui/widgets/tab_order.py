"""Tab order across composite widgets: Qt orders only the widgets that take focus themselves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_stops(widget: QWidget) -> list[QWidget]:
    """``widget``'s descendants that take focus with Tab, in their present tab order."""
    found: list[QWidget] = []
    w = widget.nextInFocusChain()
    while w is not None and w is not widget and widget.isAncestorOf(w):
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(w)
        w = w.nextInFocusChain()
    return found


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order (from wherever the first one is).

    ``QWidget.setTabOrder`` ignores a widget that takes no focus, such as a view made of
    others: pass their :func:`tab_stops` instead.
    """
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
