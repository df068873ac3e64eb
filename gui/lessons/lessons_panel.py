"""The Lessons panel: a lesson's why, its steps ticked from the window's facts, the next lesson.

The panel shows one :class:`~cipherlab.core.lessons.Lesson` at a time and keeps each lesson's
:class:`~cipherlab.core.lessons.LessonProgress`; the main window hands it the window's
:class:`~cipherlab.core.lessons.LessonFacts` whenever something changes (:meth:`set_facts`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cipherlab.core.lessons import Lesson, LessonFacts, LessonProgress

from ..widgets import ScrollColumn

TICK, CURRENT = "✓", "▶"
CURRENT_STYLE = "background: #fff3c4; border-left: 3px solid #c98a00; padding: 4px;"
DONE_STYLE = "color: #2e7d32; padding: 4px;"
TODO_STYLE = "color: #555; padding: 4px;"


def step_text(number: int, text: str, ticked: bool, current: bool) -> str:
    """A step's line in the panel: ``✓ 1. Click Train…``, ``▶ 2. …`` (current) or ``3. …``."""
    mark = TICK if ticked else CURRENT if current else ""
    return f"{mark} {number}. {text}".strip()


class LessonsPanel(QWidget):
    """Walks a learner through the lessons, ticking each step when the window shows it done.

    Parameters
    ----------
    lessons : list of Lesson
        The lessons, in order (:func:`~cipherlab.core.lessons.shipped_lessons`).

    Signals
    -------
    stepTicked(str, int)
        A step of the lesson (its name) ticked; the argument is the number of steps done.
    """

    stepTicked = Signal(str, int)

    def __init__(self, lessons: list[Lesson], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonsPanel")
        self.lessons = lessons
        self.progress = {lesson.name: LessonProgress(lesson) for lesson in lessons}
        self.facts = LessonFacts()
        self.lessonChooser = QComboBox()
        self.lessonChooser.setObjectName("lessonChooser")
        self.lessonChooser.setAccessibleName("Lesson")
        self.lessonChooser.setToolTip("Choose a lesson; each keeps the steps you have done")
        for number, lesson in enumerate(lessons, start=1):
            self.lessonChooser.addItem(f"{number}. {lesson.title}", lesson.name)
        self.whyLabel = self._label("lessonWhy")
        self.stepLabels: list[QLabel] = []
        self.stepsBox = QVBoxLayout()
        self.stepsBox.setSpacing(6)
        self.statusLabel = self._label("lessonStatus")
        self.nextButton = QPushButton("Next lesson")
        self.nextButton.setObjectName("nextLessonButton")
        self.nextButton.setToolTip("Go on to the next lesson")
        self.nextButton.clicked.connect(self.next_lesson)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.whyLabel)
        column.addLayout(self.stepsBox)
        column.addWidget(self.statusLabel)
        column.addWidget(self.nextButton)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.lessonChooser)
        layout.addWidget(ScrollColumn(inner, "lessonColumn"), stretch=1)
        self.lessonChooser.currentIndexChanged.connect(self._show_lesson)
        self._show_lesson()

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    # ---------------------------------------------------------------- public
    @property
    def lesson(self) -> Lesson:
        """The lesson shown."""
        return self.lessons[max(0, self.lessonChooser.currentIndex())]

    @property
    def current_progress(self) -> LessonProgress:
        """The progress of the lesson shown."""
        return self.progress[self.lesson.name]

    def show_lesson(self, index: int) -> None:
        """Show the lesson at ``index`` (0 is the first), as the chooser would."""
        self.lessonChooser.setCurrentIndex(index)

    @Slot()
    def next_lesson(self) -> None:
        """Show the lesson after this one (if there is one)."""
        index = self.lessonChooser.currentIndex()
        if index + 1 < len(self.lessons):
            self.show_lesson(index + 1)

    def set_facts(self, facts: LessonFacts) -> None:
        """What the window shows now: tick the steps they complete and redraw."""
        self.facts = facts
        progress = self.current_progress
        if progress.update(facts):
            self.stepTicked.emit(progress.lesson.name, progress.ticked)
            self._show_steps()

    # ---------------------------------------------------------------- drawing
    @Slot()
    def _show_lesson(self) -> None:
        lesson = self.lesson
        self.whyLabel.setText(lesson.why)
        for label in self.stepLabels:
            self.stepsBox.removeWidget(label)
            label.deleteLater()
        self.stepLabels = []
        for number in range(1, len(lesson.steps) + 1):
            label = self._label(f"lessonStep{number}")
            self.stepsBox.addWidget(label)
            self.stepLabels.append(label)
        self.current_progress.update(self.facts)  # what is already done ticks at once
        self._show_steps()

    def _show_steps(self) -> None:
        progress = self.current_progress
        for index, (label, step) in enumerate(zip(self.stepLabels, self.lesson.steps, strict=True)):
            ticked, current = index < progress.ticked, index == progress.current
            label.setText(step_text(index + 1, step.text, ticked, current))
            label.setStyleSheet(CURRENT_STYLE if current else DONE_STYLE if ticked else TODO_STYLE)
            label.setAccessibleDescription(
                "done" if ticked else "the step to do now" if current else "to do later"
            )
        index = self.lessonChooser.currentIndex()
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        if not progress.complete:
            steps = len(self.lesson.steps)
            self.statusLabel.setText(f"Step {progress.ticked + 1} of {steps}: it ticks itself.")
        elif following is None:
            self.statusLabel.setText("Lesson complete — that was the last lesson.")
        else:
            self.statusLabel.setText(f"Lesson complete — next: {following.title}")
        self.nextButton.setVisible(progress.complete and following is not None)
