"""Atomic file writes that leave no litter: a temporary file in the same folder, then replace.

The temporary file is named ``.<target>.<8 random characters>.cipherlab.tmp`` (Python's
``tempfile`` with our prefix and suffix), so the target's folder shows what it belongs to and
who wrote it. It is removed on *any* exception, Ctrl+C (``KeyboardInterrupt``) included. What
no exception handler sees — a ``SIGTERM`` or ``kill -9`` mid-write, a power cut — still
leaves one behind, so every write first removes the *stale* temporary files in its folder,
and the app tidies its data folder at start-up (:func:`remove_stale_temp_files`): files of
our naming pattern whose last change is older than :data:`STALE_TEMP_SECONDS`, whatever
their target (a model, a run, the run counter, a CSV, a picture, saved text). Earlier
versions named them ``.<target>.<8 characters>.tmp`` without the ``cipherlab`` marker;
those are recognised for ``.safetensors`` targets only. A write in progress changes its file
continuously (a 200 MB model takes seconds), so another process's live save is never taken
for litter; a foreign file that merely looks similar is never touched.
"""

from __future__ import annotations

import csv
import errno
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

TEMP_SUFFIX = ".cipherlab.tmp"
"""How our temporary files end: ``.<target>.<tempfile's 8 characters>.cipherlab.tmp``."""

_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.cipherlab\.tmp", re.DOTALL)
_OLD_TEMP_NAME = re.compile(r"\..+\.safetensors\.[a-z0-9_]{8}\.tmp", re.DOTALL)
"""Before the ``cipherlab`` marker: ``.<name>.safetensors.<8 characters>.tmp`` (model files)."""


def is_our_temp_file(name: str) -> bool:
    """True if ``name`` is one of our temporary files (any target; older model-file names too)."""
    return (_TEMP_NAME.fullmatch(name) or _OLD_TEMP_NAME.fullmatch(name)) is not None


def remove_stale_temp_files(folder: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Delete our temporary files in ``folder`` unchanged for :data:`STALE_TEMP_SECONDS`.

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
    path: str | os.PathLike[str], binary: bool = False, mode: int = 0o644, exclusive: bool = False
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
    exclusive : bool
        True: never replace an existing ``path``; the finished file is hard-linked into
        place, which fails if the name is taken, even by another process a moment earlier
        (file systems without hard links: the name is first claimed by creating it
        exclusively, then replaced).

    Yields
    ------
    file object
        Write the file's full contents to it.

    Raises
    ------
    FileExistsError
        If ``exclusive`` and ``path`` exists (it is left as it was).
    OSError
        If the write fails (no folder, no permission, disk full); ``path`` is then as it was.
    """
    path = Path(path)
    folder = path.parent
    remove_stale_temp_files(folder)
    if exclusive and path.exists():  # fail before writing megabytes for nothing
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
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
        if exclusive:
            _link_exclusively(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:  # Ctrl+C mid-write too: leave no litter
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _link_exclusively(tmp: str, path: Path) -> None:
    """Give the finished ``tmp`` the name ``path`` unless it is taken (``FileExistsError``)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares): claim, then replace
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, path)


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


def write_atomically(
    path: str | os.PathLike[str], data: bytes | str, mode: int = 0o644, exclusive: bool = False
) -> None:
    """Write ``data`` (bytes, or text as UTF-8) to ``path`` with :func:`open_atomically`.

    ``exclusive``: never replace an existing ``path`` (see :func:`open_atomically`).

    Raises
    ------
    FileExistsError
        If ``exclusive`` and ``path`` exists.
    OSError
        If the write fails (disk full, no permission). Whatever the failure, including
        ``KeyboardInterrupt``, the temporary file is gone and ``path`` is as it was.
    """
    with open_atomically(
        path, binary=isinstance(data, bytes), mode=mode, exclusive=exclusive
    ) as fh:
        fh.write(data)
