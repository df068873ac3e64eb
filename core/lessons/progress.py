"""A learner's progress through one lesson: which steps have ticked.

Signal-free (signals live in :mod:`cipherlab.core.session`): the lessons panel calls
:meth:`LessonProgress.update` whenever the window's facts change and redraws.
"""

from __future__ import annotations

from .facts import LessonFacts
from .lesson_file import Lesson


class LessonProgress:
    """Ticks a lesson's steps in order as the facts come to hold them.

    A step ticks only once every step before it has ticked; a ticked step stays ticked.

    Parameters
    ----------
    lesson : Lesson
        The lesson followed.
    """

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.ticked = 0  # steps[:ticked] are done

    @property
    def current(self) -> int | None:
        """The index of the step to do now (None once the lesson is complete)."""
        return None if self.complete else self.ticked

    @property
    def complete(self) -> bool:
        """True once every step has ticked."""
        return self.ticked == len(self.lesson.steps)

    def update(self, facts: LessonFacts) -> bool:
        """Tick the current step, and the ones after it, while ``facts`` hold them.

        Returns True if any step ticked.
        """
        before = self.ticked
        steps = self.lesson.steps
        while self.ticked < len(steps) and steps[self.ticked].holds(facts):
            self.ticked += 1
        return self.ticked != before
