"""Lesson files: a title, one paragraph of why, and 3-6 steps that tick from the window's facts.

A lesson is a TOML file a teacher can write without Python (the README documents the
format)::

    title = "Train a model and watch it learn"
    why = "One paragraph: why this experiment matters."

    [[steps]]
    text = "Set Cipher to Caesar."
    when = { task = "decrypt", cipher = "caesar" }

Each step's ``when`` names facts of :data:`~cipherlab.core.lessons.facts.FACTS`; all must
hold for the step to tick.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..text import TextFileError, read_text_file
from .facts import Check, LessonFacts, evaluate, parse_check

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same reader, from PyPI
    import tomli as tomllib

MIN_STEPS, MAX_STEPS = 3, 6
"""A lesson has 3 to 6 steps: enough to be an experiment, few enough to follow."""


class LessonFileError(ValueError):
    """A lesson file that cannot be used; the message names the file (and the step)."""


@dataclass(frozen=True)
class Step:
    """One step of a lesson: what to do, and the facts that tick it.

    Attributes
    ----------
    text : str
        The instruction, in the window's own labels.
    checks : tuple of Check
        All must hold for the step to tick.
    """

    text: str
    checks: tuple[Check, ...]

    def holds(self, facts: LessonFacts) -> bool:
        """True if every check of the step holds for ``facts``."""
        return all(evaluate(check, facts) for check in self.checks)


@dataclass(frozen=True)
class Lesson:
    """A lesson read from its file.

    Attributes
    ----------
    name : str
        The file name without ``.toml`` (``01-train``): lessons run in this order.
    title : str
        One line for the lesson chooser.
    why : str
        One paragraph: why the experiment matters.
    steps : tuple of Step
        3 to 6 steps, done in order.
    """

    name: str
    title: str
    why: str
    steps: tuple[Step, ...]


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LessonFileError(f'{where}: {key} is missing (a line `{key} = "…"`).')
    return " ".join(value.split())


def parse_lesson(text: str, name: str) -> Lesson:
    """The lesson in ``text``, the contents of the lesson file ``name`` (``01-train``).

    Raises
    ------
    LessonFileError
        Not TOML; a missing title or why; fewer than 3 or more than 6 steps; a step without
        text or ``when``; an unknown fact or a bad value in a ``when`` table. The message
        names the file and the step.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError(f"{name}: not a TOML file ({exc}).") from None
    title, why = _text(data, "title", name), _text(data, "why", name)
    steps = data.get("steps", [])
    if not isinstance(steps, list) or not MIN_STEPS <= len(steps) <= MAX_STEPS:
        count = len(steps) if isinstance(steps, list) else 0
        raise LessonFileError(
            f"{name}: a lesson has {MIN_STEPS} to {MAX_STEPS} [[steps]], this one has {count}."
        )
    parsed = []
    for number, step in enumerate(steps, start=1):
        where = f"{name}, step {number}"
        text_ = _text(step, "text", where)
        when = step.get("when")
        if not isinstance(when, dict) or not when:
            raise LessonFileError(f"{where}: when is missing (the facts that tick the step).")
        try:
            checks = tuple(parse_check(fact, value) for fact, value in when.items())
        except ValueError as exc:
            raise LessonFileError(f"{where}: {exc}") from None
        parsed.append(Step(text_, checks))
    return Lesson(name, title, why, tuple(parsed))


def read_lesson(path: str | os.PathLike) -> Lesson:
    """The lesson in the TOML file ``path``, read with the app's bounded text reader.

    Raises
    ------
    LessonFileError
        As :func:`parse_lesson`, or the file cannot be read as UTF-8 text.
    """
    path = Path(path)
    try:
        text = read_text_file(path, path.name)
    except TextFileError as exc:
        raise LessonFileError(str(exc)) from None
    return parse_lesson(text, path.stem)


def read_lessons(folder: str | os.PathLike) -> list[Lesson]:
    """Every ``*.toml`` lesson in ``folder``, sorted by file name.

    Raises
    ------
    LessonFileError
        For the first file that is not a usable lesson.
    """
    return [read_lesson(p) for p in sorted(Path(folder).glob("*.toml"))]


def shipped_lessons() -> list[Lesson]:
    """The lessons that ship with Cipher Lab (``cipherlab.resources.lessons``), in order."""
    from cipherlab.resources import lessons_folder

    return read_lessons(lessons_folder())
