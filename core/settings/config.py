"""Settings: the network's shape, a model's config, a training run's config, and presets.

Each field and its default is defined once: :class:`Architecture` holds the four fields that
shape the network, :class:`ModelConfig` adds the vocabulary and :class:`TrainConfig` the
training settings and the task (cipher, key, alphabet and data source). :data:`FIELDS` gives
each field's label, bounds and help text (the GUI form and the CLI flags are built from it);
:data:`HYPERPARAMETERS` names the ones the hyperparameter form edits, :data:`TASK_FIELDS` the
task's, which the window edits with dedicated selectors.

The **Tutorial** preset is the recipe of the tutorial "Building your first RNN" (parts 1-3)
exactly: one 32-symbol random message per step (batch 1), ``Embedding(27, 5) -> LSTM(5, 10)
-> Linear(10, 27)``, per-symbol cross-entropy and Adam at learning rate 1e-3, with no gradient
clipping, for every cipher family. **Fast** is our tuned default, tuned per family
(:func:`fast_preset`; measured in ``docs/benchmarks.md``).

This module imports neither torch nor Qt, so parsing arguments or validating a form is cheap.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..ciphers import Cipher

SEQ_LEN = 32
"""The tutorial's message length, in symbols (the default training length and decode window)."""

CELL_TYPES = ("lstm", "gru", "rnn")
"""Recurrent layers a model can use; the tutorial's is ``"lstm"``."""


@dataclass(frozen=True)
class FieldSpec:
    """How one setting is named, typed, bounded and explained (GUI form and CLI flags)."""

    label: str
    kind: type  # int, float or str (free text when there are no choices)
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

MISTAKES = {
    "batch_of_one": (
        "One message per step: batch size 1, as the seed tutorial feeds its data. Each step "
        "follows one message's gradient, so the loss jumps about and learning needs many "
        "more steps (and much more time) than with batches."
    ),
    "no_zero_grad": (
        "Forgetting optimizer.zero_grad(): each step's gradients are added to all the "
        "earlier ones, so the updates follow the sum of every gradient so far rather than "
        "this batch's; training overshoots and wobbles, or stalls."
    ),
    "rot13_inverse": (
        "The ROT13 misconception: taking a Caesar shift as its own inverse, so the targets "
        "are the ciphertext shifted again (+13 over 27 symbols gives +26, not the +14 that "
        "undoes it). The model learns the wrong mapping perfectly: validation, measured "
        "against the true plaintext, stays near 0 %."
    ),
}
"""Classic beginner mistakes a run can be told to make (``TrainConfig.mistakes``), each with
the sentence that explains it; a run that makes one is marked in the run list."""

DATA_SOURCES = ("random", "english", "file")
TASKS = ("decrypt", "lm")
"""What a model learns: ``decrypt`` (ciphertext -> plaintext, the seed's task) or ``lm`` (a
language model: each next symbol of a text, from the symbols before it)."""
"""Where plaintext messages come from: uniform random symbols (the seed's), English-like text
(:mod:`cipherlab.core.text.english`) or the user's text file (``data_path``;
:mod:`cipherlab.core.text.sources`)."""

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
        "that predicts each next symbol of a text (used to crack ciphers without the key).",
        choices=TASKS,
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
        "English-like text, or a text file of your own.",
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


def parse_field(name: str, text: str) -> int | float | str:
    """Parse the text of a form field or CLI flag; raises ``ValueError`` with the reason.

    Choices are case-insensitive (``LSTM`` is ``lstm``); free text (a key) is kept as typed,
    without surrounding spaces.
    """
    spec = FIELDS[name]
    text = text.strip()
    if not text:
        raise ValueError(f"{spec.label} is empty.")
    value: int | float | str
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


MAX_STEP_WORK = 2**25
"""Largest ``batch_size * seq_len * hidden_size * num_layers`` allowed: about a second per
step on a laptop CPU. Beyond it a step takes many seconds, and Stop and Pause (which act
between steps) stop feeling responsive."""
MAX_VALIDATION_WORK = 2**28
"""Largest ``validation_size * seq_len * hidden_size * num_layers`` allowed for one
evaluation (evaluated in chunks, so memory stays bounded; this bounds the time)."""


