"""File > New, Open, Open recent, Save, Save as, Reset settings; Edit > Save decoded text.

:class:`FileActions` carries out the menu's file actions on the
:class:`~cipherlab.core.session.CurrentModel`. It holds the one path that replaces the
current model from a file (:meth:`FileActions.open_model`, used by the menu, recent files,
drops and start-up) and the one question before unsaved work is lost
(:meth:`FileActions.confirm_discard`). Dialogs go through four methods
(:meth:`~FileActions.ask_open_path`, :meth:`~FileActions.ask_save_path`,
:meth:`~FileActions.ask_save_changes`, :meth:`~FileActions.ask_restore_autosave`) and one
report (:meth:`~FileActions.report_error`) that tests replace.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cipherlab.core.session import CurrentModel
from cipherlab.core.storage import ModelFileError, make_bundle, write_atomically

from .menu_bar import MenuBar
from .settings import Settings
from .training import TrainingPanel
from .widgets import MODEL_FILTER, TEXT_FILTER, question_box

Button = QMessageBox.StandardButton


def save_changes_box(parent: QWidget | None, text: str) -> QMessageBox:
    """The Save / Discard / Cancel question about an unsaved model, not yet shown.

    Parameters
    ----------
    parent : QWidget or None
        The window the question belongs to.
    text : str
        The question.

    Returns
    -------
    QMessageBox
        **&Save** (the default), **&Discard** and **&Cancel**: Alt and a letter answer it.
    """
    return question_box(
        parent, "Unsaved model", text, Button.Save | Button.Discard | Button.Cancel, Button.Save
    )


class FileActions(QObject):
    """Opens, creates and saves the current model, and keeps the recent-files menu.

    Parameters
    ----------
    menus : MenuBar
        The actions to carry out (connected here).
    current : CurrentModel
        The model the actions replace and save.
    settings : Settings
        Recent files and the last folder.
    training : TrainingPanel
        Source of the settings for New model; its run is stopped when its model is replaced.
    parent : QWidget
        Parent of the dialogs.

    Signals
    -------
    message(str)
        A short status-bar message.
    settingsReset()
        The user reset the settings: the window should show its defaults.
    """

    message = Signal(str)
    settingsReset = Signal()

    def __init__(
        self,
        menus: MenuBar,
        current: CurrentModel,
        settings: Settings,
        training: TrainingPanel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.menus = menus
        self.current = current
        self.settings = settings
        self.training = training
        self._parent = parent
        menus.newAction.triggered.connect(self.new_model)
        menus.openAction.triggered.connect(self.open_dialog)
        menus.saveAction.triggered.connect(self.save)
        menus.saveAsAction.triggered.connect(self.save_as)
        menus.resetSettingsAction.triggered.connect(self.reset_settings)
        menus.autosaveMenu.aboutToShow.connect(self.rebuild_autosaves)
        self.rebuild_recent()
        self.build_examples()

    # ------------------------------------------------- dialogs (replaced in tests)
    def ask_open_path(self) -> str:
        """Ask for a model file to open; "" if cancelled."""
        last = self.settings.get("files/last_model")
        start = str(Path(last).parent if last else Path.home())
        return QFileDialog.getOpenFileName(self._parent, "Open model", start, MODEL_FILTER)[0]

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """Ask where to save; "" if cancelled."""
        return QFileDialog.getSaveFileName(self._parent, title, suggested, file_filter)[0]

    def ask_save_changes(self, text: str) -> QMessageBox.StandardButton:
        """Ask Save / Discard / Cancel about an unsaved model; the answer's button."""
        box = save_changes_box(self._parent, text)
        return Button(box.exec())

    def ask_restore_autosave(self) -> bool:
        """Ask whether to restore the autosaved model; True for yes."""
        where = self.current.autosave.path if self.current.autosave else "the data folder"
        box = question_box(
            self._parent,
            "Restore trained model?",
            f"Last time a trained model was not saved. Cipher Lab kept a copy in {where}.\n\n"
            "Restore it?",
            Button.Yes | Button.No,
            Button.Yes,
        )
        return Button(box.exec()) == Button.Yes

    def report_error(self, title: str, message: str) -> None:
        """Tell the user why something failed (a modal warning)."""
        QMessageBox.warning(self._parent, title, message)

    # -------------------------------------------------------------- questions
    def confirm_discard(self) -> bool:
        """True when the current model may be replaced (or the window closed).

        After an unsaved training run, or during one, this asks Save / Discard / Cancel;
        Save saves (asking for a file name if needed) and fails if that is cancelled.
        """
        current = self.current
        if not current.needs_confirmation:
            return True
        text = (
            "Training is still running. Save the model as it is now before stopping?"
            if current.following
            else "The trained model has not been saved. Save it? (Discard is safe: File → "
            "Recover trained model keeps the last few.)"
        )
        answer = self.ask_save_changes(text)
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            current.discard()
            return True
        return False

    def _replace_current(self) -> bool:
        """Ask about unsaved work; if the answer allows it, stop following the run."""
        if not self.confirm_discard():
            return False
        self.current.stop_following()
        self.training.stop()
        return True

    # ----------------------------------------------------------------- models
    @Slot()
    def new_model(self) -> bool:
        """File > New model: an untrained model built from the training settings."""
        config = self.training.config()
        if config is None:
            self.message.emit("Fix the training settings first.")
            return False
        if not self._replace_current():
            return False
        self.current.use_new(make_bundle(config, command="Cipher Lab window (New model)"))
        self.message.emit("New untrained model: click Train to teach it.")
        return True

    @Slot()
    def open_dialog(self) -> bool:
        """File > Open model…: choose a file and open it."""
        path = self.ask_open_path()
        return bool(path) and self.open_model(path)

    def open_model(self, path: str | Path) -> bool:
        """Open ``path`` as the current model: the one way a file replaces the model.

        Validates the file first (a bad one is explained and the current model kept), then
        asks before unsaved work is lost, then switches and remembers the file.
        """
        from cipherlab.core.storage import load_model

        try:
            bundle = load_model(path)  # validated before asking anything
        except ModelFileError as exc:
            self.message.emit(str(exc))
            # missing or unusable: not offered again (recent files, the next start)
            self.settings.remove_recent(path)
            self.rebuild_recent()
            self.current.no_model(str(exc))
            self.report_error("Cannot open model", str(exc))
            return False
        # a language model opens too: the decode panel then shows the text it writes
        if not self._replace_current():
            return False
        self.current.use_file(path, bundle)
        self._remember(Path(path))
        self.message.emit(f"Opened {path}")
        return True

    def offer_restore(self) -> bool:
        """At start-up: offer the autosaved model if the user never saved it; True if restored."""
        autosave = self.current.autosave
        if autosave is None or not autosave.pending:
            return False
        if not self.ask_restore_autosave():
            autosave.clear_pending()  # asked once; the file stays
            return False
        try:
            self.current.restore_autosave()
        except ModelFileError as exc:
            self.message.emit(f"Could not restore the autosaved model: {exc}")
            return False
        return True

    def recover(self, path: str | Path) -> bool:
        """File > Recover trained model: make a kept trained model current, still unsaved.

        Asks first if the current model would be lost; a damaged copy is reported and the
        current model kept. True if the model was recovered.
        """
        if not self._replace_current():
            return False
        try:
            self.current.restore_autosave(path)
        except ModelFileError as exc:
            self.report_error("Cannot recover model", str(exc))
            return False
        self.message.emit("Recovered a trained model: save it to keep it.")
        return True

    @Slot()
    def rebuild_autosaves(self) -> None:
        """Refill File > Recover trained model from the autosave folder (newest first)."""
        menu = self.menus.autosaveMenu
        menu.clear()
        autosave = self.current.autosave
        entries = autosave.entries() if autosave is not None else []
        for entry in entries:
            action = menu.addAction(entry.label, partial(self.recover, entry.path))
            action.setToolTip(f"Make this trained model current again (kept in {entry.path})")
        if not entries:
            menu.addAction("No trained models kept yet").setEnabled(False)

    # ------------------------------------------------------------------- save
    @Slot()
    def save(self) -> bool:
        """File > Save: to the model's file, or Save As for a new, trained or shipped model."""
        target = self.current.save_target
        return self.save_as() if target is None else self.save_to(target)

    @Slot()
    def save_as(self) -> bool:
        """File > Save as…: ask for a name (``.safetensors`` added if it has no suffix).

        The name proposed is the model's own file, or one made from what the model does
        (``vigenere-LEMON.safetensors``, see
        :attr:`~cipherlab.core.storage.ModelBundle.file_stem`) in the folder of the model
        opened or saved last (the home folder before any).
        """
        bundle = self.current.bundle
        if bundle is None:
            return False
        last = self.settings.get("files/last_model")
        folder = Path(last).parent if last else Path.home()
        suggested = self.current.save_target or folder / f"{bundle.file_stem}.safetensors"
        path = self.ask_save_path("Save model as", str(suggested), MODEL_FILTER)
        if not path:
            return False
        target = Path(path)
        return self.save_to(target if target.suffix else target.with_suffix(".safetensors"))

    def save_to(self, path: Path) -> bool:
        """Write the current model to ``path`` atomically; a failure is reported, not raised."""
        try:
            self.current.save(path)
        except ModelFileError as exc:
            self.report_error("Cannot save model", str(exc))
            return False
        self._remember(path)
        self.message.emit(f"Saved {path}")
        return True

    def save_text(self, text: str) -> bool:
        """Edit > Save decoded text…: write ``text`` to a UTF-8 file the user picks."""
        path = self.ask_save_path("Save decoded text", "decoded.txt", TEXT_FILTER)
        if not path:
            return False
        try:
            write_atomically(path, text)
        except OSError as exc:
            self.report_error("Cannot save text", f"Could not save {path}: {exc.strerror or exc}.")
            return False
        self.message.emit(f"Saved the decoded text to {path}")
        return True

    # ----------------------------------------------------------- recent files
    def _remember(self, path: Path) -> None:
        if not self.current.is_shipped:
            self.settings.add_recent(path)
            self.rebuild_recent()

    def rebuild_recent(self) -> None:
        """Refill File > Open recent from the settings."""
        menu = self.menus.recentMenu
        menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = menu.addAction(Path(path).name, partial(self.open_model, path))
            action.setToolTip(path)
        if not recent:
            menu.addAction("No recent models").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear recent models", self._clear_recent)
        clear.setEnabled(bool(recent))

    def build_examples(self) -> None:
        """Fill File > Open example: a shipped model per cipher family, and the language models."""
        from cipherlab.core.ciphers import make_cipher
        from cipherlab.resources import example_models, language_model_path

        menu = self.menus.examplesMenu
        menu.clear()
        for family, path in example_models().items():
            cipher = make_cipher(family)  # the examples learn their family's default key
            action = menu.addAction(cipher.describe(), partial(self.open_model, path))
            action.setObjectName(f"example_{family}")
            action.setToolTip(f"A model that learned {cipher.describe()} ({path.name})")
        menu.addSeparator()
        for alphabet, title in (("seed", "A–Z and -"), ("letters", "A–Z")):
            path = language_model_path(alphabet)
            action = menu.addAction(f"Language model ({title})", partial(self.open_model, path))
            action.setObjectName(f"example_lm_{alphabet}")
            action.setToolTip(
                "The shipped language model that ranks keys when the key is unknown; open it "
                f"to read the text it writes ({path.name})"
            )

    @Slot()
    def _clear_recent(self) -> None:
        self.settings.set("files/recent", [])
        self.rebuild_recent()

    @Slot()
    def reset_settings(self) -> None:
        """File > Reset settings: forget everything remembered and show the defaults."""
        self.settings.reset()
        self.rebuild_recent()
        self.settingsReset.emit()
        self.message.emit("Settings reset to their defaults.")
