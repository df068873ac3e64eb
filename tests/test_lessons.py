"""Lesson files, the facts their steps check, progress and the mistake report (no Qt)."""

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cipherlab.core.learning import LiveUpdate
from cipherlab.core.lessons import (
    FACTS,
    Check,
    LessonFacts,
    LessonFileError,
    LessonProgress,
    evaluate,
    facts_table,
    mistake_report,
    normal_run_like,
    parse_check,
    parse_lesson,
    read_lesson,
    shipped_lessons,
)
from cipherlab.core.session import RunHistory
from cipherlab.core.settings import PRESETS

README = Path(__file__).resolve().parents[1] / "README.md"

LESSON = """
title = "Train"
why = "Because."
[[steps]]
text = "Pick Caesar."
when = { cipher = "caesar" }
[[steps]]
text = "Train."
when = { running = true }
[[steps]]
text = "Reach 100 %."
when = { run_accuracy = ">= 1.0" }
"""


def test_the_shipped_lessons_are_eight_in_order_each_with_three_to_six_steps():
    lessons = shipped_lessons()
    assert [lesson.name for lesson in lessons] == [
        "01-train",
        "02-decode",
        "03-vigenere",
        "04-generalisation",
        "05-mistakes",
        "06-without-the-key",
        "07-feedback",
        "08-identify",
    ]
    assert all(3 <= len(lesson.steps) <= 6 and lesson.why for lesson in lessons)


def test_a_lesson_file_parses_into_steps_of_checks(tmp_path):
    path = tmp_path / "07-mine.toml"
    path.write_text(LESSON, encoding="utf-8")
    lesson = read_lesson(path)
    assert (lesson.name, lesson.title, lesson.why) == ("07-mine", "Train", "Because.")
    assert [s.checks for s in lesson.steps] == [
        (Check("cipher", "==", "caesar"),),
        (Check("running", "==", True),),
        (Check("run_accuracy", ">=", 1.0),),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("why = 'x'\n", 'mine: title is missing (a line `title = "…"`).'),
        ("title = 'x'\n", 'mine: why is missing (a line `why = "…"`).'),
        ("title = 'x'\nwhy = 'y'\n", "mine: a lesson has 3 to 6 [[steps]], this one has 0."),
        (
            "title = 'x'\nwhy = 'y'\n" + "[[steps]]\ntext='a'\nwhen={running=true}\n" * 7,
            "mine: a lesson has 3 to 6 [[steps]], this one has 7.",
        ),
        (LESSON.replace("running = true", "runing = true"), None),
        (LESSON.replace('">= 1.0"', '"about 1"'), None),
        (LESSON.replace("running = true", 'running = "yes"'), None),
        (LESSON.replace('when = { cipher = "caesar" }', ""), None),
        ("title = [", None),
    ],
)
def test_a_bad_lesson_file_is_refused_naming_the_file_and_step(text, message):
    with pytest.raises(LessonFileError) as info:
        parse_lesson(text, "mine")
    if message is not None:
        assert str(info.value) == message
    assert str(info.value).startswith("mine")


def test_bad_checks_say_what_is_wrong():
    with pytest.raises(LessonFileError) as info:
        parse_lesson(LESSON.replace("running = true", "runing = true"), "mine")
    assert str(info.value).startswith("mine, step 2: unknown fact 'runing'; the facts are task, ")
    with pytest.raises(LessonFileError) as info:
        parse_lesson(LESSON.replace('">= 1.0"', '"about 1"'), "mine")
    assert str(info.value) == (
        'mine, step 3: run_accuracy takes a number or a comparison such as ">= 1.0", '
        "got 'about 1'."
    )
    with pytest.raises(LessonFileError) as info:
        parse_lesson(LESSON.replace("running = true", 'running = "yes"'), "mine")
    assert str(info.value) == "mine, step 2: running takes true or false, got 'yes'."
    with pytest.raises(LessonFileError) as info:
        parse_lesson(LESSON.replace('when = { cipher = "caesar" }', ""), "mine")
    assert str(info.value) == "mine, step 1: when is missing (the facts that tick the step)."


