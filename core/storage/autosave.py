"""The autosave: the last few trained models, kept in the data folder until the user saves them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from ..settings import task_named  # a cheap face: no torch

if TYPE_CHECKING:  # the model file code imports torch; this module stays cheap
    from .model_file import ModelBundle

LOCK_TIMEOUT_S = 30.0
"""Longest wait for another process's autosave to finish, in seconds."""
KEEP = 5  # trained models kept: a wrong click (Train, Discard) is recoverable this many times


@dataclass(frozen=True)
class AutosaveEntry:
    """One kept trained model.

    Attributes
    ----------
    path : pathlib.Path
        The model file.
    saved : datetime.datetime
        When it was written (local time, from the file's modification time).
    summary : str
        What it is, from its metadata, e.g. ``"caesar shift 13, 400 steps, accuracy 100.0 %"``;
        ``"unreadable"`` for a damaged file.
    """

    path: Path
    saved: datetime
    summary: str

    @property
    def label(self) -> str:
        """Menu text: the time it was saved and the summary."""
        return f"{self.saved:%Y-%m-%d %H:%M:%S} \N{EN DASH} {self.summary}"


def _summary(path: Path) -> str:
    """Cipher, steps and accuracy from the file's header, without loading any weights.

    The header is read with the model file's limits (:func:`.model_header.read_header`).
    """
    from .model_header import read_header

    try:
        meta = read_header(str(path), path.stat().st_size, path.name).metadata
        cipher = meta.get("cipher") or {}
        metrics = meta.get("metrics") or {}
        training = meta.get("training") or {}
        task = task_named(training.get("task"))  # a language model has no cipher
        parts = [str(cipher.get("name") or "cipher")[:40] if task.has_cipher else task.label]
        steps = metrics.get("steps")
        if isinstance(steps, int) and not isinstance(steps, bool):
            parts.append(f"{steps:,} steps")
        accuracy = metrics.get("val_accuracy")
        if isinstance(accuracy, (int, float)) and 0 <= accuracy <= 1:
            parts.append(f"accuracy {100 * accuracy:.1f} %")
        return ", ".join(parts)
    except Exception:  # a damaged copy is listed, and explained when chosen
        return "unreadable"


class Autosave:
    """Copies of the last :data:`KEEP` trained models, and a marker for the newest.

    The newest copy is ``autosave.safetensors``; writing a new one moves the older ones down
    to ``autosave-1.safetensors`` … ``autosave-{keep-1}.safetensors`` and drops the oldest.
    The marker (``autosave.pending``) is what makes the next start offer the newest back;
    declining or saving removes it while the copies stay, listed by :meth:`entries`.

    Nothing is lost on the way: the new copy is written in full first (to
    ``autosave-incoming.safetensors``), and only then are the old ones moved down, so a
    full disk keeps every earlier copy. Writes are serialised by an inter-process lock
    (:mod:`filelock`), so two windows autosaving at once each keep their copy. A write
    killed after its copy was complete is finished at the next start (the copy is moved
    into place and offered back).

    Parameters
    ----------
    folder : path
        Where the files live (the user data folder in the app).
    keep : int, optional
        How many trained models to keep (at least 1).
    """

    def __init__(self, folder: str | Path, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = max(1, keep)
        self.path = self.folder / "autosave.safetensors"
        self._marker = self.folder / "autosave.pending"
        self._incoming = self.folder / "autosave-incoming.safetensors"
        self._lock = FileLock(self.folder / ".autosave.lock", timeout=LOCK_TIMEOUT_S)
        self._finish_interrupted_write()

    def _slot(self, index: int) -> Path:
        return self.path if index == 0 else self.folder / f"autosave-{index}.safetensors"

    @property
    def pending(self) -> bool:
        """True while the newest copy holds a model the user has neither saved nor declined."""
        return self._marker.is_file() and self.path.is_file()

    def paths(self) -> list[Path]:
        """The kept model files, newest first."""
        return [p for p in map(self._slot, range(self.keep)) if p.is_file()]

    def entries(self) -> list[AutosaveEntry]:
        """The kept models, newest first, with when they were saved and what they are."""
        found = []
        for path in self.paths():
            try:
                saved = datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue
            found.append(AutosaveEntry(path, saved, _summary(path)))
        return found

    def write(self, bundle: ModelBundle) -> None:
        """Keep ``bundle`` as the newest copy and mark it pending.

        The copy is written in full first; only then do the previous copies move down one
        place (the oldest beyond ``keep`` is dropped) and the new one take the first.

        Raises
        ------
        ModelFileError
            If the folder cannot be created or written, or another process holds the lock
            for over :data:`LOCK_TIMEOUT_S` seconds; every earlier copy is then kept.
        """
        from .model_file import ModelFileError, save_model

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock:
                save_model(self._incoming, bundle)  # a failure here changes nothing
                self._move_in()
        except Timeout as exc:
            raise ModelFileError(
                f"Cannot autosave: another Cipher Lab is writing to {self.folder}."
            ) from exc
        except OSError as exc:
            raise ModelFileError(f"Cannot write to {self.folder}: {exc.strerror or exc}.") from exc

    def _move_in(self) -> None:
        """Move the copies down one place, the complete incoming copy first; mark it pending.

        Raises
        ------
        OSError
            If a move or the marker fails.
        """
        for index in range(self.keep - 1, 0, -1):
            older = self._slot(index - 1)
            if older.is_file():
                os.replace(older, self._slot(index))
        os.replace(self._incoming, self.path)
        self._marker.touch()

    def _finish_interrupted_write(self) -> None:
        """Move in a complete copy that a killed write left behind (best effort, no wait)."""
        if not self._incoming.is_file():
            return
        try:
            with self._lock.acquire(timeout=0):
                if self._incoming.is_file():  # not finished by another process meanwhile
                    self._move_in()
        except (Timeout, OSError):
            pass  # another process is writing (it moves it in), or the folder is unusable

    def clear_pending(self) -> None:
        """Stop offering the newest copy at start-up (saved elsewhere, discarded or declined).

        A marker that cannot be removed (its folder is unusable) cannot have been written
        there either, so there is nothing to report.
        """
        try:
            self._marker.unlink(missing_ok=True)
        except OSError:
            pass

    def mark_pending(self) -> None:
        """Offer the newest copy at the next start (e.g. carried over from an older settings file).

        Raises
        ------
        OSError
            If the marker cannot be written.
        """
        self._marker.touch()

    def load(self, path: str | Path | None = None) -> ModelBundle:
        """A kept model (the newest by default).

        Raises
        ------
        ModelFileError
            If it is missing or damaged, or ``path`` is not one of the kept copies.
        """
        from .model_file import ModelFileError, load_model

        if path is None:
            path = self.path
        elif Path(path) not in map(self._slot, range(self.keep)):
            raise ModelFileError(f"{path} is not one of Cipher Lab's autosaved models.")
        return load_model(path)
