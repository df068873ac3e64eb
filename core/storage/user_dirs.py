"""Where Cipher Lab keeps the user's files: the settings folder and the data folder.

The folders come from platformdirs; the environment variables ``CIPHERLAB_CONFIG_DIR`` and
``CIPHERLAB_DATA_DIR`` override them (tests, benchmarks and CI use throw-away folders).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CONFIG_DIR_ENV = "CIPHERLAB_CONFIG_DIR"
DATA_DIR_ENV = "CIPHERLAB_DATA_DIR"


def config_dir() -> Path:
    """Folder of the settings file (``$CIPHERLAB_CONFIG_DIR`` or the platform's config dir)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else platformdirs.user_config_path("cipherlab")


def data_dir() -> Path:
    """Folder for app data: the autosave and the run history (``$CIPHERLAB_DATA_DIR``)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else platformdirs.user_data_path("cipherlab")
