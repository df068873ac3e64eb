"""The menu bar: File (new, open, save, recent, reset settings, quit), Edit, View and Help.

Dialogs go through three methods (:meth:`FileActions.ask_open_path`,
:meth:`FileActions.ask_save_path`, :meth:`FileActions.report_error`) that tests monkeypatch.
Nothing here imports torch at module level, so the menus exist before the first paint.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

if TYPE_CHECKING:
    from .main_window import MainWindow

MODEL_FILTER = "Cipher Lab models (*.safetensors);;All files (*)"
TEXT_FILTER = "Text files (*.txt);;All files (*)"


def write_text_atomically(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` via a temporary file in the same folder, then replace.

    Raises
    ------
    OSError
        If the folder is not writable or the disk is full (the old file is then intact).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def versions_text() -> str:
    """Cipher Lab's version and those of the libraries it runs on, one per line."""
    from importlib.metadata import PackageNotFoundError, version

    import pyqtgraph
    import PySide6
    from cipherlab.core.modelfile import package_versions

    try:
        own = version("cipherlab")
    except PackageNotFoundError:
        own = "development checkout"
    rows = {"Cipher Lab": own, **package_versions(), "Qt": qVersion()}
    rows.update(PySide6=PySide6.__version__, pyqtgraph=pyqtgraph.__version__)
    return "\n".join(f"{k}: {v}" for k, v in rows.items())