def test_an_unreadable_lesson_file_is_a_lesson_file_error(tmp_path):
    path = tmp_path / "08-binary.toml"
    path.write_bytes(b"title = \x00")
    with pytest.raises(LessonFileError, match="08-binary.toml"):
        read_lesson(path)


@pytest.mark.parametrize(
    ("fact", "value", "facts", "expected"),
    [
        ("run_accuracy", ">= 1.0", LessonFacts(run_accuracy=1.0), True),
        ("run_accuracy", ">= 1.0", LessonFacts(run_accuracy=0.99), False),
        ("run_accuracy", "< 0.5", LessonFacts(run_accuracy=0.25), True),
        ("run_hidden_size", "<= 10", LessonFacts(run_hidden_size=10), True),
        ("run_hidden_size", 128, LessonFacts(run_hidden_size=128), True),
        ("runs_compared", "!= 0", LessonFacts(runs_compared=0), False),
        ("cipher", "caesar", LessonFacts(cipher="caesar"), True),
        ("cipher", "caesar", LessonFacts(cipher="vigenere"), False),
        ("running", True, LessonFacts(), False),
    ],
)
def test_evaluate_compares_the_fact_with_the_value(fact, value, facts, expected):
    assert evaluate(parse_check(fact, value), facts) is expected


def test_steps_tick_in_order_and_stay_ticked():
    progress = LessonProgress(parse_lesson(LESSON, "mine"))
    assert progress.current == 0
    # the third step's fact holds, but the first has not ticked: nothing ticks
    assert not progress.update(LessonFacts(run_accuracy=1.0))
    assert progress.update(LessonFacts(cipher="caesar"))
    assert progress.current == 1
    assert not progress.update(LessonFacts())  # no longer Caesar: the first stays ticked
    assert progress.update(LessonFacts(running=True, run_accuracy=1.0))  # two at once
    assert progress.complete and progress.current is None


def test_the_readme_documents_every_fact():
    text = README.read_text(encoding="utf-8")
    assert facts_table() in text
    assert set(re.findall(r"^\| `(\w+)` \|", text, flags=re.M)) >= set(FACTS)


def _ended_run(history, mistakes=(), accuracy=0.5, steps=30):
    run = history.start(replace(PRESETS["fast"], mistakes=mistakes))
    run.add(
        LiveUpdate(
            step=steps,
            examples_seen=steps * 32,
            total_steps=400,
            weights=None,
            elapsed_s=1.25,
            steps=np.array([steps]),
            losses=np.array([0.5]),
            val_steps=np.array([10, steps]),
            val_accuracies=np.array([accuracy, accuracy / 2]),
            val_losses=np.array([0.5, 0.6]),
        )
    )
    history.end(run)
    return run


def test_the_mistake_report_says_what_happened_and_why():
    history = RunHistory()
    normal = _ended_run(history, accuracy=1.0, steps=30)
    wrong = _ended_run(history, mistakes=("rot13_inverse",), accuracy=0.03125, steps=400)
    assert normal_run_like(wrong, history.runs) is normal
    assert mistake_report(normal) == ""
    assert mistake_report(wrong, normal) == (
        "Run 2 was made with “+13 as its own inverse” on purpose. The ROT13 misconception: "
        "taking a Caesar shift as its own inverse, so the targets are the ciphertext shifted "
        "again (+13 over 27 symbols gives +26, not the +14 that undoes it). The model learns "
        "the wrong mapping perfectly: validation, measured against the true plaintext, stays "
        "near 0 %. This run reached 3.1% validation accuracy at best, after 400 steps "
        "(12,800 examples, 1.2 s). Run 1, the same task without it, reached 100.0% validation "
        "accuracy at best, after 30 steps (960 examples, 1.2 s)."
    )
    assert mistake_report(wrong).endswith(
        "(12,800 examples, 1.2 s). Train the same task without the mistake and tick both runs "
        "in the run list to see the cost side by side."
    )
