"""Seeded (ciphertext, plaintext) batches for a run: random, English-like or file messages.

``random`` is the seed tutorial's data: each message is ``seq_len`` symbols drawn uniformly
from the whole alphabet (``-`` included), and its ciphertext is the cipher applied to it,
as in the tutorial "Building your first RNN" (parts 1-3). ``english`` messages come from
:mod:`cipherlab.core.text.english`, ``file`` messages from the user's text
(:mod:`cipherlab.core.text.sources`). Every message is one row, starting at key position 0.

Each source draws training messages from its own seeded stream and holds out a fixed
validation set that training never yields: a separate random stream (``random``; a repeat
of one of its 32-symbol messages has probability ``27**-32``), a separate walk whose
messages are also removed from the training stream should it ever produce one (``english``,
where common phrases could repeat), or the last 10 % of the file (``file``).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np
import torch

from ..ciphers import Cipher
from ..network import next_symbol_inputs
from ..settings import DECRYPT, IDENTIFY, LANGUAGE_MODEL, SEQ_LEN, Task, TrainConfig
from ..text import Alphabet

VALIDATION_SEED = 20_240_613
"""Seed of the fixed validation set; training data comes from a separate stream."""


def _stream_seed(seed: int, stream: str) -> int:
    digest = hashlib.sha256(f"{stream}:{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & (2**63 - 1)


def stream_generator(seed: int, stream: str) -> torch.Generator:
    """A CPU ``torch.Generator`` for one named stream of one seed.

    Different ``stream`` names give independent sequences, so training data with seed
    ``s`` never replays the validation set or the model's initial weights.
    """
    return torch.Generator().manual_seed(_stream_seed(seed, stream))


def numpy_stream(seed: int, stream: str) -> np.random.Generator:
    """A ``numpy.random.Generator`` for one named stream of one seed (text sources use these)."""
    return np.random.default_rng(_stream_seed(seed, stream))


def random_batch(
    cipher: Cipher, batch_size: int, seq_len: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Draw random plaintext messages and encrypt them.

    Parameters
    ----------
    cipher : Cipher
        The cipher to learn; its alphabet size ``n`` is the vocabulary.
    batch_size, seq_len : int
        Number of messages and symbols per message (both >= 1).
    generator : torch.Generator
        Source of randomness (see :func:`stream_generator`).

    Returns
    -------
    ciphertext, plaintext : torch.Tensor
        int64 tensors of shape ``(batch_size, seq_len)`` with values in ``[0, n)``.

    Raises
    ------
    ValueError
        If ``batch_size`` or ``seq_len`` is below 1.
    """
    if batch_size < 1 or seq_len < 1:
        raise ValueError(f"batch_size and seq_len must be >= 1, got {batch_size}, {seq_len}.")
    n = len(cipher.alphabet)
    plaintext = torch.randint(0, n, (batch_size, seq_len), generator=generator)
    return cipher.encrypt_indices(plaintext), plaintext


def validation_set(
    cipher: Cipher, size: int = 256, seq_len: int = SEQ_LEN
) -> tuple[torch.Tensor, torch.Tensor]:
    """The fixed, seeded held-out set of random messages: same arguments, same data.

    Returns
    -------
    ciphertext, plaintext : torch.Tensor
        int64, shape ``(size, seq_len)``.
    """
    return random_batch(cipher, size, seq_len, stream_generator(VALIDATION_SEED, "validation"))