class FileActions(QObject):
    """Builds the window's menus and carries out their actions.

    Parameters
    ----------
    window : MainWindow
        The window whose model, panels and settings the actions work on.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()

        file_menu = bar.addMenu("&File")
        self.newAction = self._action(
            file_menu, "&New model", self.new_model, QKeySequence.StandardKey.New,
            "A new, untrained model built from the current training settings",
        )  # fmt: skip
        self.openAction = self._action(
            file_menu, "&Open model…", self.open_dialog, QKeySequence.StandardKey.Open,
            "Open a .safetensors model file (you can also drop one on the window)",
        )  # fmt: skip
        self.recentMenu = QMenu("Open &recent", window)
        self.recentMenu.setToolTipsVisible(True)
        file_menu.addMenu(self.recentMenu)
        file_menu.addSeparator()
        self.saveAction = self._action(
            file_menu, "&Save", self.save, QKeySequence.StandardKey.Save,
            "Save the current model (asks for a name the first time)",
        )  # fmt: skip
        self.saveAsAction = self._action(
            file_menu, "Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs,
            "Save the current model to a new .safetensors file",
        )  # fmt: skip
        file_menu.addSeparator()
        self.resetSettingsAction = self._action(
            file_menu, "Reset settings", self.reset_settings, None,
            "Forget the window layout, training settings and recent files",
        )  # fmt: skip
        file_menu.addSeparator()
        self.quitAction = self._action(
            file_menu, "&Quit", window.close, QKeySequence("Ctrl+Q"), "Close Cipher Lab"
        )

        edit_menu = bar.addMenu("&Edit")
        self.copyTextAction = self._action(
            edit_menu, "&Copy decoded text", self.copy_text, QKeySequence("Ctrl+Shift+C"),
            "Copy the model's plaintext to the clipboard",
        )  # fmt: skip
        self.saveTextAction = self._action(
            edit_menu, "Save decoded &text…", self.save_text, None,
            "Save the model's plaintext to a UTF-8 text file",
        )  # fmt: skip

        view_menu = bar.addMenu("&View")
        self.modelCardAction = window.modelCardDock.toggleViewAction()
        self.modelCardAction.setShortcut(QKeySequence("Ctrl+I"))
        self.modelCardAction.setToolTip("Show the current model's card")
        view_menu.addAction(self.modelCardAction)

        help_menu = bar.addMenu("&Help")
        self.aboutAction = self._action(
            help_menu, "&About Cipher Lab", self.show_about, None, "Versions and credits"
        )
        for menu in (file_menu, edit_menu, view_menu, help_menu):
            menu.setToolTipsVisible(True)
        self.rebuild_recent()
        self.set_enabled(False)

    def _action(self, menu: QMenu, text: str, slot, shortcut, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def set_enabled(self, loaded: bool) -> None:
        """Enable the actions that need the model and panels (after loading)."""
        for action in (self.newAction, self.openAction, self.saveAction, self.saveAsAction,
                       self.copyTextAction, self.saveTextAction):  # fmt: skip
            action.setEnabled(loaded)
        self.recentMenu.setEnabled(loaded)

    # ------------------------------------------------- dialogs (patched in tests)
    def ask_open_path(self) -> str:
        """Ask for a model file to open; "" if cancelled."""
        start = str(Path(self.window.settings.get("files/last_model")).parent)
        return QFileDialog.getOpenFileName(self.window, "Open model", start, MODEL_FILTER)[0]

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """Ask where to save; "" if cancelled."""
        return QFileDialog.getSaveFileName(self.window, title, suggested, file_filter)[0]

    def report_error(self, title: str, message: str) -> None:
        """Tell the user why something failed (a modal warning)."""
        QMessageBox.warning(self.window, title, message)

    # ----------------------------------------------------------------- files
    @Slot()
    def new_model(self) -> bool:
        """Replace the model with an untrained one built from the training settings."""
        from cipherlab.core.config import matching_preset
        from cipherlab.core.modelfile import ModelBundle, package_versions
        from cipherlab.core.training import new_model

        window = self.window
        panel = window.trainingPanel
        config = panel.config()
        if config is None:
            window.statusBar().showMessage("Fix the training settings first.", 6000)
            return False
        if not window.confirm_discard():
            return False
        window.stop_following_training()
        model = new_model(config, len(panel.cipher.alphabet))
        model.eval()
        metadata = {
            "training": {"preset": matching_preset(config) or "custom", **config.to_dict()},
            "metrics": {"steps": 0},
            "versions": package_versions(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        window.set_model(ModelBundle(model, panel.cipher, metadata), "untitled (untrained)")
        window.statusBar().showMessage("New untrained model: click Train to teach it.", 6000)
        return True

    @Slot()
    def open_dialog(self) -> bool:
        """File > Open model…: choose a file and open it."""
        path = self.ask_open_path()
        return bool(path) and self.open_file(path)

    def open_file(self, path: str | os.PathLike) -> bool:
        """Open ``path`` as the user asked: validate, then ask about unsaved work, then switch.

        A bad file is explained in a dialog and leaves the current model untouched.
        """
        from cipherlab.core.modelfile import ModelFileError, load_model

        window = self.window
        try:
            bundle = load_model(path)
        except ModelFileError as exc:
            window.statusBar().showMessage(str(exc))
            if not Path(path).exists():
                window.settings.remove_recent(path)
                self.rebuild_recent()
            self.report_error("Cannot open model", str(exc))
            return False
        if not window.confirm_discard():
            return False
        window.stop_following_training()
        window.set_model(bundle, path=Path(path))
        window.statusBar().showMessage(f"Opened {path}", 6000)
        return True

    @Slot()
    def save(self) -> bool:
        """File > Save: to the model's file, or Save As for a new, trained or shipped model."""
        target = self.window.save_target()
        return self.save_as() if target is None else self.save_to(target)

    @Slot()
    def save_as(self) -> bool:
        """File > Save as…: ask for a name (``.safetensors`` added if it has no suffix)."""
        if self.window.bundle is None:
            return False
        last = self.window.settings.get("files/last_model")
        folder = Path(last).parent if last else Path.home()
        suggested = self.window.save_target() or folder / "model.safetensors"
        path = self.ask_save_path("Save model as", str(suggested), MODEL_FILTER)
        if not path:
            return False
        path = Path(path)
        return self.save_to(path if path.suffix else path.with_suffix(".safetensors"))

    def save_to(self, path: Path) -> bool:
        """Write the current model to ``path`` atomically; a failure is reported, not raised."""
        from cipherlab.core.modelfile import ModelFileError, save_model

        window = self.window
        if window.bundle is None:
            return False
        try:
            save_model(path, window.bundle)
        except ModelFileError as exc:
            self.report_error("Cannot save model", str(exc))
            return False
        window.mark_saved(path)
        window.statusBar().showMessage(f"Saved {path}", 6000)
        return True

    def rebuild_recent(self) -> None:
        """Refill File > Open recent from the settings."""
        menu = self.recentMenu
        menu.clear()
        recent = self.window.settings.recent_files()
        for path in recent:
            action = menu.addAction(Path(path).name, lambda p=path: self.open_file(p))
            action.setToolTip(path)
        if not recent:
            menu.addAction("No recent models").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear recent models", self._clear_recent)
        clear.setEnabled(bool(recent))

    @Slot()
    def _clear_recent(self) -> None:
        self.window.settings.set("files/recent", [])
        self.rebuild_recent()

    @Slot()
    def reset_settings(self) -> None:
        """File > Reset settings: forget everything remembered and show the defaults."""
        self.window.settings.reset()
        self.window.apply_default_settings()
        self.rebuild_recent()
        self.window.statusBar().showMessage("Settings reset to their defaults.", 6000)

    # ------------------------------------------------------------------ edit
    def decoded_text(self) -> str:
        """The decode panel's plaintext."""
        return self.window.decodePanel.plaintextOutput.toPlainText()

    @Slot()
    def copy_text(self) -> None:
        """Edit > Copy decoded text."""
        text = self.decoded_text()
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(f"Copied {len(text):,} characters.", 4000)

    @Slot()
    def save_text(self) -> bool:
        """Edit > Save decoded text…: write the plaintext to a UTF-8 file."""
        path = self.ask_save_path("Save decoded text", "decoded.txt", TEXT_FILTER)
        if not path:
            return False
        try:
            write_text_atomically(path, self.decoded_text())
        except OSError as exc:
            self.report_error("Cannot save text", f"Could not save {path}: {exc.strerror or exc}.")
            return False
        self.window.statusBar().showMessage(f"Saved the decoded text to {path}", 6000)
        return True

    # ------------------------------------------------------------------ help
    def about_text(self) -> str:
        """The About box's text (plain)."""
        return (
            "Cipher Lab: watch a character-level LSTM learn to decrypt a cipher, then "
            "inspect its per-letter probabilities.\n\n" + versions_text()
        )

    @Slot()
    def show_about(self) -> None:
        """Help > About Cipher Lab."""
        QMessageBox.about(self.window, "About Cipher Lab", self.about_text())
