"""The autosave: the last trained model, kept in the data folder until the user saves it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model file code imports torch; this module stays cheap
    from .modelfile import ModelBundle


class Autosave:
    """A copy of the last trained model and a marker saying that it was never saved.

    The marker (``autosave.pending``) is what makes the next start offer the model back;
    declining or saving removes it while the copy stays.

    Parameters
    ----------
    folder : path
        Where both files live (the user data folder in the app).
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "autosave.safetensors"
        self._marker = self.folder / "autosave.pending"

    @property
    def pending(self) -> bool:
        """True while the autosave holds a trained model the user has neither saved nor declined."""
        return self._marker.is_file() and self.path.is_file()

    def write(self, bundle: ModelBundle) -> None:
        """Save ``bundle`` atomically and mark it pending.

        Raises
        ------
        ModelFileError
            If the folder cannot be created or written (the previous copy is then intact).
        """
        from .modelfile import ModelFileError, save_model

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelFileError(f"Cannot create {self.folder}: {exc.strerror or exc}.") from exc
        save_model(self.path, bundle)
        try:
            self._marker.touch()
        except OSError as exc:
            raise ModelFileError(f"Cannot write {self._marker}: {exc.strerror or exc}.") from exc

    def clear_pending(self) -> None:
        """Stop offering the copy (it was saved elsewhere, discarded or declined).

        A marker that cannot be removed (its folder is unusable) cannot have been written
        there either, so there is nothing to report.
        """
        try:
            self._marker.unlink(missing_ok=True)
        except OSError:
            pass

    def mark_pending(self) -> None:
        """Offer the copy at the next start (e.g. carried over from an older settings file).

        Raises
        ------
        OSError
            If the marker cannot be written.
        """
        self._marker.touch()

    def load(self) -> ModelBundle:
        """The autosaved model; raises ``ModelFileError`` if it is missing or damaged."""
        from .modelfile import load_model

        return load_model(self.path)
