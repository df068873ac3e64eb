# The public face of cipherlab.core.network (loaded lazily by __init__.py).

from .carry_over import MAX_DOUBTS, CarryOver, follow_doubts
from .decoding import (
    LOW_CONFIDENCE,
    Comparison,
    Decoding,
    KeyDecoding,
    compare_with_exact,
    decode,
    decode_batch,
    decode_in_pieces,
    decode_indices,
    decode_steps,
    reads_back,
    stream_indices,
)
from .feedback import FEEDBACK_WINDOW, FeedbackState, decode_greedily
from .labels import label_logits, label_probabilities
from .language_model import (
    MAX_SAMPLE,
    bits_per_symbol,
    log_likelihood,
    next_symbol_inputs,
    sample,
    sample_symbols,
)
from .model import CipherRNN, expected_shapes, rnn_input_size
from .stepping import RecurrentStepper
from .threads import flushing_subnormals, subnormals_flushed, use_threads

__all__ = [
    "CarryOver",
    "CipherRNN",
    "MAX_DOUBTS",
    "FEEDBACK_WINDOW",
    "Comparison",
    "Decoding",
    "FeedbackState",
    "KeyDecoding",
    "LOW_CONFIDENCE",
    "MAX_SAMPLE",
    "RecurrentStepper",
    "bits_per_symbol",
    "compare_with_exact",
    "decode",
    "decode_batch",
    "decode_greedily",
    "decode_in_pieces",
    "decode_indices",
    "decode_steps",
    "expected_shapes",
    "follow_doubts",
    "label_logits",
    "label_probabilities",
    "log_likelihood",
    "next_symbol_inputs",
    "reads_back",
    "rnn_input_size",
    "sample",
    "sample_symbols",
    "stream_indices",
    "use_threads",
    "flushing_subnormals",
    "subnormals_flushed",
]
