"""Files that ship with Cipher Lab (the default model), found with ``importlib.resources``."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

DEFAULT_MODEL = "default.safetensors"


def default_model_path() -> Path:
    """Path of the shipped default model (``resources/models/default.safetensors``)."""
    resource = files(__name__ + ".models").joinpath(DEFAULT_MODEL)
    with as_file(resource) as path:  # a real file for normal (non-zip) installs
        return Path(path)
