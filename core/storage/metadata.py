"""The metadata stored with a model: how it was trained, how well, with what, and when.

One builder for every producer (the window's Train and New model, ``cipherlab train``), so a
field means the same wherever the file came from. Nothing here imports torch or Qt.
"""

from __future__ import annotations

import platform
from datetime import datetime, timezone
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePath
from typing import Any

from ..settings import TrainConfig, matching_preset

CUSTOM_PRESET = "custom"
"""The ``training.preset`` of settings that equal no preset (seeds aside)."""


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that produce a model file (a fresh dict)."""
    return dict(_package_versions())


@cache
def _package_versions() -> dict[str, str]:
    # Looked up once per process: each importlib.metadata lookup scans the installed
    # distributions (milliseconds), and live training asks several times a second.
    versions = {"python": platform.python_version()}
    for name in ("torch", "numpy", "safetensors"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second (``2026-12-01T04:11:40+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def model_metadata(
    config: TrainConfig,
    *,
    steps: int,
    val_accuracy: float | None = None,
    examples_seen: int | None = None,
    training_seconds: float | None = None,
    command: str | None = None,
    val_bits_per_symbol: float | None = None,
) -> dict[str, Any]:
    """Plain-JSON metadata of a model trained (or, with ``steps=0``, built) with ``config``.

    Parameters
    ----------
    config : TrainConfig
        The settings; ``training.preset`` is the preset they equal (seed aside), else
        ``"custom"``, whatever preset the user started from. A text file's ``data_path`` is
        kept as the file's name only: model files are shared, and a full path would tell
        everyone the trainer's folder names (``/home/alice/diary.txt``).
    steps : int
        Optimiser steps taken.
    val_accuracy : float, optional
        Last per-symbol validation accuracy in ``[0, 1]``.
    examples_seen : int, optional
        Training messages consumed.
    training_seconds : float, optional
        Seconds spent training (rounded to milliseconds).
    command : str, optional
        How the model was made (a CLI line, or the window's action).
    val_bits_per_symbol : float, optional
        A language model's held-out cross-entropy, in bits per symbol.

    Returns
    -------
    dict
        ``training``, ``metrics``, ``versions``, ``created`` and, if given, ``command``.
    """
    metrics: dict[str, Any] = {"steps": steps}
    if val_accuracy is not None:
        metrics["val_accuracy"] = val_accuracy
    if examples_seen is not None:
        metrics["examples_seen"] = examples_seen
    if val_bits_per_symbol is not None:
        metrics["val_bits_per_symbol"] = round(val_bits_per_symbol, 4)
    if training_seconds is not None:
        metrics["training_seconds"] = round(training_seconds, 3)
    training = {"preset": matching_preset(config) or CUSTOM_PRESET, **config.to_dict()}
    if config.data_path:
        training["data_path"] = PurePath(config.data_path).name
    meta: dict[str, Any] = {
        "training": training,
        "metrics": metrics,
        "versions": package_versions(),
        "created": utc_now(),
    }
    if command:
        meta["command"] = command
    return meta
