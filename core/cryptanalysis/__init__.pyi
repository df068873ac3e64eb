# The public face of cipherlab.core.cryptanalysis (loaded lazily by __init__.py).

from .alphabet_detection import DETECTED_CHARS, AlphabetGuess, better_reading, detect_alphabet
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
from .identification import (
    CRACKED_AS,
    FAMILY_LABELS,
    LABEL_TITLES,
    Identification,
    TextStatistics,
    identify,
    text_statistics,
)
from .key_ranking import KeyRanking, RankedKey, candidate_ciphers, rank_keys
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
    "AlphabetGuess",
    "Baselines",
    "CRACKABLE",
    "CRACKED_AS",
    "DETECTED_CHARS",
    "FAMILY_LABELS",
    "Identification",
    "KeyRanking",
    "LABEL_TITLES",
    "METHODS",
    "RankedKey",
    "SAMPLE_SYMBOLS",
    "TextStatistics",
    "baselines_for",
    "better_reading",
    "candidate_ciphers",
    "chi2_key",
    "crack",
    "crack_vigenere",
    "decrypt_shifts",
    "detect_alphabet",
    "english_config",
    "friedman_period",
    "identify",
    "index_of_coincidence",
    "kasiski_counts",
    "leading_text",
    "rank_keys",
    "ranking_decoding",
    "shortest_period",
    "text_statistics",
]
