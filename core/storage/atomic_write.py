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

import csv
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

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


@contextmanager
def open_atomically(
    path: str | os.PathLike[str], binary: bool = False, mode: int = 0o644
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    The one atomic writer: model files, run files, saved text, CSV and picture exports all
    go through it. The data is flushed and fsynced before the replace, so after a crash
    ``path`` holds either its old contents or the new ones, never a mix. The temporary file
    has a unique random name (two processes never collide on it) and is removed on *any*
    exception, ``KeyboardInterrupt`` included. Stale temporary files of earlier, killed
    saves are removed first (:func:`remove_stale_temp_files`).

    Parameters
    ----------
    path : path
        The target file; its folder must exist.
    binary : bool
        True: yield a binary file; False: a UTF-8 text file with no newline translation.
    mode : int
        Permission bits of the new file (e.g. ``0o644``).

    Yields
    ------
    file object
        Write the file's full contents to it.

    Raises
    ------
    OSError
        If the write fails (no folder, no permission, disk full); ``path`` is then as it was.
    """
    path = Path(path)
    folder = path.parent
    remove_stale_temp_files(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if binary:
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
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


def write_csv(
    path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Write ``header`` and ``rows`` to ``path`` as a CSV file, atomically; returns the rows.

    Raises
    ------
    OSError
        If the file cannot be written (``path`` is then as it was).
    """
    count = 0
    with open_atomically(path) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_atomically(path: str | os.PathLike[str], data: bytes | str, mode: int = 0o644) -> None:
    """Write ``data`` (bytes, or text as UTF-8) to ``path`` with :func:`open_atomically`.

    Raises
    ------
    OSError
        If the write fails (disk full, no permission). Whatever the failure, including
        ``KeyboardInterrupt``, the temporary file is gone and ``path`` is as it was.
    """
    with open_atomically(path, binary=isinstance(data, bytes), mode=mode) as fh:
        fh.write(data)
