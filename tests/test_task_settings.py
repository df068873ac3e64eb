"""The task selectors: cipher, key (checked as typed), alphabet, data source and preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cipherlab.gui.training import TaskSettings


@pytest.fixture
def task(qtbot):
    widget = TaskSettings()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def choose(qtbot, combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_defaults_are_the_seed_task_with_a_preview(task):
    assert task.values() == {
        "task": "decrypt", "cipher": "caesar", "key": "", "alphabet": "seed", "data": "random",
        "data_path": "",
    }  # fmt: skip
    assert task.error is None and task.cipher.key_text == "13"
    assert task.previewLabel.text() == "THE-QUICK-BROWN-FOX → FURMCGVPXMODAI-MSAJ"  # +13 of 27
    assert task.keyInput.placeholderText() == "default: 13"


def test_a_typed_vigenere_key_changes_the_preview_and_a_bad_one_says_why(qtbot, task):
    choose(qtbot, task.cipherSelector, "vigenere")
    choose(qtbot, task.alphabetSelector, "letters")
    qtbot.keyClicks(task.keyInput, "LEMON")
    assert task.error is None
    assert task.previewLabel.text() == "THE QUICK BROWN FOX → ELQ EHTGW PEZAZ TBI"
    task.keyInput.clear()
    qtbot.keyClicks(task.keyInput, "LEM0N")  # a zero is not a letter
    assert task.cipher is None and task.previewLabel.text() == ""
    assert task.keyError.isVisible() and task.keyError.text() == task.error
    assert "0" in task.error
    assert "border" in task.keyInput.styleSheet()


def test_affine_names_the_valid_multipliers(qtbot, task):
    choose(qtbot, task.cipherSelector, "affine")
    qtbot.keyClicks(task.keyInput, "3,1")  # 3 divides 27
    assert task.error is not None and "1, 2, 4, 5, 7, 8" in task.error


def test_keyless_families_disable_the_key_and_rot13_takes_the_letters(qtbot, task):
    qtbot.keyClicks(task.keyInput, "5")
    choose(qtbot, task.cipherSelector, "rot13")
    assert not task.keyInput.isEnabled() and task.keyInput.text() == ""
    assert task.alphabet == "letters" and task.error is None
    assert task.previewLabel.text() == "THE QUICK BROWN FOX → GUR DHVPX OEBJA SBK"


def test_the_random_key_button_draws_a_valid_key(qtbot, task):
    choose(qtbot, task.cipherSelector, "substitution")
    for _ in range(5):
        qtbot.mouseClick(task.randomKeyButton, Qt.MouseButton.LeftButton)
        assert task.error is None and len(task.keyInput.text()) == 27


def test_a_text_file_must_be_chosen_for_the_file_source(qtbot, task, tmp_path, monkeypatch):
    choose(qtbot, task.dataSourceSelector, "file")
    assert task.dataFileButton.isVisible() and "Choose the text file" in task.error
    text = tmp_path / "book.txt"
    text.write_text("It was the best of times. " * 20, encoding="utf-8")  # 400 symbols
    monkeypatch.setattr(task, "ask_data_path", lambda: str(text))
    qtbot.mouseClick(task.dataFileButton, Qt.MouseButton.LeftButton)
    read(qtbot, task)
    assert task.error is None and task.dataFileButton.text() == "book.txt"
    assert task.values()["data_path"] == str(text)
    choose(qtbot, task.dataSourceSelector, "english")
    assert not task.dataFileButton.isVisible() and task.values()["data_path"] == ""


def read(qtbot, task):
    """Wait until the chosen file has been read (in a worker)."""
    qtbot.waitUntil(lambda: not task.reading, timeout=5000)


def pick_file(qtbot, task, monkeypatch, path):
    monkeypatch.setattr(task, "ask_data_path", lambda: str(path))
    qtbot.mouseClick(task.dataFileButton, Qt.MouseButton.LeftButton)
    read(qtbot, task)


def test_a_binary_file_and_a_3_symbol_file_each_say_why(qtbot, task, tmp_path, monkeypatch):
    choose(qtbot, task.dataSourceSelector, "file")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    pick_file(qtbot, task, monkeypatch, binary)
    assert task.error == "photo.txt is a binary file, not text (it holds NUL bytes)."
    assert task.dataError.isVisible() and task.dataError.text() == task.error
    short = tmp_path / "abc.txt"
    short.write_text("abc", encoding="utf-8")
    pick_file(qtbot, task, monkeypatch, short)
    assert task.error.startswith("abc.txt is too short: 3 symbols of text")
    assert "at least 320" in task.error  # ten 32-symbol messages
    task.set_seq_len(8)
    assert "at least 80" in task.error
    assert task.values()["data_path"] == str(short)  # kept: fixing the file is enough
    short.write_text("abc " * 30, encoding="utf-8")  # 120 symbols
    pick_file(qtbot, task, monkeypatch, short)  # choosing it again reads it again
    assert task.error is None and not task.dataError.isVisible()


def test_set_values_shows_them(task):
    task.set_values({"cipher": "vigenere", "key": "KEY", "alphabet": "letters", "data": "english"})
    assert task.values() == {
        "task": "decrypt", "cipher": "vigenere", "key": "KEY", "alphabet": "letters",
        "data": "english", "data_path": "",
    }  # fmt: skip
    assert task.error is None


def test_a_language_model_has_no_cipher_or_key_and_never_reads_random_symbols(qtbot, task):
    choose(qtbot, task.cipherSelector, "vigenere")
    qtbot.keyClicks(task.keyInput, "LEMON")
    assert task.data == "random"
    choose(qtbot, task.taskSelector, "lm")
    assert not task.cipherSelector.isVisible() and not task.keyInput.isVisible()
    assert task.data == "prose"  # switched: random symbols have nothing to predict
    shown = task.dataSourceSelector.currentIndex()
    assert task.dataSourceSelector.currentText() == "English prose"
    tip = task.dataSourceSelector.itemData(shown, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Real English that people wrote: prose paragraphs of Python's")
    random_item = task.dataSourceSelector.model().item(task.dataSourceSelector.findData("random"))
    assert not random_item.isEnabled()
    assert task.values() == {
        "task": "lm", "cipher": "caesar", "key": "", "alphabet": "seed", "data": "prose",
        "data_path": "",
    }  # fmt: skip
    assert task.error is None
    assert task.previewLabel.text() == "Predicts each next symbol: THE-QUICK-BROWN-FO → X"
    # back to decryption: the cipher and key typed before are still there
    choose(qtbot, task.taskSelector, "decrypt")
    assert task.cipherSelector.isVisible() and random_item.isEnabled()
    assert task.values()["cipher"] == "vigenere" and task.values()["key"] == "LEMON"


def test_set_values_shows_a_language_model_task(qtbot, task):
    task.set_values({"task": "lm", "cipher": "caesar", "key": "0", "alphabet": "letters",
                     "data": "english"})  # fmt: skip
    assert task.task == "lm" and task.alphabet == "letters" and task.error is None
    assert task.keyInput.text() == ""  # the identity's "0" is not a key to show


def test_the_fast_preset_of_a_language_model_fills_the_form(qtbot):
    from cipherlab.core.settings import LM_FAST
    from cipherlab.gui.training import TrainingSettings

    settings = TrainingSettings()
    qtbot.addWidget(settings)
    settings.select_preset("fast")
    choose(qtbot, settings.task.taskSelector, "lm")
    config = settings.config()
    assert config.task == "lm" and config.data == "prose"  # real English, not generated
    assert config.hidden_size == LM_FAST["hidden_size"] and config.steps == LM_FAST["steps"]
    assert settings.presetSelector.currentData() == "fast"
    choose(qtbot, settings.task.taskSelector, "decrypt")
    assert settings.config().task == "decrypt" and settings.config().hidden_size != 192


def test_a_text_file_is_read_off_the_gui_thread_while_the_window_responds(
    qtbot, task, tmp_path, monkeypatch, slow_reader
):
    """Issue 19: a chosen file (a 64 MB book, a slow network disk) was read on the GUI thread."""
    import threading

    choose(qtbot, task.dataSourceSelector, "file")
    book = tmp_path / "book.txt"
    book.write_text("It was the best of times. " * 20, encoding="utf-8")
    monkeypatch.setattr(task, "ask_data_path", lambda: str(book))
    qtbot.mouseClick(task.dataFileButton, Qt.MouseButton.LeftButton)  # returns at once
    qtbot.waitUntil(lambda: bool(slow_reader.threads), timeout=5000)  # the worker is in the read
    assert slow_reader.threads[0] is not threading.main_thread()
    assert task.reading and task.error == "Reading book.txt…"
    assert task.dataError.isVisible() and task.dataError.text() == "Reading book.txt…"
    qtbot.keyClicks(task.keyInput, "5")  # the widget still answers: the preview follows
    assert task.previewLabel.text() == "THE-QUICK-BROWN-FOX → YMJEVZNHPEGWTASEKTB"
    assert task.reading
    with qtbot.waitSignal(task.checked, timeout=5000):
        slow_reader.release.set()
    assert not task.reading and task.error is None and not task.dataError.isVisible()
    assert len(slow_reader.threads) == 1  # typing the key did not read it again


def test_choosing_another_source_while_a_file_is_read_forgets_the_read(
    qtbot, task, tmp_path, monkeypatch, slow_reader
):
    choose(qtbot, task.dataSourceSelector, "file")
    missing = tmp_path / "gone.txt"
    monkeypatch.setattr(task, "ask_data_path", lambda: str(missing))
    qtbot.mouseClick(task.dataFileButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(slow_reader.threads), timeout=5000)
    choose(qtbot, task.dataSourceSelector, "english")
    assert not task.reading and task.error is None
    slow_reader.release.set()
    assert task.shutdown()  # the cancelled read has ended, and said nothing
    assert task.error is None and not task.dataError.isVisible()
