# The public face of cipherlab.core.inside (loaded lazily by __init__.py).

from .attribution import saliency
from .embeddings import EmbeddingMap, embedding_map
from .generalisation import (
    ProbePoint,
    ProbeProgress,
    plaintext_source,
    probe,
    probe_steps,
    training_source,
)
from .mapping import learned_mapping
from .read_back import ReadBack, read_back
from .recurrent_states import SIGNALS, hidden_states, period_tracking

__all__ = [
    "plaintext_source",
    "EmbeddingMap",
    "ProbePoint",
    "ProbeProgress",
    "ReadBack",
    "SIGNALS",
    "embedding_map",
    "hidden_states",
    "learned_mapping",
    "period_tracking",
    "probe",
    "probe_steps",
    "read_back",
    "saliency",
    "training_source",
]
