"""What a model learns: one type per task, each telling its own story in one place.

A task says how big the model's vocabulary is for an alphabet, whether there is a cipher to
learn, whether it needs real text, what its loss is measured in and what its accuracy means.
The rest of the app asks the task (``config.task_kind``, ``bundle.task_kind``) instead of
comparing names. The name (``"decrypt"``, ``"lm"``, ``"identify"``) is what settings, run
files and model files store. Imports neither torch, NumPy nor Qt.
"""

from __future__ import annotations

import math
from abc import ABC
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..text import Alphabet


class Task(ABC):
    """A kind of model on the one network (Embedding -> LSTM -> Linear).

    Attributes
    ----------
    name : str
        The stored name (``TrainConfig.task``, run files and model files).
    label : str
        Short title for menus and lists (``"Language model"``).
    noun : str
        What a model of the task is called in a sentence (``"language model"``).
    description : str
        One sentence on what the model learns.
    has_cipher : bool
        True if the model learns to invert a cipher (its inputs are ciphertext); False if it
        reads plaintext and has no cipher at all.
    needs_text : bool
        True if random symbols cannot teach it (a language model: nothing to predict).
    text_reason : str
        Why random symbols cannot teach it (when :attr:`needs_text`), as a clause.
    start_symbols : int
        Symbols the vocabulary has beyond the alphabet (a language model's start symbol).
    loss_unit : str
        The unit its loss is shown in (``"nats/symbol"`` or ``"bits/symbol"``).
    loss_per_nat : float
        Its loss unit per nat (1 for nats, ``1 / ln 2`` for bits): see :meth:`shown_loss`.
    metric : str
        What its validation accuracy measures.
    writes_text : bool
        True if the model predicts text (a language model): its loss is an entropy rate in
        bits per symbol, drawn over yardsticks, and the window samples text from it.
    labels : tuple of str
        The classes of a task that names one label per message (Identify), in the order of
        the model's outputs; empty for a task with an answer per symbol.
    default_data : str
        The data source its presets learn from (one of ``DATA_SOURCES``).
    feeds_back : bool
        True if its model may read its own previous output (``feedback``): a decryption
        model, whose previous output is the previous plaintext symbol. A language model
        already reads the previous symbol; Identify gives one answer per message.
    """

    name: str
    label: str
    noun: str
    description: str
    has_cipher: bool
    needs_text: bool
    text_reason: str = ""
    start_symbols: int
    loss_unit: str
    loss_per_nat: float
    metric: str
    writes_text: bool = False
    labels: tuple[str, ...] = ()
    default_data: str = "random"
    feeds_back: bool = False

    def vocab_size(self, alphabet_size: int) -> int:
        """The model's vocabulary for an ``alphabet_size``-symbol alphabet.

        Examples
        --------
        >>> DECRYPT.vocab_size(27), LANGUAGE_MODEL.vocab_size(27)
        (27, 28)
        """
        return alphabet_size + self.start_symbols

    def text_alphabet(self, alphabet: Alphabet) -> Alphabet:
        """The symbols a model of this task reads and writes for ``alphabet``.

        The alphabet itself (a language model adds a word break; see :class:`LanguageModel`).
        """
        return alphabet

    def shown_loss(self, nats: float) -> float:
        """A loss in nats per symbol (as it is trained), in this task's :attr:`loss_unit`.

        Examples
        --------
        >>> round(LANGUAGE_MODEL.shown_loss(math.log(2)), 12), DECRYPT.shown_loss(0.5)
        (1.0, 0.5)
        """
        return nats * self.loss_per_nat

    def __repr__(self) -> str:
        return f"<task {self.name}>"


class Decrypt(Task):
    """Ciphertext -> plaintext, the seed's task: its inputs are the cipher's output."""

    name = "decrypt"
    label = "Decrypt a cipher"
    noun = "decryption model"
    description = "Learns to turn ciphertext into plaintext, one symbol at a time."
    has_cipher = True
    needs_text = False
    start_symbols = 0
    loss_unit = "nats/symbol"
    loss_per_nat = 1.0
    metric = "validation accuracy (symbols decrypted right)"
    feeds_back = True


