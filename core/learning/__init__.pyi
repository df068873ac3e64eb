# The public face of cipherlab.core.learning (loaded lazily by __init__.py).

from .data import (
    TASK_MESSAGES,
    numpy_stream,
    plain_messages,
    random_batch,
    run_messages,
    run_on,
    stream_generator,
    validation_set,
)
from .live_feed import LiveUpdate, live_updates
from .mapping import LearnedMapping, mapping_of
from .run_control import RunControl
from .text_counts import REFERENCE_BATCHES, reference_entropies, training_texts
from .training import Trainer, cross_entropy, new_model, train_step

__all__ = [
    "run_on",
    "LearnedMapping",
    "mapping_of",
    "REFERENCE_BATCHES",
    "reference_entropies",
    "training_texts",
    "LiveUpdate",
    "RunControl",
    "TASK_MESSAGES",
    "Trainer",
    "cross_entropy",
    "live_updates",
    "new_model",
    "numpy_stream",
    "plain_messages",
    "random_batch",
    "run_messages",
    "stream_generator",
    "train_step",
    "validation_set",
]
