"""The current model: the one model the window shows, decodes with, saves and may lose.

:class:`CurrentModel` is the single owner of that state (the bundle, its file, its display
name, whether it is unsaved, the run it follows while training) and of the rules for
replacing it. It knows nothing about Qt: views subscribe to :attr:`CurrentModel.changed`
(a psygnal signal, napari's way) and redraw from its attributes. Asking the user before
unsaved work is lost is the caller's job; :attr:`CurrentModel.needs_confirmation` says when.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from psygnal import Signal

from ..storage import Autosave

if TYPE_CHECKING:  # the model file code imports torch: a window frame needs none of it
    from ..storage import ModelBundle

UNTITLED = "untitled"


class CurrentModel:
    """The model in use, where it lives, and whether replacing it would lose work.

    Parameters
    ----------
    shipped : path, optional
        The default model that ships with Cipher Lab. No model in its folder (the default
        and the examples) is ever overwritten by Save or listed among recent files.
    autosave : Autosave, optional
        Where a finished run's model is kept until it is saved (None: not kept).

    Attributes
    ----------
    bundle : ModelBundle or None
        The model, its cipher and metadata (None until one is opened).
    path : pathlib.Path or None
        The file the model was opened from or saved to; None for a new, live or trained one.
    name : str
        Display name (the file's stem, or what the model is, e.g. ``trained (unsaved)``).
    unsaved : bool
        A trained model that exists only in memory (and the autosave).
    live : bool
        The weights are a copy from a run still training.
    problem : str or None
        Why there is no model, while :attr:`bundle` is None and opening one failed.

    Signals
    -------
    changed()
        After any attribute above changed.
    """

    changed = Signal()

    def __init__(self, shipped: str | Path | None = None, autosave: Autosave | None = None):
        self.shipped = Path(shipped).resolve() if shipped is not None else None
        self.autosave = autosave
        self.bundle: ModelBundle | None = None
        self.path: Path | None = None
        self.name = ""
        self.unsaved = False
        self.live = False
        self.problem: str | None = None
        self._followed: Any = None  # the run whose weights this model shows

    # ------------------------------------------------------------------ state
    @property
    def is_shipped(self) -> bool:
        """True for a model that ships with Cipher Lab (the default or an example)."""
        return (
            self.path is not None
            and self.shipped is not None
            and self.path.resolve().parent == self.shipped.parent
        )

    @property
    def is_default(self) -> bool:
        """True for the shipped default model (the one start-up opens)."""
        return self.path is not None and self.path.resolve() == self.shipped

    @property
    def following(self) -> bool:
        """True while a training run feeds this model its weights."""
        return self._followed is not None

    @property
    def needs_confirmation(self) -> bool:
        """True when replacing the model would lose work: trained and unsaved, or training.

        A run that has not sent its first weights yet has taught nothing worth keeping.
        """
        return self.unsaved or (self.following and self.live)

    def follows(self, run: object) -> bool:
        """True if ``run`` is the run this model follows."""
        return run is not None and run is self._followed

    @property
    def save_target(self) -> Path | None:
        """Where Save writes: the model's file, or None (ask) for new, trained or shipped ones."""
        return None if self.path is None or self.is_shipped else self.path

    def _set(
        self, bundle: ModelBundle, name: str, path: Path | None, unsaved: bool, live: bool = False
    ) -> None:
        self.bundle, self.name, self.path = bundle, name, path
        self.unsaved, self.live = unsaved, live
        self.problem = None
        self.changed.emit()

    # ---------------------------------------------------------------- replace
    def use_file(self, path: str | Path, bundle: ModelBundle) -> None:
        """Make ``bundle``, just loaded from ``path``, current (stops following any run)."""
        path = Path(path)
        self._followed = None
        self._set(bundle, path.stem, path, unsaved=False)

    def no_model(self, reason: str) -> None:
        """Opening a first model failed: there is none, and ``reason`` says why.

        Ignored once a model is in use (a failed open then leaves that model as it was).
        """
        if self.bundle is None:
            self.problem = reason
            self.changed.emit()

    def use_new(self, bundle: ModelBundle) -> None:
        """Make an untrained model current (stops following any run)."""
        self._followed = None
        self._set(bundle, f"{UNTITLED} (untrained)", None, unsaved=False)

    def restore_autosave(self, path: str | Path | None = None) -> ModelBundle:
        """Make an autosaved model current, still unsaved.

        Parameters
        ----------
        path : path, optional
            One of :meth:`Autosave.paths` (default: the newest, offered at start-up).

        Raises
        ------
        ModelFileError
            If there is no such autosave or it is damaged (a damaged newest copy is then
            no longer offered at start-up). The current model is kept.
        """
        if self.autosave is None:
            from ..storage import ModelFileError

            raise ModelFileError("Cipher Lab keeps no autosave here.")
        try:
            bundle = self.autosave.load(path)
        except Exception:
            if path is None or Path(path) == self.autosave.path:
                self.autosave.clear_pending()
            raise
        self._followed = None
        self._set(bundle, "restored (unsaved)", None, unsaved=True)
        return bundle

    # --------------------------------------------------------------- training
    def follow(self, run: object) -> None:
        """From now on show the weights that ``run`` sends (a new run started)."""
        self._followed = run
        self.changed.emit()

    def stop_following(self) -> None:
        """Ignore whatever the followed run still sends (the user replaces its model)."""
        if self._followed is not None:
            self._followed = None
            self.changed.emit()

    def show_live(self, run: object, bundle: ModelBundle, step: int) -> bool:
        """Show ``run``'s weights at ``step``; False (and nothing changes) for another run."""
        if not self.follows(run):
            return False
        self._set(bundle, f"training, step {step:,} (unsaved)", None, self.unsaved, live=True)
        return True

    def finish_run(self, run: object, bundle: ModelBundle) -> bool:
        """``run`` ended with ``bundle``: it becomes the current, unsaved model and is autosaved.

        Returns False (and nothing changes) if ``run`` is not the followed run.

        Raises
        ------
        ModelFileError
            If the autosave could not be written (the model is current all the same).
        """
        if not self.follows(run):
            return False
        self._followed = None
        self._set(bundle, "trained (unsaved)", None, unsaved=True)
        if self.autosave is not None:
            self.autosave.write(bundle)
        return True

    def end_run(self, run: object) -> bool:
        """``run`` ended without final weights (it failed, or its last update was dropped).

        The last live copy it sent, if any, becomes the trained, unsaved model (and is
        autosaved); otherwise the model stays as it was. Returns False for another run.

        Raises
        ------
        ModelFileError
            If the autosave could not be written.
        """
        if not self.follows(run):
            return False
        if self.live and self.bundle is not None:
            return self.finish_run(run, self.bundle)
        self._followed = None
        self.changed.emit()
        return True

    # ------------------------------------------------------------ save, discard
    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` atomically; it then lives there.

        Raises
        ------
        ModelFileError
            If there is no model or the file cannot be written (nothing changes then).
        """
        from ..storage import ModelFileError, save_model

        if self.bundle is None:
            raise ModelFileError("There is no model to save.")
        path = Path(path)
        save_model(path, self.bundle)
        if self.autosave is not None and (self.unsaved or self.following):
            self.autosave.clear_pending()
        self._set(self.bundle, path.stem, path, unsaved=False)

    def discard(self) -> None:
        """The user chose to lose the unsaved model: stop offering it (and following its run)."""
        self._followed = None
        if self.unsaved and self.autosave is not None:
            self.autosave.clear_pending()
        self.unsaved = False
        self.changed.emit()