class LanguageModel(Task):
    """Text -> each next symbol: it reads plaintext behind a start symbol and has no cipher.

    Its loss reads in bits per symbol (the text's entropy rate as the model sees it), which
    scores candidate keys when a cipher's key is unknown. It reads where words end: over an
    alphabet without a separator symbol (``letters``) the space is one more symbol
    (:meth:`text_alphabet`), so its samples have words and the breaks of a ciphertext
    that keeps them help to score it.
    """

    name = "lm"
    label = "Language model"
    noun = "language model"
    description = "Predicts each next symbol of a text from the symbols before it."
    has_cipher = False
    needs_text = True
    text_reason = "random symbols have nothing to predict"
    start_symbols = 1
    loss_unit = "bits/symbol"  # the unit of its yardsticks and of text compression
    loss_per_nat = 1 / math.log(2)
    metric = "next-symbol accuracy (the top guess right)"
    writes_text = True
    default_data = "prose"  # real English: text people wrote, not text we generated

    def text_alphabet(self, alphabet: Alphabet) -> Alphabet:
        """``alphabet`` and a word break: ``letters`` gives ``letters+space`` (27 symbols).

        Examples
        --------
        >>> from cipherlab.core.text import LETTER_ALPHABET, SEED_ALPHABET
        >>> [len(LANGUAGE_MODEL.text_alphabet(a)) for a in (LETTER_ALPHABET, SEED_ALPHABET)]
        [27, 27]
        """
        from ..text import with_word_break

        return with_word_break(alphabet)


IDENTIFY_LABELS = ("english", "shift", "substitution", "vigenere", "autokey")
"""The cipher families Identify tells apart, in the order of the model's outputs: plain
English, a shift or affine cipher, a general substitution, Vigenère, autokey."""


class Identify(Task):
    """Ciphertext -> which family made it: one label per message, read at the message's end.

    Its inputs are messages of English encrypted by a family drawn uniformly from
    :data:`IDENTIFY_LABELS` (``english``: not encrypted), each with a random key. The
    network is the same (Embedding -> LSTM -> Linear over the alphabet); the first
    ``len(labels)`` outputs are the labels' logits, averaged over the message's symbols
    (:func:`~cipherlab.core.network.label_logits`), so its loss is in nats per message.
    """

    name = "identify"
    label = "Identify a cipher"
    noun = "cipher identifier"
    description = "Learns to tell which cipher family made a ciphertext, one label per message."
    has_cipher = False  # it reads many ciphers, each with its own random key: none to set
    needs_text = True
    text_reason = "random symbols look alike under every cipher"
    start_symbols = 0
    loss_unit = "nats/message"
    loss_per_nat = 1.0
    metric = "validation accuracy (messages identified right)"
    labels = IDENTIFY_LABELS
    default_data = "english"

    def vocab_size(self, alphabet_size: int) -> int:
        """The alphabet, and at least one output per label.

        Examples
        --------
        >>> IDENTIFY.vocab_size(27), IDENTIFY.vocab_size(3)
        (27, 5)
        """
        return max(alphabet_size, len(self.labels))


DECRYPT = Decrypt()
"""The decryption task (the default)."""
LANGUAGE_MODEL = LanguageModel()
"""The language-model task."""
IDENTIFY = Identify()
"""The cipher-identification task."""

TASKS: dict[str, Task] = {task.name: task for task in (DECRYPT, LANGUAGE_MODEL, IDENTIFY)}
"""Every task by its stored name, in menu order."""


def task_named(name: object) -> Task:
    """The task stored as ``name``; anything else is the seed's task, :data:`DECRYPT`.

    Files written before tasks existed have no name: they are decryption models.
    """
    return TASKS.get(name, DECRYPT) if isinstance(name, str) else DECRYPT
