"""The settings store: typed reads, defaults, and a folder apart from the real one in tests."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QSettings

from cipherlab.gui.settings import DEFAULTS, Settings


def test_typed_reads_fall_back_to_defaults(tmp_path):
    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("window/splitter", "not json")
    raw.setValue("files/recent", json.dumps([1, 2]))
    raw.sync()
    settings = Settings(path)
    assert settings.get("window/splitter") == DEFAULTS["window/splitter"]
    assert settings.get("files/recent") == []
    settings.add_recent(tmp_path / "a.safetensors")
    assert Settings(path).get("files/last_model") == str((tmp_path / "a.safetensors").resolve())
    with pytest.raises(TypeError):
        settings.set("files/recent", "a")


def test_tests_never_touch_the_real_settings(autosave):
    home = os.path.expanduser("~")
    assert not str(Settings().path).startswith(os.path.join(home, ".config"))
    assert not str(autosave.path).startswith(home)


def test_an_entry_nested_100000_deep_reads_as_the_default(tmp_path):
    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("training/config", "[" * 100_000 + "]" * 100_000)  # RecursionError before
    raw.setValue("files/recent", '{"a": ' * 50 + "1" + "}" * 50)
    raw.sync()
    settings = Settings(path)
    assert settings.get("training/config") == {}
    assert settings.get("files/recent") == []