def check_budget(config: TrainConfig) -> None:
    """Raise ``ValueError`` if the sizes together make a step or an evaluation too costly."""
    depth = config.hidden_size * config.num_layers
    step = config.batch_size * config.seq_len * depth
    if step > MAX_STEP_WORK:
        raise ValueError(
            f"Batch size × message length × hidden size × layers = {step:,} is too much work "
            f"for one step (at most {MAX_STEP_WORK:,}); make one of them smaller."
        )
    evaluation = config.validation_size * config.seq_len * depth
    if evaluation > MAX_VALIDATION_WORK:
        raise ValueError(
            f"Validation size × message length × hidden size × layers = {evaluation:,} is too "
            f"much work for one evaluation (at most {MAX_VALIDATION_WORK:,}); make one of them "
            "smaller."
        )


@dataclass(frozen=True)
class Architecture:
    """The shape of the network (defaults = the tutorial's ``Embedding(27, 5) -> LSTM(5, 10)``).

    Raises
    ------
    ValueError
        If a field is out of its range in :data:`FIELDS` (the message names the field).
    """

    cell: str = "lstm"  # one of CELL_TYPES
    embedding_dim: int = 5  # length of each symbol's learned vector
    hidden_size: int = 10  # units in the recurrent layer
    num_layers: int = 1  # stacked recurrent layers

    def __post_init__(self) -> None:
        for f in fields(Architecture):
            check_field(f.name, getattr(self, f.name))

    def architecture(self) -> dict[str, Any]:
        """The four shape fields as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(Architecture)}


MAX_VOCAB_SIZE = 4096
"""Largest alphabet a model may have (symbols)."""


@dataclass(frozen=True)
class ModelConfig(Architecture):
    """Sizes of :class:`~cipherlab.core.network.CipherRNN`: the network's shape and vocabulary.

    Raises
    ------
    ValueError
        If a field is out of range (the message names the field).
    """

    vocab_size: int = 27  # alphabet size: input and output symbols

    def __post_init__(self) -> None:
        super().__post_init__()
        vocab = self.vocab_size
        whole = isinstance(vocab, int) and not isinstance(vocab, bool)
        if not whole or not 1 <= vocab <= MAX_VOCAB_SIZE:
            raise ValueError(
                f"Vocabulary size must be a whole number in [1, {MAX_VOCAB_SIZE}], got {vocab!r}."
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, stored in model files."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelConfig:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` on unknown or invalid fields."""
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"Malformed model config {data!r}: {exc}") from exc


