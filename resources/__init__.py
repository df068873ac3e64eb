"""Files that ship with Cipher Lab (the default and example models), via ``importlib.resources``.

Each model file records the ``cipherlab train`` command that made it (its metadata's
``command``); every example learns its family's default key over the family's default alphabet.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

DEFAULT_MODEL = "default.safetensors"

EXAMPLE_MODELS = {
    "caesar": DEFAULT_MODEL,  # the seed model: Caesar +13 over A-Z and -
    "rot13": "rot13.safetensors",
    "atbash": "atbash.safetensors",
    "affine": "affine.safetensors",
    "substitution": "substitution.safetensors",
    "vigenere": "vigenere.safetensors",
    "autokey": "autokey.safetensors",
}
"""Cipher family name -> the shipped example model's file name (File > Open example)."""


def _model_path(file_name: str) -> Path:
    resource = files(__name__ + ".models").joinpath(file_name)
    with as_file(resource) as path:  # a real file for normal (non-zip) installs
        return Path(path)


def data_path(file_name: str) -> Path:
    """Path of a data file that ships in ``resources/`` itself (e.g. ``calibration.json``)."""
    with as_file(files(__name__).joinpath(file_name)) as path:
        return Path(path)


def default_model_path() -> Path:
    """Path of the shipped default model (``resources/models/default.safetensors``)."""
    return _model_path(DEFAULT_MODEL)


def example_models() -> dict[str, Path]:
    """Family name -> path of its shipped example model, in :data:`EXAMPLE_MODELS` order."""
    return {family: _model_path(name) for family, name in EXAMPLE_MODELS.items()}


LANGUAGE_MODELS = {"seed": "lm-seed.safetensors", "letters": "lm-letters.safetensors"}
"""Alphabet name -> the shipped language model's file name (cracking without the key)."""


def language_model_path(alphabet: str) -> Path:
    """Path of the shipped language model of ``alphabet`` (``"seed"`` or ``"letters"``).

    Raises
    ------
    ValueError
        If there is no such alphabet.
    """
    if alphabet not in LANGUAGE_MODELS:
        raise ValueError(
            f"Unknown alphabet {alphabet!r}; choose one of {', '.join(LANGUAGE_MODELS)}."
        )
    return _model_path(LANGUAGE_MODELS[alphabet])


def lessons_folder() -> Path:
    """The folder of the shipped lesson files (``resources/lessons/*.toml``)."""
    resource = files(__name__ + ".lessons")
    with as_file(resource) as path:  # a real folder for normal (non-zip) installs
        return Path(path)