def encrypted(cipher: Cipher | None, plaintext: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """int64 ``(batch, seq_len)`` plaintext indices -> (ciphertext, plaintext) tensors.

    Without a cipher (a language model's texts) the "ciphertext" is the plaintext itself.
    """
    plain = torch.from_numpy(np.ascontiguousarray(plaintext, dtype=np.int64))
    return (plain if cipher is None else cipher.encrypt_indices(plain)), plain


class Messages(ABC):
    """A run's data: a stream of training batches and a fixed validation set.

    Attributes
    ----------
    cipher : Cipher or None
        The cipher to learn; None for a task without one (a language model).
    validation : tuple of torch.Tensor
        (inputs, targets), int64 ``(validation_size, seq_len)``: ciphertext and plaintext.
    """

    cipher: Cipher | None
    validation: tuple[torch.Tensor, torch.Tensor]

    @abstractmethod
    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next training batch: (ciphertext, plaintext), int64 ``(batch_size, seq_len)``."""


class RandomMessages(Messages):
    """The seed's data: uniform random symbols, batch for batch as before cipher families.

    Training batches come from ``stream_generator(seed, "train")`` and the validation set
    is :func:`validation_set`, so a caesar run gives the same curve as it always has.
    """

    def __init__(
        self, cipher: Cipher, batch_size: int, seq_len: int, seed: int, validation_size: int
    ) -> None:
        self.cipher = self._cipher = cipher  # _cipher: never None here
        self.batch_size = batch_size
        self.seq_len = seq_len
        self._generator = stream_generator(seed, "train")
        self.validation = validation_set(cipher, validation_size, seq_len)

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next training batch (see :func:`random_batch`)."""
        return random_batch(self._cipher, self.batch_size, self.seq_len, self._generator)


class TextMessages(Messages):
    """Messages cut from text: English-like walks or the user's file.

    Parameters
    ----------
    cipher : Cipher or None
        The cipher to learn; None gives the plaintext as its own "ciphertext".
    batch_size : int
        Messages per training batch.
    draw : callable
        ``draw(count)`` gives int64 ``(count, seq_len)`` training plaintext.
    validation_plain : numpy.ndarray
        int64 ``(size, seq_len)``: the validation plaintext.
    exclude_validation : bool
        Redraw any training message equal to a validation message (the English source,
        whose common phrases could repeat).
    """

    def __init__(
        self,
        cipher: Cipher | None,
        batch_size: int,
        draw: Callable[[int], np.ndarray],
        validation_plain: np.ndarray,
        exclude_validation: bool = False,
    ) -> None:
        self.cipher = cipher
        self.batch_size = batch_size
        self._draw = draw
        self.validation = encrypted(cipher, validation_plain)
        self._held_out = (
            {row.tobytes() for row in np.asarray(validation_plain, dtype=np.int64)}
            if exclude_validation
            else None
        )

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next training batch: (ciphertext, plaintext), int64 ``(batch_size, seq_len)``."""
        plain = self._draw(self.batch_size)
        if self._held_out is not None:
            while True:
                clash = [i for i, row in enumerate(plain) if row.tobytes() in self._held_out]
                if not clash:
                    break
                plain[clash] = self._draw(len(clash))
        return encrypted(self.cipher, plain)


RUN_ON_SHARE = 1 / 3
"""Share of a language model's messages whose word breaks are taken out, when its alphabet
gained the word break (``letters+space``): ciphertexts often come in run-on letters or
five-letter groups, and the model must read those as well."""


def run_on(plain: np.ndarray, word_break: int, rows: np.ndarray) -> np.ndarray:
    """``plain`` with the word breaks of the chosen rows taken out.

    Each such row is refilled to ``seq_len`` from the letters of the next row (the last row
    from the first).

    Parameters
    ----------
    plain : numpy.ndarray
        int64 ``(batch, seq_len)``: texts whose index ``word_break`` separates words.
    word_break : int
        The word break's index.
    rows : numpy.ndarray
        bool ``(batch,)``: the rows to run on.

    Returns
    -------
    numpy.ndarray
        int64 ``(batch, seq_len)``; the chosen rows hold no ``word_break``. A row whose two
        messages together have fewer than ``seq_len`` letters is left as it was.
    """
    out = plain.copy()
    seq_len = plain.shape[1]
    for i in np.flatnonzero(rows):
        both = np.concatenate([plain[i], plain[(i + 1) % len(plain)]])
        letters = both[both != word_break]
        if len(letters) >= seq_len:
            out[i] = letters[:seq_len]
    return out


class NextSymbolMessages(Messages):
    """A language model's data: each text's symbols, to be predicted one after another.

    Wraps plaintext messages (made without a cipher) and gives
    (:func:`next_symbol_inputs`, plaintext) pairs, for training and validation alike. With a
    ``word_break`` index, :data:`RUN_ON_SHARE` of the messages lose their word breaks
    (:func:`run_on`): drawn from ``numpy_stream(seed, "train-run-on")`` in training, every
    third message of the validation set.
    """

    def __init__(
        self, texts: Messages, start: int, word_break: int | None = None, seed: int = 0
    ) -> None:
        self.cipher = None  # it reads plaintext
        self._texts = texts
        self._start = start
        self._word_break = word_break
        self._rng = numpy_stream(seed, "train-run-on")
        plain = texts.validation[1]
        if word_break is not None:
            every_third = np.arange(len(plain)) % 3 == 2
            plain = torch.from_numpy(run_on(plain.numpy(), word_break, every_third))
        self.validation = (next_symbol_inputs(plain, start), plain)

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next training batch: (inputs, plaintext), int64 ``(batch_size, seq_len)``."""
        plain = self._texts.batch()[1]
        if self._word_break is not None:
            rows = self._rng.random(len(plain)) < RUN_ON_SHARE
            plain = torch.from_numpy(run_on(plain.numpy(), self._word_break, rows))
        return next_symbol_inputs(plain, self._start), plain


IDENTIFY_PERIODS = (2, 12)
"""Shortest and longest Vigenère keyword and autokey primer of Identify's messages."""


def identify_cipher(label: str, alphabet: Alphabet, rng: np.random.Generator) -> Cipher | None:
    """A cipher of the family ``label`` names, with a random key; None for ``english``.

    ``shift`` is a Caesar or an affine cipher (even odds), ``substitution`` a random
    permutation, ``vigenere`` and ``autokey`` a random keyword or primer of
    :data:`IDENTIFY_PERIODS` symbols.

    Parameters
    ----------
    label : str
        One of :data:`~cipherlab.core.settings.IDENTIFY_LABELS`.
    alphabet : Alphabet
        The symbols it acts on.
    rng : numpy.random.Generator
        Source of the family's choice and key.
    """
    from ..ciphers import family_named

    if label == "english":
        return None
    if label == "shift":
        family = family_named("caesar" if rng.random() < 0.5 else "affine")
        return family.from_key(alphabet, family.random_key(rng, alphabet))
    if label == "substitution":
        family = family_named("substitution")
        return family.from_key(alphabet, family.random_key(rng, alphabet))
    family = family_named(label)
    length = int(rng.integers(IDENTIFY_PERIODS[0], IDENTIFY_PERIODS[1] + 1))
    return family.from_key(alphabet, family.random_key(rng, alphabet, length))  # type: ignore[call-arg]


def identify_batch(
    plaintext: np.ndarray, alphabet: Alphabet, rng: np.random.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Encrypt each message by a family drawn uniformly from the labels, each with its own key.

    Parameters
    ----------
    plaintext : numpy.ndarray
        int64 ``(batch, seq_len)``: the messages' plaintext indices.
    alphabet : Alphabet
        Their alphabet.
    rng : numpy.random.Generator
        Source of the labels and keys.

    Returns
    -------
    ciphertext : torch.Tensor
        int64 ``(batch, seq_len)``.
    labels : torch.Tensor
        int64 ``(batch,)``: each message's index in
        :data:`~cipherlab.core.settings.IDENTIFY_LABELS`.
    """
    labels = IDENTIFY.labels
    plain = np.ascontiguousarray(plaintext, dtype=np.int64)
    chosen = rng.integers(0, len(labels), len(plain))
    rows = []
    for row, label in zip(plain, chosen, strict=True):
        cipher = identify_cipher(labels[label], alphabet, rng)
        rows.append(row if cipher is None else np.asarray(cipher.encrypt_indices(row)))
    ciphertext = np.stack(rows) if rows else plain.copy()
    return torch.from_numpy(ciphertext.astype(np.int64)), torch.from_numpy(chosen.astype(np.int64))


class LabelledMessages(Messages):
    """Identify's data: messages of text, each encrypted by a random family with a random key.

    Wraps plaintext messages (made without a cipher) and gives (ciphertext, label) pairs:
    int64 ``(batch, seq_len)`` and ``(batch,)``. Training draws its families and keys from
    ``numpy_stream(seed, "train-identify")``, the validation set from a stream of
    :data:`VALIDATION_SEED`, so it is the same for every run; the texts keep their own
    training and validation streams apart (:func:`plain_messages`).
    """

    def __init__(self, texts: Messages, alphabet: Alphabet, seed: int) -> None:
        self.cipher = None  # a random family and key per message: none to learn
        self._texts = texts
        self._alphabet = alphabet
        self._rng = numpy_stream(seed, "train-identify")
        held_out = numpy_stream(VALIDATION_SEED, "validation-identify")
        self.validation = identify_batch(texts.validation[1].numpy(), alphabet, held_out)

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next training batch: (ciphertext, labels), both int64."""
        plain = self._texts.batch()[1].numpy()
        return identify_batch(plain, self._alphabet, self._rng)


def plain_messages(
    config: TrainConfig, cipher: Cipher | None = None, alphabet: Alphabet | None = None
) -> Messages:
    """The messages of ``config.data``, encrypted with ``cipher`` (None: left as plaintext).

    Parameters
    ----------
    config : TrainConfig
        ``data`` (``random``, ``english``, ``prose``, or ``file`` with ``data_path``),
        ``seed``, ``alphabet``, ``batch_size``, ``seq_len`` and ``validation_size``.
    cipher : Cipher, optional
        The cipher to learn (its alphabet is the config's); without one, each message's
        "ciphertext" is its plaintext.
    alphabet : Alphabet, optional
        The symbols of the texts (default ``config.make_alphabet()``; a language model's
        :meth:`~cipherlab.core.settings.TrainConfig.text_alphabet` keeps the word breaks).

    Raises
    ------
    TextFileError
        For ``file``: the file is missing, binary, not UTF-8, too big or too short (a
        ``ValueError``; see :func:`~cipherlab.core.text.load_file_text`).
    """
    size, seq_len = config.validation_size, config.seq_len
    alphabet = alphabet or config.make_alphabet()
    if config.data == "english":
        from ..text import english_messages

        train = numpy_stream(config.seed, "train-english")
        held_out = numpy_stream(VALIDATION_SEED, "validation-english")
        return TextMessages(
            cipher,
            config.batch_size,
            lambda count: english_messages(train, count, seq_len, alphabet),
            english_messages(held_out, size, seq_len, alphabet),
            exclude_validation=True,
        )
    if config.data in ("file", "prose"):
        from ..text import load_file_text, prose_training_text

        if config.data == "file":
            text = load_file_text(config.data_path, alphabet, seq_len)
        else:
            text = prose_training_text(alphabet)
        rng = numpy_stream(config.seed, f"train-{config.data}")
        return TextMessages(
            cipher,
            config.batch_size,
            lambda count: text.training_messages(rng, count, seq_len),
            text.validation_messages(size, seq_len),
        )
    if cipher is None:
        raise ValueError("Random messages are drawn for a cipher: give one.")
    return RandomMessages(cipher, config.batch_size, seq_len, config.seed, size)


def _decryption_messages(config: TrainConfig, cipher: Cipher | None) -> Messages:
    """(ciphertext, plaintext): the cipher's output, and what it hides."""
    return plain_messages(config, cipher or config.make_cipher())


def _next_symbol_messages(config: TrainConfig, cipher: Cipher | None) -> Messages:
    """(text behind a start symbol, text): each next symbol, from the ones before it."""
    alphabet, reads = config.make_alphabet(), config.text_alphabet()
    word_break = len(alphabet) if len(reads) > len(alphabet) else None  # letters+space
    texts = plain_messages(config, alphabet=reads)
    return NextSymbolMessages(texts, len(reads), word_break, config.seed)


def _labelled_messages(config: TrainConfig, cipher: Cipher | None) -> Messages:
    """(ciphertext, label): text encrypted by a random family, and which family it was."""
    return LabelledMessages(plain_messages(config), config.make_alphabet(), config.seed)


TASK_MESSAGES: dict[Task, Callable[[TrainConfig, Cipher | None], Messages]] = {
    DECRYPT: _decryption_messages,
    LANGUAGE_MODEL: _next_symbol_messages,
    IDENTIFY: _labelled_messages,
}
"""Each task's inputs and targets: how a run's messages become what its model reads."""


def run_messages(config: TrainConfig, cipher: Cipher | None = None) -> Messages:
    """The data of a run with ``config``: its task's inputs and targets, from ``config.data``.

    Parameters
    ----------
    config : TrainConfig
        The task (:attr:`~cipherlab.core.settings.TrainConfig.task_kind`), ``data``,
        ``seed``, ``alphabet``, ``batch_size``, ``seq_len`` and ``validation_size``.
    cipher : Cipher, optional
        The cipher to learn (default ``config.make_cipher()``); a task without a cipher
        ignores it.

    Returns
    -------
    Messages
        For a decryption run, (ciphertext, plaintext) pairs; for a language model,
        :class:`NextSymbolMessages` of the texts; for Identify, :class:`LabelledMessages`.

    Raises
    ------
    TextFileError
        For ``file``: the file is missing, binary, not UTF-8, too big or too short (a
        ``ValueError``; see :func:`~cipherlab.core.text.load_file_text`).
    """
    return TASK_MESSAGES[config.task_kind](config, cipher)
