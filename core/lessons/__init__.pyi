# The public face of cipherlab.core.lessons (loaded lazily by __init__.py).

from .facts import FACTS, Check, Fact, LessonFacts, evaluate, facts_table, parse_check
from .lesson_file import (
    MAX_STEPS,
    MIN_STEPS,
    Lesson,
    LessonFileError,
    Step,
    parse_lesson,
    read_lesson,
    read_lessons,
    shipped_lessons,
)
from .mistake_report import best_accuracy, mistake_report, normal_run_like
from .progress import LessonProgress

__all__ = [
    "Check",
    "FACTS",
    "Fact",
    "Lesson",
    "LessonFacts",
    "LessonFileError",
    "LessonProgress",
    "MAX_STEPS",
    "MIN_STEPS",
    "Step",
    "best_accuracy",
    "evaluate",
    "facts_table",
    "mistake_report",
    "normal_run_like",
    "parse_check",
    "parse_lesson",
    "read_lesson",
    "read_lessons",
    "shipped_lessons",
]
