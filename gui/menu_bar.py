"""The window's menu bar: File, Edit, View and Help, their actions, shortcuts and tooltips.

:class:`MenuBar` only builds the menus; the actions are carried out by
:class:`~cipherlab.gui.file_actions.FileActions` (File), the decode panel (Edit), the main
window (View: the model card, the inside and generalisation tabs, presenter mode) and the
about box (Help), which connect to the actions' ``triggered``.
Nothing here imports torch, so the menus exist before the first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


class MenuBar:
    """Builds ``window``'s menus; its attributes are the actions (disabled until loaded).

    Parameters
    ----------
    window : QMainWindow
        The window whose menu bar is filled.
    view_actions : list of QAction
        Actions for the View menu (e.g. a dock's toggle action).
    """

    def __init__(self, window: QMainWindow, view_actions: list[QAction]) -> None:
        self._window = window
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        self.newAction = self._add(
            file_menu, "&New model", Key.New,
            "A new, untrained model built from the current training settings",
        )  # fmt: skip
        self.openAction = self._add(
            file_menu, "&Open model…", Key.Open,
            "Open a .safetensors model file (you can also drop one on the window)",
        )  # fmt: skip
        self.recentMenu = QMenu("Open &recent", window)
        self.recentMenu.setToolTipsVisible(True)
        file_menu.addMenu(self.recentMenu)
        self.examplesMenu = QMenu("Open e&xample", window)
        self.examplesMenu.setObjectName("examplesMenu")
        self.examplesMenu.setToolTipsVisible(True)
        self.examplesMenu.menuAction().setToolTip(
            "A model shipped with Cipher Lab for each cipher family, trained on its default key"
        )
        file_menu.addMenu(self.examplesMenu)
        self.autosaveMenu = QMenu("Recover &trained model", window)
        self.autosaveMenu.setObjectName("autosaveMenu")
        self.autosaveMenu.setToolTipsVisible(True)
        self.autosaveMenu.menuAction().setToolTip(
            "The last few trained models, kept even if they were never saved or were discarded"
        )
        file_menu.addMenu(self.autosaveMenu)
        file_menu.addSeparator()
        self.saveAction = self._add(
            file_menu, "&Save", Key.Save, "Save the current model (asks for a name the first time)"
        )
        self.saveAsAction = self._add(
            file_menu, "Save &as…", Key.SaveAs, "Save the current model to a new .safetensors file"
        )
        file_menu.addSeparator()
        self.resetSettingsAction = self._add(
            file_menu, "Reset settings", None,
            "Forget the window layout, training settings and recent files",
        )  # fmt: skip
        file_menu.addSeparator()
        self.quitAction = self._add(file_menu, "&Quit", QKeySequence("Ctrl+Q"), "Close Cipher Lab")
        self.quitAction.triggered.connect(window.close)

        edit_menu = bar.addMenu("&Edit")
        self.copyTextAction = self._add(
            edit_menu, "&Copy decoded text", QKeySequence("Ctrl+Shift+C"),
            "Copy the model's plaintext to the clipboard",
        )  # fmt: skip
        self.saveTextAction = self._add(
            edit_menu, "Save decoded &text…", None,
            "Save the model's plaintext to a UTF-8 text file",
        )  # fmt: skip

        view_menu = bar.addMenu("&View")
        for action in view_actions:
            view_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        self.lessonsAction = self._add(
            help_menu, "&Lessons", QKeySequence("F1"),
            "Guided experiments in this window, each step ticked when you have done it",
        )  # fmt: skip
        self.lessonsAction.setObjectName("lessonsAction")
        self.aboutAction = self._add(help_menu, "&About Cipher Lab", None, "Versions and credits")
        for menu in (file_menu, edit_menu, view_menu, help_menu):
            menu.setToolTipsVisible(True)
        self.set_loaded(False)

    def _add(
        self, menu: QMenu, text: str, shortcut: QKeySequence | Key | None, tip: str
    ) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        menu.addAction(action)
        return action

    def set_loaded(self, loaded: bool) -> None:
        """Enable the actions that need the model and panels (once they are loaded)."""
        for action in (self.newAction, self.openAction, self.saveAction, self.saveAsAction,
                       self.copyTextAction, self.saveTextAction, self.lessonsAction):  # fmt: skip
            action.setEnabled(loaded)
        self.recentMenu.setEnabled(loaded)
        self.examplesMenu.setEnabled(loaded)
        self.autosaveMenu.setEnabled(loaded)
