"""The facts a lesson's steps check, and how a step's condition is evaluated.

The window reports what it shows as one :class:`LessonFacts` snapshot of plain values;
a lesson file names facts in a step's ``when`` table (:data:`FACTS`), each with an exact
value or, for a number, a comparison such as ``">= 1.0"``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Fact:
    """One fact a lesson step may check.

    Attributes
    ----------
    kind : type
        ``bool``, ``int``, ``float`` or ``str``: the type of its value.
    description : str
        One line for the README's table (what the window reports).
    """

    kind: type
    description: str


FACTS: dict[str, Fact] = {
    "task": Fact(str, "The next run's task as stored: `decrypt`, `lm` or `identify`."),
    "cipher": Fact(str, "The next run's cipher family (`caesar`, `vigenere`, …)."),
    "alphabet": Fact(str, "The next run's alphabet: `seed` (A–Z and -) or `letters` (A–Z)."),
    "preset": Fact(str, "The preset the settings equal (`fast`, `tutorial`; empty when Custom)."),
    "hidden_size": Fact(int, "The next run's Hidden size."),
    "running": Fact(bool, "A run is training now."),
    "run_ended": Fact(bool, "The latest run has ended (finished, stopped or reached its target)."),
    "run_task": Fact(str, "The latest run's task (`decrypt`, `lm` or `identify`)."),
    "run_cipher": Fact(str, "The latest run's cipher family (empty for a language model)."),
    "run_preset": Fact(str, "The preset the latest run's settings equal (empty when Custom)."),
    "run_hidden_size": Fact(int, "The latest run's Hidden size."),
    "run_mistake": Fact(str, "The beginner mistake the latest run made (its id; empty for none)."),
    "run_accuracy": Fact(float, "The latest run's best validation accuracy, 0 to 1."),
    "runs_compared": Fact(int, "Runs drawn on the loss plot: the current one and those ticked."),
    "decoded_letters": Fact(int, "Letters of the ciphertext the model decoded (bars shown)."),
    "unsure_letters": Fact(int, "Decoded letters whose bar is red: probability below 50 %."),
    "key_mode": Fact(str, "The decode panel's key mode: `known` or `unknown`."),
    "crack_finished": Fact(bool, "Key unknown: the key candidates for the text are shown."),
    "classical_family": Fact(
        str,
        "Key unknown: the family the letter statistics (IoC, IoC per period, letter-frequency "
        "fits) find likeliest for the text (`shift`, `vigenere`, …; empty before candidates).",
    ),
    "family_letters": Fact(
        int, "A cipher identifier: letters (A–Z) of the text its family bars are shown for."
    ),
    "family_shown": Fact(
        str, "A cipher identifier: the family its likeliest bar names (empty when none is)."
    ),
    "inside_shown": Fact(bool, "The Inside the network view is on screen."),
    "generalisation_shown": Fact(bool, "The Generalisation view is on screen."),
    "generalisation_measured": Fact(bool, "The Generalisation view has measured the model."),
}
"""Every fact a step's ``when`` table may name, with its type and meaning."""


@dataclass(frozen=True)
class LessonFacts:
    """What the window shows now, as plain values (one field per name in :data:`FACTS`)."""

    task: str = ""
    cipher: str = ""
    alphabet: str = ""
    preset: str = ""
    hidden_size: int = 0
    running: bool = False
    run_ended: bool = False
    run_task: str = ""
    run_cipher: str = ""
    run_preset: str = ""
    run_hidden_size: int = 0
    run_mistake: str = ""
    run_accuracy: float = 0.0
    runs_compared: int = 0
    decoded_letters: int = 0
    unsure_letters: int = 0
    key_mode: str = "known"
    crack_finished: bool = False
    classical_family: str = ""
    family_letters: int = 0
    family_shown: str = ""
    inside_shown: bool = False
    generalisation_shown: bool = False
    generalisation_measured: bool = False


OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_COMPARISON = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*([-+]?\d+(?:\.\d+)?)\s*")


@dataclass(frozen=True)
class Check:
    """One fact a step checks: ``fact op value`` (``run_accuracy >= 1.0``, ``cipher == caesar``).

    Attributes
    ----------
    fact : str
        A name in :data:`FACTS`.
    op : str
        One of ``<``, ``<=``, ``==``, ``!=``, ``>=``, ``>``.
    value : bool, int, float or str
        What the fact is compared with.
    """

    fact: str
    op: str
    value: bool | int | float | str


def parse_check(fact: str, value: object) -> Check:
    """The :class:`Check` a ``when`` entry ``fact = value`` of a lesson file stands for.

    A number fact takes a number (equality) or a comparison string (``">= 1.0"``); a text
    or true/false fact takes its exact value.

    Raises
    ------
    ValueError
        With a one-line reason: an unknown fact, a value of the wrong type, a bad comparison.
    """
    spec = FACTS.get(fact)
    if spec is None:
        raise ValueError(f"unknown fact {fact!r}; the facts are {', '.join(FACTS)}.")
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{fact} takes true or false, got {value!r}.")
        return Check(fact, "==", value)
    if spec.kind is str:
        if not isinstance(value, str):
            raise ValueError(f"{fact} takes text, got {value!r}.")
        return Check(fact, "==", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Check(fact, "==", value)
    match = _COMPARISON.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'{fact} takes a number or a comparison such as ">= 1.0", got {value!r}.')
    number = float(match.group(2)) if "." in match.group(2) else int(match.group(2))
    return Check(fact, match.group(1), number)


def evaluate(check: Check, facts: LessonFacts) -> bool:
    """True if ``facts`` satisfy ``check`` (``run_accuracy >= 1.0`` with 1.0 reported).

    Parameters
    ----------
    check : Check
        A parsed ``when`` entry.
    facts : LessonFacts
        What the window shows now.
    """
    return bool(OPERATORS[check.op](getattr(facts, check.fact), check.value))


def facts_table() -> str:
    """The README's table of :data:`FACTS` (Markdown): name, type and meaning, one row each."""
    kinds = {bool: "true/false", int: "whole number", float: "number", str: "text"}
    rows = ["| Fact | Value | Meaning |", "| --- | --- | --- |"]
    rows += [f"| `{n}` | {kinds[f.kind]} | {f.description} |" for n, f in FACTS.items()]
    return "\n".join(rows)


assert [f.name for f in fields(LessonFacts)] == list(FACTS)  # one definition per fact
