"""Every editable setting, defined once: its label, type, bounds, help text and checks.

:data:`FIELDS` gives each field of :class:`~cipherlab.core.settings.TrainConfig` its label,
bounds and help text (the GUI form and the CLI flags are built from it); :data:`HYPERPARAMETERS`
names the ones the hyperparameter form edits, :data:`TASK_FIELDS` the task's, which the window
edits with dedicated selectors. Imports neither torch, NumPy nor Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .tasks import TASKS

SEQ_LEN = 32
"""The tutorial's message length, in symbols (the default training length and decode window)."""

CELL_TYPES = ("lstm", "gru", "rnn")
"""Recurrent layers a model can use; the tutorial's is ``"lstm"``."""


@dataclass(frozen=True)
class FieldSpec:
    """How one setting is named, typed, bounded and explained (GUI form and CLI flags)."""

    label: str
    kind: type  # int, float, bool (a switch) or str (free text when there are no choices)
    minimum: float | None = None
    maximum: float | None = None  # for free text: the most characters
    help: str = ""
    choices: tuple[str, ...] = ()
    exclusive_minimum: bool = False  # True: the value must be > minimum


FAMILY_NAMES = ("caesar", "rot13", "atbash", "affine", "substitution", "vigenere", "autokey")
"""The names of :data:`cipherlab.core.ciphers.FAMILIES`, in menu order. Written out here so
that this module does not import the families (and NumPy); a test keeps the two equal."""

ALPHABET_NAMES = ("seed", "letters")
"""The names of :data:`cipherlab.core.ciphers.ALPHABETS` (kept equal by the same test)."""


@dataclass(frozen=True)
class Mistake:
    """A classic beginner mistake a run can be told to make, and what it teaches.

    Attributes
    ----------
    id : str
        The name stored in settings, model files and run files (``batch_of_one``).
    label : str
        What the window's check box says (``One message a step``).
    short : str
        The few words a run's label in the run list adds (``batch 1``).
    explanation : str
        The sentences that explain what goes wrong (the check box's tooltip).
    """

    id: str
    label: str
    short: str
    explanation: str


MISTAKES: dict[str, Mistake] = {
    m.id: m
    for m in (
        Mistake(
            "batch_of_one",
            "One message a step",
            "batch 1",
            "One message per step: batch size 1, as the seed tutorial feeds its data. Each "
            "step follows one message's gradient, so the loss jumps about and learning needs "
            "many more steps (and much more time) than with batches.",
        ),
        Mistake(
            "no_zero_grad",
            "Forget zero_grad()",
            "no zero_grad",
            "Forgetting optimizer.zero_grad(): each step's gradients are added to all the "
            "earlier ones, so the updates follow the sum of every gradient so far rather than "
            "this batch's; training overshoots and wobbles, or stalls.",
        ),
        Mistake(
            "rot13_inverse",
            "+13 as its own inverse",
            "ROT13 inverse",
            "The ROT13 misconception: taking a Caesar shift as its own inverse, so the targets "
            "are the ciphertext shifted again (+13 over 27 symbols gives +26, not the +14 that "
            "undoes it). The model learns the wrong mapping perfectly: validation, measured "
            "against the true plaintext, stays near 0 %.",
        ),
    )
}
"""The beginner mistakes a run can make on purpose (``TrainConfig.mistakes`` holds their ids),
in the order the window lists them; a run that makes one is marked in the run list."""

DATA_SOURCES = ("random", "english", "prose", "file")
"""Where plaintext messages come from: uniform random symbols (the seed's), English-like text
generated from word counts (:mod:`cipherlab.core.text.english`), real English prose that
people wrote (:func:`cipherlab.core.text.prose_training_text`) or the user's text file
(``data_path``; :mod:`cipherlab.core.text.sources`)."""

MAX_KEY_CHARS = 200
"""Longest key text (a substitution permutation of the largest alphabet fits)."""
MAX_PATH_CHARS = 4096
"""Longest data file path."""

