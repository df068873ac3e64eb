"""Real prose sources: the parts never overlap, messages have exactly the symbols asked for."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.text import (
    LETTER_ALPHABET,
    PARTS,
    SEED_ALPHABET,
    prose_messages,
    prose_paragraphs,
)
from cipherlab.core.text import prose as prose_module


def test_python_docs_parts_are_disjoint_prose_without_code():
    parts = {part: set(prose_paragraphs("python-docs", part)) for part in PARTS}
    assert all(parts.values())
    assert not parts["train"] & parts["test"]
    assert not parts["calibration"] & parts["test"]
    assert not any(">>>" in p or "(" in p for ps in parts.values() for p in ps)


def test_messages_hold_exactly_the_symbols_asked_for_and_start_at_a_word():
    rng = np.random.default_rng(1)
    natural = prose_messages("python-docs", "train", 20, 37, LETTER_ALPHABET, rng)
    assert all(LETTER_ALPHABET.encode(m).n_symbols == 37 for m in natural)
    text = " ".join(prose_paragraphs("python-docs", "train"))
    assert all(m in text for m in natural)
    assert all(text[text.index(m) - 1] == " " or text.startswith(m) for m in natural)
    seed = prose_messages("python-docs", "train", 20, 37, SEED_ALPHABET, rng, natural=False)
    assert all(len(m) == 37 and set(m) <= set(SEED_ALPHABET.symbols) for m in seed)


def test_same_generator_state_same_messages():
    first = prose_messages("python-docs", "test", 5, 20, LETTER_ALPHABET, np.random.default_rng(3))
    again = prose_messages("python-docs", "test", 5, 20, LETTER_ALPHABET, np.random.default_rng(3))
    assert first == again


def test_fortunes_drop_attributions_and_name_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setattr(prose_module, "FORTUNES_DIR", tmp_path / "missing")
    prose_module.prose_paragraphs.cache_clear()
    with pytest.raises(FileNotFoundError, match="apt-get install fortunes"):
        prose_paragraphs("fortunes", "train")
    (tmp_path / "wisdom").write_text(
        "A banker is a fellow who lends you his umbrella when the sun is shining\n"
        "and wants it back the minute it begins to rain.\n\t\t-- Mark Twain\n%\n"
        "Short.\n%\n"
    )
    (tmp_path / "wisdom.dat").write_bytes(b"\0\1")
    monkeypatch.setattr(prose_module, "FORTUNES_DIR", tmp_path)
    prose_module.prose_paragraphs.cache_clear()
    found = [p for part in PARTS for p in prose_paragraphs("fortunes", part)]
    prose_module.prose_paragraphs.cache_clear()
    assert found == [
        "A banker is a fellow who lends you his umbrella when the sun is shining "
        "and wants it back the minute it begins to rain."
    ]


def test_unknown_source_or_part_is_refused():
    with pytest.raises(ValueError, match="python-docs, fortunes"):
        prose_paragraphs("novels", "train")
    with pytest.raises(ValueError, match="train, calibration, test"):
        prose_paragraphs("python-docs", "all")
