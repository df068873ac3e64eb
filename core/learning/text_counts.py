"""A run's training text, drawn exactly as its trainer draws it, and counted.

The yardsticks of a language model (its text's unigram and bigram entropies) and the n-gram
baselines of a crack are both counted from the first batches of a run's own training stream,
so neither side sees text the other could not.
"""

from __future__ import annotations

import numpy as np

from ..settings import TrainConfig
from ..text import Alphabet, ReferenceEntropies, text_entropies
from .data import plain_messages

REFERENCE_BATCHES = 50
"""Training batches counted for the reference entropies (100,000 symbols with the Fast
language-model preset: the entropies then vary by under 0.01 bit between seeds)."""


def training_texts(
    config: TrainConfig, batches: int = REFERENCE_BATCHES, alphabet: Alphabet | None = None
) -> np.ndarray:
    """The first ``batches`` training batches of a run's data, as its trainer draws them.

    Parameters
    ----------
    config : TrainConfig
        A run on ``english``, ``prose`` or ``file`` text (a language model's settings).
    batches : int
        How many batches of ``config.batch_size`` texts to draw (>= 1).
    alphabet : Alphabet, optional
        The texts' symbols (default ``config.make_alphabet()``, the cipher's: no word
        break over ``letters``).

    Returns
    -------
    numpy.ndarray
        int64 ``(batches * batch_size, seq_len)`` plaintext alphabet indices.

    Raises
    ------
    ValueError
        If the config's data is random symbols (nothing to count), or its text file cannot
        be used.
    """
    if config.data == "random":
        raise ValueError("Random symbols have no statistics to count: use English-like text.")
    messages = plain_messages(config, alphabet=alphabet)  # the same texts, whatever the task
    return np.concatenate([messages.batch()[1].numpy() for _ in range(batches)])


def reference_entropies(
    config: TrainConfig, batches: int = REFERENCE_BATCHES
) -> ReferenceEntropies:
    """The reference entropies of a language model's training text, as its run draws it.

    Counted over the symbols the model reads (:meth:`~cipherlab.core.settings.TrainConfig.
    text_alphabet`: over ``letters``, the word break too), with every word break kept.

    Parameters
    ----------
    config : TrainConfig
        A run on ``english``, ``prose`` or ``file`` text.
    batches : int
        Batches of the run's own training stream to count (the first ``batches``).

    Raises
    ------
    ValueError
        If the run's data is random symbols (every symbol equally likely: nothing to learn)
        or its text file cannot be used.
    """
    reads = config.text_alphabet()
    return text_entropies(training_texts(config, batches, reads), len(reads))
