# The public face of cipherlab.core.cryptanalysis (loaded lazily by __init__.py).

from .alphabet_detection import DETECTED_CHARS, AlphabetGuess, better_reading, detect_alphabet
from .autokey import crack_autokey, decrypt_primers
from .confidence import (
    FEATURES,
    GROUPS,
    VERDICTS,
    Assessment,
    Calibration,
    assess,
    fit_calibration,
    load_calibration,
    reading_features,
    shipped_calibration,
)
from .cracking import (
    CRACKABLE,
    METHODS,
    SAMPLE_SYMBOLS,
    Baselines,
    baselines_for,
    crack,
    english_config,
    leading_text,
    ranking_decoding,
)
from .english_baselines import english_baselines
from .key_ranking import KeyRanking, RankedKey, candidate_ciphers, rank_keys
from .substitution import crack_substitution, word_spans
from .vigenere import (
    chi2_key,
    crack_vigenere,
    decrypt_shifts,
    friedman_period,
    index_of_coincidence,
    kasiski_counts,
    shortest_period,
)

__all__ = [
    "Assessment",
    "Calibration",
    "FEATURES",
    "GROUPS",
    "VERDICTS",
    "assess",
    "fit_calibration",
    "load_calibration",
    "reading_features",
    "shipped_calibration",
    "AlphabetGuess",
    "Baselines",
    "CRACKABLE",
    "DETECTED_CHARS",
    "KeyRanking",
    "METHODS",
    "RankedKey",
    "SAMPLE_SYMBOLS",
    "baselines_for",
    "better_reading",
    "candidate_ciphers",
    "chi2_key",
    "crack",
    "crack_autokey",
    "crack_substitution",
    "crack_vigenere",
    "decrypt_primers",
    "decrypt_shifts",
    "detect_alphabet",
    "english_baselines",
    "english_config",
    "friedman_period",
    "index_of_coincidence",
    "kasiski_counts",
    "leading_text",
    "rank_keys",
    "ranking_decoding",
    "shortest_period",
    "word_spans",
]
