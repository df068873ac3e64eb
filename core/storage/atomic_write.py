"""Atomic file writes that leave no litter: a temporary file in the same folder, then replace.

The temporary file is named ``.<target>.<8 random characters>.tmp`` (Python's ``tempfile``
with our prefix and suffix), so the target's folder shows what it belongs to. It is removed on
*any* exception, Ctrl+C (``KeyboardInterrupt``) included. What no exception handler sees — a
``SIGTERM`` or ``kill -9`` mid-write, a power cut — still leaves one behind, so every write
first removes the *stale* temporary files of model files in its folder: those of our naming
pattern for a ``.safetensors`` target whose last change is older than
:data:`STALE_TEMP_SECONDS`. A write in progress changes its file continuously (a 200 MB model
takes seconds), so another process's live save is never taken for litter; a foreign file
that merely looks similar but belongs to no ``.safetensors`` target is never touched.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

STALE_TEMP_SECONDS = 5 * 60
"""Age (since its last change) after which our temporary file is litter, in seconds."""

_TEMP_NAME = re.compile(r"\..+\.safetensors\.[a-z0-9_]{8}\.tmp", re.DOTALL)
"""Our temporary files for model files: ``.<name>.safetensors.<tempfile's 8 characters>.tmp``."""


def is_our_temp_file(name: str) -> bool:
    """True if ``name`` is one of our temporary files for a ``.safetensors`` target."""
    return _TEMP_NAME.fullmatch(name) is not None


def remove_stale_temp_files(folder: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Delete our temporary model files in ``folder`` unchanged for :data:`STALE_TEMP_SECONDS`.

    Parameters
    ----------
    folder : path
        The folder to tidy (not its subfolders).
    now : float, optional
        The current time, in seconds since the epoch (default: ``time.time()``).

    Returns
    -------
    list of pathlib.Path
        The files removed. Files that vanish meanwhile or cannot be removed are skipped:
        tidying never makes a save fail.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(os.fspath(folder)))
    except OSError:
        return removed
    for entry in entries:
        if not is_our_temp_file(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue  # maybe another save, still being written
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def write_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` through a temporary file in its folder, then replace.

    Stale temporary files of earlier, killed saves in the folder are removed first
    (:func:`remove_stale_temp_files`).

    Parameters
    ----------
    path : pathlib.Path
        The target file; its folder must exist.
    data : bytes
        The file's full contents.
    mode : int
        Permission bits of the new file (e.g. ``0o644``).

    Raises
    ------
    OSError
        If the write fails (disk full, no permission). Whatever the failure, including
        ``KeyboardInterrupt``, the temporary file is gone and ``path`` is as it was.
    """
    folder = path.parent
    remove_stale_temp_files(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:  # Ctrl+C mid-write too: leave no litter
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