FIELDS: dict[str, FieldSpec] = {
    "cell": FieldSpec(
        "Cell type",
        str,
        help="The recurrent layer: LSTM (as in the seed), GRU or a plain RNN.",
        choices=CELL_TYPES,
    ),
    "embedding_dim": FieldSpec(
        "Embedding dim",
        int,
        1,
        1024,
        "Length of the learned vector that stands for each input symbol.",
    ),
    "hidden_size": FieldSpec(
        "Hidden size",
        int,
        1,
        2048,
        "Number of units in the recurrent layer's memory (hidden state).",
    ),
    "num_layers": FieldSpec("Layers", int, 1, 8, "Recurrent layers stacked on top of each other."),
    "feedback": FieldSpec(
        "Feedback",
        bool,
        help="The decoder also reads its own previous output letter (trained on the true "
        "previous plaintext, decoding one letter at a time from its own predictions). "
        "Autokey needs it: each plaintext letter depends on earlier plaintext, which a "
        "decoder that only reads ciphertext never sees.",
    ),
    "learning_rate": FieldSpec(
        "Learning rate",
        float,
        0,
        10_000,
        "How far Adam moves the weights at each step; too high diverges.",
        exclusive_minimum=True,
    ),
    "batch_size": FieldSpec(
        "Batch size", int, 1, 4096, "Messages averaged in each optimiser step (the seed used 1)."
    ),
    "seq_len": FieldSpec("Message length", int, 1, 1024, "Symbols per training message."),
    "steps": FieldSpec(
        "Step budget", int, 1, 10_000_000, "Optimiser steps before the run ends on its own."
    ),
    "seed": FieldSpec(
        "Seed", int, 0, 2**31 - 1, "Fixes initial weights and training data: same seed, same curve."
    ),
    "validation_size": FieldSpec(
        "Validation size",
        int,
        1,
        100_000,
        "Held-out messages used to measure accuracy (never trained on).",
    ),
    "eval_every": FieldSpec(
        "Evaluate every",
        int,
        1,
        1_000_000,
        "Steps between two measurements on the validation set (every step before the "
        "first, so the accuracy curve shows the start of learning).",
    ),
    "grad_clip": FieldSpec(
        "Gradient clip",
        float,
        0,
        1e6,
        "Largest allowed gradient norm (0 = no clipping); stops LSTM gradients from exploding.",
    ),
    # The task: what the model learns to invert, and on what text.
    "task": FieldSpec(
        "Task",
        str,
        help="decrypt: learn to decrypt the cipher (the seed's task); lm: a language model "
        "that predicts each next symbol of a text (used to crack ciphers without the key); "
        "identify: tell which cipher family made a ciphertext, one label per message.",
        choices=tuple(TASKS),
    ),
    "cipher": FieldSpec(
        "Cipher",
        str,
        help="The cipher family the model learns to decrypt (the seed's is caesar).",
        choices=FAMILY_NAMES,
    ),
    "key": FieldSpec(
        "Key",
        str,
        maximum=MAX_KEY_CHARS,
        help="The cipher's key as text (a shift, 'a,b', a keyword or a permutation); "
        "empty: the family's default key.",
    ),
    "alphabet": FieldSpec(
        "Alphabet",
        str,
        help="The symbols the model reads and writes: seed (A-Z and -) or letters (A-Z).",
        choices=ALPHABET_NAMES,
    ),
    "data": FieldSpec(
        "Data",
        str,
        help="What the plaintext messages look like: random symbols (the seed's), "
        "English-like text generated from word counts, English prose people wrote, or a "
        "text file of your own.",
        choices=DATA_SOURCES,
    ),
}
"""Every setting of :class:`TrainConfig` (except ``data_path``), hyperparameters in form order,
then the task."""

TASK_FIELDS = ("task", "cipher", "key", "alphabet", "data")
"""The fields of :data:`FIELDS` that say what the model learns (edited by the window's
dedicated selectors, not the hyperparameter form); ``data_path`` goes with ``data``."""

HYPERPARAMETERS = tuple(name for name in FIELDS if name not in TASK_FIELDS)
"""The fields the hyperparameter form and the CLI's ``--name`` flags edit, in form order."""


def check_field(name: str, value: object) -> None:
    """Raise ``ValueError`` with a one-line reason if ``value`` is not valid for ``name``.

    The reason names the field by the label the user sees in the form (``Learning rate``).
    """
    spec = FIELDS[name]
    label = spec.label
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{label} must be true or false, got {value!r}.")
        return
    if spec.kind is str and spec.choices:
        if value not in spec.choices:
            raise ValueError(f"{label} must be one of {', '.join(spec.choices)}, got {value!r}.")
        return
    if spec.kind is str:
        check_text(label, value, int(spec.maximum or MAX_PATH_CHARS))
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{label} must be a number, got {value!r}.")
    if spec.kind is int and not isinstance(value, int):
        raise ValueError(f"{label} must be a whole number, got {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{label} must be a finite number, got {value!r}.")
    low, high = spec.minimum, spec.maximum
    if low is not None and (value <= low if spec.exclusive_minimum else value < low):
        word = "greater than" if spec.exclusive_minimum else "at least"
        raise ValueError(f"{label} must be {word} {low:g}, got {value!r}.")
    if high is not None and value > high:
        raise ValueError(f"{label} must be at most {high:,g}, got {value!r}.")


def check_text(label: str, value: object, maximum: int) -> None:
    """Raise ``ValueError`` unless ``value`` is one line of text of at most ``maximum`` characters.

    The message names the field by ``label`` (``Key``).
    """
    if not isinstance(value, str):
        raise ValueError(f"{label} must be text, got {value!r}.")
    if len(value) > maximum:
        raise ValueError(
            f"{label} must be at most {maximum:,} characters long, got {len(value):,}."
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError(f"{label} must be one line of text without control characters.")


SWITCH_WORDS = {
    **dict.fromkeys(("on", "true", "yes", "1"), True),
    **dict.fromkeys(("off", "false", "no", "0"), False),
}
"""The words a switch (a ``bool`` field) reads as typed, lower-cased."""


def parse_field(name: str, text: str) -> int | float | str:
    """Parse the text of a form field or CLI flag; raises ``ValueError`` with the reason.

    Choices are case-insensitive (``LSTM`` is ``lstm``); free text (a key) is kept as typed,
    without surrounding spaces; a switch reads ``on``/``off``, ``true``/``false``,
    ``yes``/``no`` or ``1``/``0``.
    """
    spec = FIELDS[name]
    text = text.strip()
    if not text:
        raise ValueError(f"{spec.label} is empty.")
    value: int | float | str
    if spec.kind is bool:
        word = text.lower()
        if word not in SWITCH_WORDS:
            raise ValueError(f"{spec.label} must be on or off, got {text!r}.")
        return SWITCH_WORDS[word]
    if spec.kind is str:
        value = text.lower() if spec.choices else text
    elif spec.kind is int:
        try:
            value = int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise ValueError(f"{spec.label} must be a whole number, got {text!r}.") from None
    else:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{spec.label} must be a number, got {text!r}.") from None
    check_field(name, value)
    return value
