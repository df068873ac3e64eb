# The public face of cipherlab.core.text (loaded lazily by __init__.py).

from .alphabet import (
    LETTER_ALPHABET,
    LETTERS_AND_SPACE,
    NAMED_ALPHABETS,
    SEED_ALPHABET,
    Alphabet,
    EncodedText,
    alphabet_of,
    is_mark,
    with_word_break,
    without_word_break,
    word_break_index,
)
from .english import (
    blocked_words,
    english_messages,
    english_text,
    mask_obscene,
    word_tables,
)
from .entropy import ReferenceEntropies, text_entropies
from .ngrams import NGramScorer, chi_squared, symbol_frequencies
from .prose import (
    PARTS,
    PROSE_SOURCES,
    ProseSource,
    installed_sources,
    prose_indices,
    prose_messages,
    prose_paragraphs,
    prose_training_text,
)
from .reading import MAX_FILE_BYTES, TextFileError, read_text_file, read_text_pieces
from .sources import (
    check_long_enough,
    load_file_text,
    min_file_symbols,
    normalise,
    text_indices,
)

__all__ = [
    "word_break_index",
    "prose_indices",
    "mask_obscene",
    "LETTERS_AND_SPACE",
    "installed_sources",
    "prose_training_text",
    "with_word_break",
    "without_word_break",
    "alphabet_of",
    "PARTS",
    "PROSE_SOURCES",
    "ProseSource",
    "ReferenceEntropies",
    "Alphabet",
    "EncodedText",
    "LETTER_ALPHABET",
    "MAX_FILE_BYTES",
    "NAMED_ALPHABETS",
    "NGramScorer",
    "SEED_ALPHABET",
    "TextFileError",
    "blocked_words",
    "check_long_enough",
    "chi_squared",
    "english_messages",
    "english_text",
    "is_mark",
    "load_file_text",
    "min_file_symbols",
    "normalise",
    "prose_messages",
    "prose_paragraphs",
    "read_text_file",
    "read_text_pieces",
    "symbol_frequencies",
    "text_entropies",
    "text_indices",
    "word_tables",
]
