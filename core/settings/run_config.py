"""A model's config and a training run's config, and the rule that ends a run early.

Each field and its default is defined once: :class:`Architecture` holds the fields that
shape the network, :class:`ModelConfig` adds the vocabulary and :class:`TrainConfig` the
training settings and the task (cipher, key, alphabet and data source). Imports neither torch,
NumPy nor Qt, so parsing arguments or validating a form is cheap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, TypedDict

from .. import ciphers  # a lazy face: NumPy loads only when a cipher is built
from .fields import (
    FIELDS,
    MAX_PATH_CHARS,
    MISTAKES,
    SEQ_LEN,
    check_field,
    check_text,
)
from .tasks import DECRYPT, Task, task_named

if TYPE_CHECKING:
    from ..ciphers import Cipher
    from ..text import Alphabet

CIPHERLESS = ("caesar", "")
"""The ``cipher`` and ``key`` of a task without a cipher: the defaults, which it never reads
(files written before tasks were types stored ``("caesar", "0")``, the identity, instead)."""


class TaskFields(TypedDict):
    """A run's task by field name: :data:`TASK_FIELDS` and ``data_path``.

    As :meth:`TrainConfig.task_fields` gives it; ``TrainConfig(**fields)`` takes it.
    """

    task: str
    cipher: str
    key: str
    alphabet: str
    data: str
    data_path: str


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
    # also read the previous plaintext symbol (teacher forcing in training); a model file
    # without the field is a model without feedback
    feedback: bool = False

    def __post_init__(self) -> None:
        for f in fields(Architecture):
            check_field(f.name, getattr(self, f.name))

    def architecture(self) -> dict[str, Any]:
        """The shape fields as a plain dict."""
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
    task: str = DECRYPT.name  # a name in TASKS; task_kind is the Task itself
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
        task = self.task_kind
        if task.needs_text and self.data == "random":
            raise ValueError(
                f"A {task.noun} needs text to learn from: {task.text_reason}. "
                "Choose English prose, English-like text or a text file."
            )
        if not task.has_cipher:  # it has no one cipher: the cipher fields mean nothing
            object.__setattr__(self, "cipher", CIPHERLESS[0])
            object.__setattr__(self, "key", CIPHERLESS[1])
        if not task.feeds_back:  # its inputs are already text, or it answers per message
            object.__setattr__(self, "feedback", False)
        check_budget(self)
        if not task.has_cipher:
            self.make_alphabet()  # the alphabet must exist
        elif (self.cipher, self.key, self.alphabet) != ("caesar", "", "seed"):  # not the seed's
            self.make_cipher()  # the key and alphabet must suit the family

    @property
    def task_kind(self) -> Task:
        """What the model learns: the :class:`~cipherlab.core.settings.Task` named ``task``."""
        return task_named(self.task)

    @property
    def effective_batch_size(self) -> int:
        """Messages per optimiser step as the run trains: 1 under the ``batch_of_one`` mistake.

        "One message a step" overrides ``batch_size``; training and the run comparison
        (:func:`~cipherlab.core.settings.run_settings`) both read it here.
        """
        return 1 if "batch_of_one" in self.mistakes else self.batch_size

    def model_config(self, alphabet_size: int) -> ModelConfig:
        """The :class:`ModelConfig` these settings build for an ``alphabet_size``-symbol alphabet.

        The task sizes the vocabulary (:meth:`Task.vocab_size`): a language model has one
        symbol more, the start symbol (index ``alphabet_size``) it reads before a text's
        first symbol.
        """
        vocab = self.task_kind.vocab_size(alphabet_size)
        return ModelConfig(vocab_size=vocab, **self.architecture())

    def make_alphabet(self) -> Alphabet:
        """The alphabet the model reads and writes (``alphabet``), whatever the task.

        Raises
        ------
        KeyError
            If ``alphabet`` names no alphabet (the form's choices never do).
        """
        return ciphers.alphabet_named(self.alphabet)

    def text_alphabet(self) -> Alphabet:
        """The symbols the model reads and writes.

        That is :meth:`make_alphabet`, and for a language model over an alphabet without a
        separator symbol the word break too (:meth:`~cipherlab.core.settings.Task.
        text_alphabet`: ``letters`` gives ``letters+space``).
        """
        return self.task_kind.text_alphabet(self.make_alphabet())

    def make_cipher(self) -> Cipher:
        """The cipher this run learns to invert: ``cipher`` with ``key`` over ``alphabet``.

        The default config gives the seed cipher (Caesar +13 over ``A``-``Z`` and ``-``).
        A task without a cipher (a language model) has none to make.

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
        ValueError
            If the task has no cipher (:attr:`Task.has_cipher` is False).
        """
        if not self.task_kind.has_cipher:
            raise ValueError(f"A {self.task_kind.noun} has no cipher.")
        return ciphers.make_cipher(self.cipher, self.key or None, self.alphabet)

    def _check_mistakes(self) -> None:
        made = self.mistakes
        if isinstance(made, str) or not isinstance(made, (tuple, list)):
            raise ValueError("Mistakes must be a list of names.")
        unknown = [m for m in made if m not in MISTAKES]
        if unknown:
            raise ValueError(f"Unknown mistake {unknown[0]!r}; choose from {', '.join(MISTAKES)}.")
        # a set, in MISTAKES order, so equal choices make equal settings
        object.__setattr__(self, "mistakes", tuple(m for m in MISTAKES if m in made))
        caesar = self.task_kind.has_cipher and self.cipher == "caesar"
        if "rot13_inverse" in self.mistakes and not caesar:
            raise ValueError("The ROT13 mistake is about a Caesar shift: choose the Caesar cipher.")

    def task_fields(self) -> TaskFields:
        """The task fields (:data:`TASK_FIELDS` and ``data_path``) as a plain dict."""
        return TaskFields(
            task=self.task,
            cipher=self.cipher,
            key=self.key,
            alphabet=self.alphabet,
            data=self.data,
            data_path=self.data_path,
        )

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