@dataclass(frozen=True)
class TrainConfig(Architecture):
    """Every setting of one training run (defaults = the tutorial's recipe and task).

    The hyperparameters are followed by the task: which cipher the model learns to invert
    (``cipher``, ``key``, ``alphabet``) and what the plaintext messages look like (``data``,
    ``data_path``). The defaults are the seed's task, Caesar +13 over ``A``-``Z`` and ``-`` on
    random messages, which is also what a run file or model file without these fields (made
    before cipher families) means.

    Raises
    ------
    ValueError
        If a field is out of its range in :data:`FIELDS` (the message names the field), the
        sizes together are too costly (:func:`check_budget`), the key breaks the family's
        rule (:class:`~cipherlab.core.ciphers.InvalidKeyError`, the family's one sentence),
        the family cannot act on the alphabet (``rot13`` needs ``letters``), or ``data`` is
        ``"file"`` without a ``data_path``.
    """

    learning_rate: float = 1e-3
    batch_size: int = 1  # messages per optimiser step
    seq_len: int = SEQ_LEN  # symbols per message
    steps: int = 4000  # step budget
    seed: int = 0
    validation_size: int = 256
    eval_every: int = 50  # steps between validation evaluations
    grad_clip: float = 0.0  # max gradient norm; 0 = off (the seed recipe has no clipping)
    task: str = "decrypt"  # one of TASKS
    cipher: str = "caesar"  # a family name in cipherlab.core.ciphers.FAMILIES
    key: str = ""  # the key as typed; "" = the family's default key (caesar: 13 over seed)
    alphabet: str = "seed"  # a name in cipherlab.core.ciphers.ALPHABETS
    data: str = "random"  # one of DATA_SOURCES
    data_path: str = ""  # the text file when data == "file" (kept only then)
    mistakes: tuple[str, ...] = ()  # names in MISTAKES this run makes on purpose

    def __post_init__(self) -> None:
        for name in FIELDS:
            check_field(name, getattr(self, name))
        self._check_mistakes()
        check_text("Data file", self.data_path, MAX_PATH_CHARS)
        if self.data != "file" and self.data_path:
            object.__setattr__(self, "data_path", "")  # a file chosen, then another source
        if self.data == "file" and not self.data_path.strip():
            raise ValueError("Data is a file, but no file is chosen: choose a UTF-8 text file.")
        if self.task == "lm":
            if self.data == "random":
                raise ValueError(
                    "A language model needs text to learn from: random symbols have nothing "
                    "to predict. Choose English-like text or a text file."
                )
            # it reads plaintext: its "cipher" is the identity (Caesar +0) over the alphabet
            object.__setattr__(self, "cipher", "caesar")
            object.__setattr__(self, "key", "0")
        check_budget(self)
        if (self.cipher, self.key, self.alphabet) != ("caesar", "", "seed"):  # not the seed's
            self.make_cipher()  # the key and alphabet must suit the family

    def model_config(self, alphabet_size: int) -> ModelConfig:
        """The :class:`ModelConfig` these settings build for an ``alphabet_size``-symbol alphabet.

        A language model (``task == "lm"``) has one symbol more, the start symbol (index
        ``alphabet_size``) it reads before a text's first symbol.
        """
        extra = 1 if self.task == "lm" else 0
        return ModelConfig(vocab_size=alphabet_size + extra, **self.architecture())

    def make_cipher(self) -> Cipher:
        """The cipher this run learns to invert: ``cipher`` with ``key`` over ``alphabet``.

        The default config gives the seed cipher (Caesar +13 over ``A``-``Z`` and ``-``).

        Returns
        -------
        Cipher
            A :mod:`cipherlab.core.ciphers` cipher; its alphabet is the model's vocabulary.

        Raises
        ------
        InvalidKeyError
            If the key breaks the family's rule (a ``ValueError``).
        UnsupportedAlphabetError
            If the family cannot act on the alphabet (a ``ValueError``).
        """
        from ..ciphers import make_cipher  # NumPy: only when a cipher is built

        return make_cipher(self.cipher, self.key or None, self.alphabet)

    def _check_mistakes(self) -> None:
        made = self.mistakes
        if isinstance(made, str) or not isinstance(made, (tuple, list)):
            raise ValueError("Mistakes must be a list of names.")
        unknown = [m for m in made if m not in MISTAKES]
        if unknown:
            raise ValueError(f"Unknown mistake {unknown[0]!r}; choose from {', '.join(MISTAKES)}.")
        # a set, in MISTAKES order, so equal choices make equal settings
        object.__setattr__(self, "mistakes", tuple(m for m in MISTAKES if m in made))
        if "rot13_inverse" in self.mistakes and (self.task, self.cipher) != ("decrypt", "caesar"):
            raise ValueError("The ROT13 mistake is about a Caesar shift: choose the Caesar cipher.")

    def task_fields(self) -> dict[str, str]:
        """The task fields (:data:`TASK_FIELDS` and ``data_path``) as a plain dict."""
        return {name: getattr(self, name) for name in (*TASK_FIELDS, "data_path")}

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, stored in model files and run histories."""
        data = asdict(self)
        data["mistakes"] = list(self.mistakes)  # JSON has lists, not tuples
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Inverse of :meth:`to_dict`, ignoring unknown keys; raises ``ValueError``.

        A missing field takes its default, so settings saved before cipher families (no
        ``cipher``, ``key``, ``alphabet``, ``data``) load as the seed's task: caesar with its
        default key 13, over ``seed``, on random messages.
        """
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def default_alphabet_name(family: str) -> str:
    """The name in :data:`ALPHABETS` of ``family``'s default alphabet (``letters`` for rot13).

    Raises
    ------
    ValueError
        If there is no such family.
    """
    from ..ciphers import ALPHABETS, family_named

    alphabet = family_named(family).default_alphabet()
    return next(name for name, a in ALPHABETS.items() if a == alphabet)


