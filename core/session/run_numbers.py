"""Run numbers for a run folder: claimed under a lock, never given twice, repaired if damaged.

Several windows (or a window and the CLI) may share one data folder. Each run's number is
claimed at the moment it is needed, under an inter-process lock (:mod:`filelock`), from
the highest of: the counter file, the numbers in the folder's run file names, and this
process's own last number. A counter that holds anything but a run number (``-5``, 252
digits, text) is repaired from the files present, and the repair is reported once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from filelock import FileLock, Timeout

from ..storage import write_atomically

COUNTER_FILE = "last-run-number"
"""The highest run number ever given in a run folder, so numbers are never reused."""
LOCK_FILE = ".run-number.lock"
"""The lock file that makes claiming a number atomic across processes."""
MAX_RUN_NUMBER = 99_999_999
"""Largest run number (eight digits): file names stay short and sortable."""
LOCK_TIMEOUT_S = 10.0
"""Longest wait for another process's claim, in seconds (a claim takes milliseconds)."""

_NUMBERED = re.compile(r"run-(\d{1,8})(?!\d)")
_COUNTER_BYTES = 64  # a counter is at most 8 digits and a newline; more is damage


def number_in_name(name: str) -> int | None:
    """The run number a file name starts with (``run-0007 (copy).safetensors`` → 7), or None.

    Names with more digits than :data:`MAX_RUN_NUMBER` has hold no number.
    """
    found = _NUMBERED.match(name)
    return int(found.group(1)) if found else None


class RunCounter:
    """Hands out run numbers for one folder (or, without a folder, for this process only).

    Parameters
    ----------
    folder : path or None
        The run folder; None: numbers live in memory only.

    Attributes
    ----------
    notices : list of str
        Repairs made (a damaged counter), each one line for the user.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self._last = 0
        self._repaired = False

    @property
    def next_number(self) -> int:
        """The number the next claim would give, as far as this process knows."""
        return self._last + 1

    def seen(self, number: int) -> None:
        """Note a number in use (a run read from the folder)."""
        self._last = max(self._last, number)

    def read(self) -> None:
        """Take the folder's counter and file names into account (at start-up)."""
        if self.folder is not None:
            self._last = max(self._last, self._on_disk(self.folder))

    def claim(self) -> int:
        """A number no run in the folder has or had, recorded in the counter before returning.

        If the folder cannot be locked or written (read-only, missing, another process
        holding the lock for over :data:`LOCK_TIMEOUT_S`), the number is this process's next
        one; saving the run then reports the problem, and an exclusive save never replaces
        another run's file.
        """
        folder = self.folder
        if folder is None:
            self._last += 1
            return self._last
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with FileLock(folder / LOCK_FILE, timeout=LOCK_TIMEOUT_S):
                number = max(self._last, self._on_disk(folder)) + 1
                write_atomically(folder / COUNTER_FILE, f"{number}\n")
        except (OSError, Timeout):
            number = self._last + 1
        self._last = number
        return number

    def _on_disk(self, folder: Path) -> int:
        """The highest number in the counter file and the run files' names (0 if none)."""
        highest = 0
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:
            names = []
        for name in names:
            if name.endswith(".safetensors"):
                number = number_in_name(name)
                if number is not None:
                    highest = max(highest, number)
        return max(highest, self._counter(folder, highest))

    def _counter(self, folder: Path, highest: int) -> int:
        """The counter file's number; 0 if absent; a damaged one is reported and ignored."""
        path = folder / COUNTER_FILE
        try:
            with open(path, "rb") as fh:
                raw = fh.read(_COUNTER_BYTES + 1)
        except FileNotFoundError:
            return 0
        except OSError as exc:
            self._report(f"The run counter {path} cannot be read ({exc.strerror or exc})", highest)
            return 0
        text = raw.decode("ascii", "replace").strip()
        if len(raw) <= _COUNTER_BYTES and re.fullmatch(r"\d{1,8}", text):
            return int(text)
        shown = text if len(text) <= 20 else f"{text[:12]}… ({len(text):,} characters)"
        self._report(f"The run counter {path} held {shown!r}, not a run number", highest)
        return 0

    def _report(self, problem: str, highest: int) -> None:
        if not self._repaired:  # once per session, not at every claim
            self._repaired = True
            self.notices.append(
                f"{problem}; runs are numbered on from the highest run file found "
                f"({highest}), and the counter is rewritten at the next run."
            )
