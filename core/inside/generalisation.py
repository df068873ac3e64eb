"""How far a model generalises: accuracy against message length, off any GUI thread.

A model learns on messages of one length (32 symbols by default). :func:`probe_steps`
measures, for each of several lengths, how many symbols it decodes right (per-symbol
accuracy) and how many messages it decodes entirely right (whole-message accuracy), on
fresh messages of that length drawn from a source: uniform random symbols, English-like text
or the user's file. Each message is decoded as the app decodes a text
(:mod:`cipherlab.core.network.decoding`): in zero-state windows of the training length for
Caesar-like families, as one continuous sequence for Vigenère and autokey, whose models
must carry the key position in their state (so a Vigenère model trained on 32 symbols
either holds at 1,024 or shows where it stops).

The work is a plain generator yielding small frozen :class:`ProbeProgress` records every
few tens of milliseconds, so the window can run it in a worker (and stop it at any yield),
and ``cipherlab probe`` can show a progress bar. Memory is bounded whatever the lengths:
messages are decoded in blocks of at most :data:`FLOATS_PER_STEP` floats.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..settings import (
    DEFAULT_LENGTHS,
    DEFAULT_MESSAGES,
    MAX_MESSAGES,
    SOURCES,
    check_lengths,
)
from ..text import Alphabet

if TYPE_CHECKING:  # torch loads with the functions that compute
    from ..storage import ModelBundle

FLOATS_PER_STEP = 2**22
"""Floats of model output (or recurrent gates) per step: 16 MB, a few tens of ms."""
PlaintextSource = Callable[[np.random.Generator, int, int], np.ndarray]
"""``draw(rng, count, length)`` -> int64 ``(count, length)`` plaintext alphabet indices."""


class ProbePoint(NamedTuple):
    """Accuracy at one message length.

    Attributes
    ----------
    length : int
        Symbols per message.
    symbol_accuracy : float
        Fraction in ``[0, 1]`` of all symbols decoded right.
    message_accuracy : float
        Fraction in ``[0, 1]`` of messages with every symbol right.
    messages : int
        Messages measured.
    """

    length: int
    symbol_accuracy: float
    message_accuracy: float
    messages: int


@dataclass(frozen=True)
class ProbeProgress:
    """How far a probe has got: plain data, safe to send across threads.

    Attributes
    ----------
    fraction : float
        Share of the work done, in ``[0, 1]`` (by symbols decoded).
    points : tuple of ProbePoint
        The lengths measured so far, in the order asked.
    """

    fraction: float
    points: tuple[ProbePoint, ...]


def random_source(alphabet: Alphabet) -> PlaintextSource:
    """Uniform random symbols over ``alphabet`` (the seed's data)."""
    n = len(alphabet)
    return lambda rng, count, length: rng.integers(0, n, size=(count, length), dtype=np.int64)


def english_source(alphabet: Alphabet) -> PlaintextSource:
    """English-like text (:func:`cipherlab.core.text.english_messages`).

    Raises
    ------
    ModuleNotFoundError
        If the word-count package is not installed.
    """
    from ..text import english_messages, word_tables

    word_tables()  # fail now, not in the first step
    return lambda rng, count, length: english_messages(rng, count, length, alphabet)


def file_source(path: str | os.PathLike, alphabet: Alphabet, longest: int) -> PlaintextSource:
    """Messages at random offsets in a text file, normalised to ``alphabet``.

    The whole file is used (it may include text the model was trained on: a probe asks how
    the model copes with this kind of text and with long messages, not how it does on
    unseen text).

    Parameters
    ----------
    path : str or os.PathLike
        A UTF-8 text file.
    alphabet : Alphabet
        The model's alphabet.
    longest : int
        The longest message length to be drawn; the file must have that many symbols.

    Raises
    ------
    TextFileError
        If the file is missing, binary, not UTF-8, too big, or shorter than ``longest``
        symbols (a ``ValueError``; one sentence).
    """
    from pathlib import Path

    from ..text import read_text_file, text_indices

    indices = text_indices(read_text_file(path), alphabet)
    return window_source(indices, Path(path).name, longest)


def prose_source(alphabet: Alphabet, longest: int) -> PlaintextSource:
    """Messages at random offsets in the ``test`` part of the English prose sources.

    The part that no model or calibration here learns from
    (:func:`~cipherlab.core.text.prose_indices`): a model trained on English prose is
    measured on prose it never read.

    Raises
    ------
    TextFileError
        If the installed prose is shorter than ``longest`` symbols.
    """
    from ..text import prose_indices

    return window_source(prose_indices("test", alphabet), "English prose", longest)


def window_source(indices: np.ndarray, name: str, longest: int) -> PlaintextSource:
    """Messages at uniform random offsets in one text's alphabet indices.

    Raises
    ------
    TextFileError
        If the text (called ``name`` in the message) is shorter than ``longest`` symbols.
    """
    from ..text import TextFileError

    indices = np.asarray(indices, dtype=np.int64)
    if len(indices) < longest:
        raise TextFileError(
            f"{name} is too short: {len(indices):,} symbols of text after "
            f"normalising, and {longest:,}-symbol messages need at least {longest:,}."
        )

    def draw(rng: np.random.Generator, count: int, length: int) -> np.ndarray:
        starts = rng.integers(0, len(indices) - length + 1, size=count)
        return indices[starts[:, None] + np.arange(length)]

    return draw


def plaintext_source(
    source: str | os.PathLike | PlaintextSource, alphabet: Alphabet, longest: int
) -> tuple[str, PlaintextSource]:
    """A source by name (``random``, ``english``, ``prose``), a text file's path, or a callable.

    Returns
    -------
    label : str
        How to name the source for people (``"random"``, the file's name, ``"custom"``).
    draw : PlaintextSource

    Raises
    ------
    ValueError
        A :class:`~cipherlab.core.text.TextFileError` for an unusable file.
    ModuleNotFoundError
        For ``english`` without its word-count package.
    """
    if callable(source):
        return getattr(source, "__name__", "custom"), source
    if source == "random":
        return "random", random_source(alphabet)
    if source == "english":
        return "english", english_source(alphabet)
    if source == "prose":
        return "prose", prose_source(alphabet, longest)
    return os.fspath(source), file_source(source, alphabet, longest)


def training_source(bundle: ModelBundle) -> tuple[str, str]:
    """The source a probe of ``bundle`` draws from by default: the model's own training data.

    A model trained on English is measured on English, not on random symbols it never saw.
    The source is read from the metadata's ``training.data``; when it cannot be used (a
    text file, whose path the model file does not keep, or no record at all) the probe
    falls back to ``"random"`` and says why.

    Parameters
    ----------
    bundle : ModelBundle
        The model and its metadata.

    Returns
    -------
    source : str
        ``"random"`` or ``"english"`` (one of :data:`~cipherlab.core.settings.SOURCES`).
    note : str
        Why that source, for people: ``"the model's training data"``, or the reason for
        falling back to random symbols.

    Examples
    --------
    >>> from cipherlab.core.storage.model_file import load_model
    >>> from cipherlab.resources import default_model_path
    >>> training_source(load_model(default_model_path()))
    ('random', 'the model file does not name its training data')
    """
    training = bundle.metadata.get("training")
    data = training.get("data") if isinstance(training, dict) else None
    if data in SOURCES:
        return str(data), "the model's training data"
    if data == "file":
        name = str(training.get("data_path") or "") if isinstance(training, dict) else ""
        text = f"its training text, {name}," if name else "its training text"
        return "random", f"{text} is not stored with the model"
    if data:
        return "random", f"the model's training data ({str(data)[:40]!r}) is not one a probe knows"
    return "random", "the model file does not name its training data"


def _seed_for(seed: int, length: int) -> np.random.Generator:
    from ..learning import numpy_stream  # streams named apart from training's and validation's

    return numpy_stream(seed, f"probe-{length}")


def probe_steps(
    bundle: ModelBundle,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    source: str | os.PathLike | PlaintextSource = "random",
    n_messages: int = DEFAULT_MESSAGES,
    seed: int = 0,
) -> Generator[ProbeProgress, None, list[ProbePoint]]:
    """Measure accuracy against message length, in steps: a generator for a worker.

    Parameters
    ----------
    bundle : ModelBundle
        The model, its cipher (any family) and its training message length
        (:attr:`~cipherlab.core.storage.ModelBundle.seq_len`, its decode window).
    lengths : sequence of int
        Message lengths to measure, in symbols (see :func:`check_lengths`).
    source : str, path or callable
        ``"random"`` (uniform symbols), ``"english"`` (English-like text), a UTF-8 text
        file's path, or a :data:`PlaintextSource`.
    n_messages : int
        Messages per length, 1 to :data:`MAX_MESSAGES`.
    seed : int
        The same seed gives the same messages (and so the same numbers).

    Yields
    ------
    ProbeProgress
        After every step (a block of at most :data:`FLOATS_PER_STEP` floats of work), and
        once at the end. A consumer that stops iterating stops the probe.

    Returns
    -------
    list of ProbePoint
        One per length, in the order given.

    Raises
    ------
    ValueError
        If the model has no cipher (a language model), a length or ``n_messages`` is out of
        bounds, or the text file is unusable (one sentence each). Checked before any model
        call.
    """
    import torch

    from ..network import decode_batch, stream_indices

    lengths = check_lengths(lengths)
    if isinstance(n_messages, bool) or not 1 <= n_messages <= MAX_MESSAGES:
        raise ValueError(f"Messages per length must be from 1 to {MAX_MESSAGES:,}.")
    cipher, model, window = bundle.cipher, bundle.model, bundle.seq_len
    if cipher is None:
        raise ValueError(f"A {bundle.task_kind.noun} has no cipher to decrypt at any length.")
    _, draw = plaintext_source(source, cipher.alphabet, max(lengths))
    continuous = cipher.position_dependent  # decoded as the app decodes (see decoding)
    config = model.config
    budget = max(1, FLOATS_PER_STEP // max(config.vocab_size, 4 * config.hidden_size))
    total = n_messages * sum(lengths)
    done = 0
    points: list[ProbePoint] = []
    for length in lengths:
        plain = np.asarray(draw(_seed_for(seed, length), n_messages, length), dtype=np.int64)
        messages = torch.from_numpy(plain)
        cipher_text = cipher.encrypt_indices(messages)
        cols = min(length, max(1, budget // n_messages))
        if not continuous:  # whole windows, so each block cuts the message where decode does
            cols = -(-cols // window) * window
        rows = max(1, min(n_messages, budget // cols))
        right = torch.zeros(n_messages, dtype=torch.int64)
        for r in range(0, n_messages, rows):
            state = None
            for c in range(0, length, cols):
                block = cipher_text[r : r + rows, c : c + cols]
                if continuous:
                    probs, state = stream_indices(model, block, state)
                else:
                    probs = decode_batch(model, block, window)
                hits = probs.argmax(dim=-1) == messages[r : r + rows, c : c + cols]
                right[r : r + rows] += hits.sum(dim=1)
                done += block.numel()
                yield ProbeProgress(done / total, tuple(points))
        points.append(
            ProbePoint(
                length,
                float(right.sum()) / (n_messages * length),
                float((right == length).sum()) / n_messages,
                n_messages,
            )
        )
    yield ProbeProgress(1.0, tuple(points))
    return points


def probe(
    bundle: ModelBundle,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    source: str | os.PathLike | PlaintextSource = "random",
    n_messages: int = DEFAULT_MESSAGES,
    seed: int = 0,
) -> list[ProbePoint]:
    """:func:`probe_steps` run to the end: one :class:`ProbePoint` per length.

    Examples
    --------
    >>> from cipherlab.core.storage.model_file import load_model
    >>> from cipherlab.resources import default_model_path
    >>> probe(load_model(default_model_path()), [8, 1024], n_messages=10)[1]
    ProbePoint(length=1024, symbol_accuracy=1.0, message_accuracy=1.0, messages=10)
    """
    steps = probe_steps(bundle, lengths, source, n_messages, seed)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