PRESETS: dict[str, TrainConfig] = {
    # The seed recipe exactly: one message per step, Embedding(27, 5), LSTM(5, 10), Adam 1e-3.
    "tutorial": TrainConfig(),
    # Tuned on 2 CPU cores: bigger batches and a higher learning rate reach 100 % validation
    # accuracy in a small fraction of the Tutorial's wall time (bench/time_to_accuracy.py);
    # clipping at 1.0 keeps the high learning rate from blowing up the LSTM's gradients.
    "fast": TrainConfig(
        embedding_dim=16,
        hidden_size=32,
        batch_size=32,
        learning_rate=0.03,
        steps=400,
        eval_every=10,
        grad_clip=1.0,
    ),
}
"""Named training presets for the seed's task (caesar); ``"fast"`` is the app's default.

For another family use :func:`preset` with ``cipher=...``: Tutorial is the same seed recipe
for every family, Fast is tuned per family (:func:`fast_preset`)."""

DEFAULT_PRESET = "fast"

# Measured by bench/families.py on 2 CPU cores, one torch thread (docs/benchmarks.md, 12).
# A Vigenère model must count positions modulo the key's length: it needs a bigger memory
# (hidden 128) and a gentler learning rate, and a key longer than 12 symbols a bigger batch
# too (batch 32 needed 12-15 s for a 26-symbol key, batch 64 about 9 s).
_MEMORY: dict[str, Any] = dict(hidden_size=128, learning_rate=0.01, steps=3000)
FAST_TUNING: dict[str, tuple[tuple[int, dict[str, Any]], ...]] = {
    # A symbol-by-symbol substitution: the seed's Fast is already at 100 % in about 10 steps.
    "caesar": ((0, {}),),
    "rot13": ((0, {}),),
    "atbash": ((0, {}),),
    "affine": ((0, {}),),
    "substitution": ((0, {}),),
    "vigenere": ((0, _MEMORY), (13, {**_MEMORY, "batch_size": 64})),
    # Autokey stays below 100 %: each symbol is the ciphertext minus the plaintext m symbols
    # back, which a one-layer LSTM would have to keep and subtract (see docs/benchmarks.md);
    # these settings got furthest within a minute, and the budget is a few minutes.
    "autokey": ((0, {**_MEMORY, "steps": 20_000}),),
}
"""Per family: ``(min_key_length, overrides)`` tiers over the caesar Fast preset; the last
tier whose minimum the key length reaches applies (``bench/families.py`` measures them)."""


LM_FAST: dict[str, Any] = dict(
    embedding_dim=32,
    hidden_size=192,
    learning_rate=0.003,
    batch_size=32,
    seq_len=64,
    steps=8000,
    eval_every=500,
    grad_clip=1.0,
)
"""The Fast preset of a language model: 1.80 bits per symbol on held-out English-like text
after 5,000 steps (5 minutes on one CPU thread), against 2.13 for quadgram counts; hidden 128
and lr 0.005 got 1.84 after 8,000 steps (docs/benchmarks.md)."""


def fast_preset(family: str = "caesar", key_length: int | None = None) -> TrainConfig:
    """The Fast preset tuned for ``family``, with its default key and alphabet.

    Parameters
    ----------
    family : str
        A name in :data:`~cipherlab.core.ciphers.FAMILIES`.
    key_length : int, optional
        Symbols in the keyword (Vigenère, autokey): longer keys need more memory and get
        larger settings. None: the length of the family's default key.

    Returns
    -------
    TrainConfig
        Hyperparameters tuned to reach 100 % validation accuracy quickly on 2 CPU cores
        (``bench/families.py``; ``docs/benchmarks.md``), task = ``family`` with its default
        key over its default alphabet, random data.

    Raises
    ------
    ValueError
        If there is no such family.
    """
    from ..ciphers import family_named, make_cipher

    cls = family_named(family)
    alphabet = default_alphabet_name(cls.family)
    if key_length is None:
        key_length = len(make_cipher(cls.family, None, alphabet).key_text)
    overrides: dict[str, Any] = {}
    for minimum, tier in FAST_TUNING[cls.family]:
        if key_length >= minimum:
            overrides = tier
    return replace(PRESETS["fast"], cipher=cls.family, alphabet=alphabet, **overrides)


