"""Everything the app remembers between runs, in one place.

Settings live in one INI file read through ``QSettings``; every key has a typed default in
:data:`DEFAULTS`, and a stored value of the wrong type reads as the default, so a damaged
file never stops the app. Stored lists and dicts are JSON, read with the app's one bounded
JSON reader (:func:`cipherlab.core.storage.read_json`), so an entry nested 100,000 deep
reads as the default instead of raising ``RecursionError`` at every start. The file is in
:func:`cipherlab.core.storage.config_dir`.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Literal, overload

from PySide6.QtCore import QSettings

from cipherlab.core.storage import config_dir, read_json

MAX_RECENT = 8
"""Entries in File > Recent models."""
SPLITTER_SIZES = [900, 540]
"""The training panel's and decode panel's widths (px) at a first start."""

DEFAULTS: dict[str, object] = {
    "window/geometry": "",  # base64 of QWidget.saveGeometry(); "" = the default size
    "window/state": "",  # base64 of QMainWindow.saveState() (the model card dock)
    "window/splitter": SPLITTER_SIZES,  # training panel, decode panel widths (px)
    "training/preset": "",  # last chosen preset name; "" = the app's default
    "training/config": {},  # TrainConfig.to_dict() of the last settings; {} = the preset's
    "training/controls": {},  # {"speed": slider position, "auto_stop": bool}; {} = defaults
    "files/last_model": "",  # model opened or saved last; "" = the shipped model
    "files/recent": [],  # most recent first
    "lessons/offered": "",  # "yes" once the Lessons panel was opened at a first start
    "view/presenter": False,  # presenter mode (View menu): larger text, the story's controls
}
"""Every setting and its default; the default's type is the setting's type."""
ITEM_TYPES: dict[str, type] = {"window/splitter": int, "files/recent": str}
"""The element type of each list setting."""


def _typed(value: object, default: object, item_type: type | None = None) -> object:
    """``value`` converted to the type of ``default``, or a copy of ``default`` if it cannot be.

    A list must hold only ``item_type`` elements.
    """
    if isinstance(default, bool):  # the INI file holds "true" or "false"
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(str(value).lower(), default)
    if isinstance(default, str):
        return value if isinstance(value, str) else default
    if isinstance(default, (list, dict)):
        try:
            parsed = read_json(value) if isinstance(value, str) else None
        except ValueError:  # JSONLimitError too: damaged, too long or too deep
            parsed = None
        if not isinstance(parsed, type(default)):
            return copy.deepcopy(default)
        if isinstance(parsed, list):
            if item_type is None:
                raise TypeError("a list setting needs its element type in ITEM_TYPES")
            if not all(isinstance(x, item_type) and not isinstance(x, bool) for x in parsed):
                return copy.deepcopy(default)
        return parsed
    raise TypeError(f"no reader for settings of type {type(default).__name__}")


class Settings:
    """Typed access to the settings file.

    Parameters
    ----------
    path : path, optional
        The INI file (default: ``settings.ini`` in :func:`config_dir`).
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else config_dir() / "settings.ini"
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    @overload
    def get(
        self,
        key: Literal[
            "window/geometry",
            "window/state",
            "training/preset",
            "files/last_model",
            "lessons/offered",
        ],
    ) -> str: ...
    @overload
    def get(self, key: Literal["view/presenter"]) -> bool: ...
    @overload
    def get(self, key: Literal["window/splitter"]) -> list[int]: ...
    @overload
    def get(self, key: Literal["files/recent"]) -> list[str]: ...
    @overload
    def get(self, key: Literal["training/config", "training/controls"]) -> dict[str, Any]: ...
    def get(self, key: str) -> object:
        """The value of ``key``, of its default's type; raises ``KeyError`` for unknown keys."""
        default = DEFAULTS[key]
        value = self._store.value(key, None)
        if value is None:
            return copy.deepcopy(default)
        return _typed(value, default, ITEM_TYPES.get(key))

    def set(self, key: str, value: object) -> None:
        """Store ``value`` for ``key`` (lists and dicts as JSON); raises on a wrong type."""
        default = DEFAULTS[key]
        if not isinstance(value, type(default)) or (
            isinstance(value, list) and not all(isinstance(x, ITEM_TYPES[key]) for x in value)
        ):
            raise TypeError(f"setting {key} takes {type(default).__name__}, not {value!r}")
        self._store.setValue(key, json.dumps(value) if isinstance(value, (list, dict)) else value)

    def take_legacy(self, key: str) -> object:
        """The raw value of a key older versions wrote (None if absent), removed from the file."""
        value = self._store.value(key, None)
        if value is not None:
            self._store.remove(key)
        return value

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._store.sync()

    def reset(self) -> None:
        """Forget every setting (the next reads give the defaults)."""
        self._store.clear()
        self._store.sync()

    # ---------------------------------------------------------------- recent files
    def recent_files(self) -> list[str]:
        """Recently opened or saved model files, most recent first."""
        return self.get("files/recent")

    def add_recent(self, path: str | os.PathLike) -> None:
        """Put ``path`` first in the recent files (and make it the last model)."""
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files() if p != path]
        self.set("files/recent", [path, *recent][:MAX_RECENT])
        self.set("files/last_model", path)

    def remove_recent(self, path: str | os.PathLike) -> None:
        """Drop ``path`` from the recent files (e.g. it no longer opens)."""
        path = str(Path(path).resolve())
        self.set("files/recent", [p for p in self.recent_files() if p != path])
        if self.get("files/last_model") == path:
            self.set("files/last_model", "")