def preset(name: str, **overrides: Any) -> TrainConfig:
    """The preset ``name`` (case-insensitive) for a task, with some fields replaced.

    With a ``cipher`` among the overrides, Fast is that family's :func:`fast_preset` (for
    the key's length), and the alphabet defaults to the family's (``letters`` for rot13).
    With ``task="lm"``, Fast is :data:`LM_FAST` on English-like text. Tutorial is the seed
    recipe for every task.

    Raises
    ------
    KeyError
        If there is no such preset (the message lists the known ones).
    ValueError
        If an override is invalid (a bad key gives the family's sentence).
    """
    try:
        base = PRESETS[name.lower()]
    except KeyError:
        raise KeyError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.") from None
    if overrides.get("task") == "lm":  # no cipher to tune for: one language-model preset
        lm = replace(base, **(LM_FAST if name.lower() == "fast" else {}), task="lm",
                     data="english", cipher="caesar", key="0")  # fmt: skip
        return replace(lm, **overrides)
    family = overrides.get("cipher", base.cipher)
    if family != base.cipher or "key" in overrides or "alphabet" in overrides:
        alphabet = overrides.get("alphabet") or default_alphabet_name(family)
        if name.lower() == "fast":
            from ..ciphers import make_cipher

            key = overrides.get("key") or None
            key_length = len(make_cipher(family, key, alphabet).key_text)
            base = fast_preset(family, key_length)
        base = replace(base, cipher=family, key="", alphabet=alphabet)
    return replace(base, **overrides)


def matching_preset(config: TrainConfig) -> str | None:
    """The preset equal to ``config`` for its task (seed and mistakes aside), or None."""
    for name in PRESETS:
        if preset(name, seed=config.seed, **config.task_fields()) == replace(config, mistakes=()):
            return name
    return None


DEFAULT_PATIENCE = 3
"""Evaluations in a row at the target accuracy before auto-stop ends a run (GUI and CLI)."""


@dataclass(frozen=True)
class StopRule:
    """Auto-stop: end the run once validation accuracy reaches a target.

    Attributes
    ----------
    target_accuracy : float
        Per-symbol accuracy in ``[0, 1]`` to reach (default 1.0, i.e. 100 %).
    patience : int
        Consecutive evaluations at or above the target before stopping (>= 1).

    Raises
    ------
    ValueError
        If the target is outside ``[0, 1]`` or the patience below 1.
    """

    target_accuracy: float = 1.0
    patience: int = DEFAULT_PATIENCE

    def __post_init__(self) -> None:
        if not 0.0 <= self.target_accuracy <= 1.0:
            raise ValueError(f"Target accuracy must be in [0, 1], got {self.target_accuracy!r}.")
        if self.patience < 1:
            raise ValueError(f"Patience must be at least 1, got {self.patience!r}.")


def default_threads() -> int:
    """Torch CPU threads for each thread that runs torch: the window's, a run's, the CLI's.

    The process's one thread policy (applied by :func:`cipherlab.core.network.use_threads`,
    at start-up and when a run starts): one thread, on any machine. ``bench/thread_policy.py``
    measured on a 2-core machine (``docs/benchmarks.md``, section 15): with a core to spare,
    2 threads trained the Fast preset at 1.05-1.09x the steps/s of 1 (bigger Vigenère and
    language models 1.5x); with the other core busy, at 0.16-0.26x (0.4-0.5x); and training
    while the main thread decoded, as the window does during a run, at 0.68-0.74x: OpenMP
    threads spin against whatever else wants the cores. So one thread each, and the window's
    two torch threads never oversubscribe a 2-core machine. The window's "Torch threads" box
    and the CLI's ``--threads`` override it for a run (a bigger model on an idle machine).

    Returns
    -------
    int
        1.
    """
    return 1
