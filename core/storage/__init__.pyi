# The public face of cipherlab.core.storage (loaded lazily by __init__.py).

from .atomic_write import (
    STALE_TEMP_SECONDS,
    open_atomically,
    remove_stale_temp_files,
    write_atomically,
    write_csv,
)
from .autosave import Autosave
from .bundle_maker import make_bundle
from .card import MAX_VALUE_CHARS, format_card, model_card, settings_differences, task_label
from .json_reader import MAX_JSON_CHARS, MAX_JSON_DEPTH, JSONLimitError, read_json
from .metadata import model_metadata, package_versions, utc_now
from .model_file import (
    MAX_FILE_BYTES,
    ModelBundle,
    ModelFileError,
    bundle_from_arrays,
    check_decrypts,
    check_writable,
    load_model,
    save_model,
)
from .model_header import (
    FORMAT_VERSION,
    Header,
    TensorEntry,
    check_metadata,
    check_tensors,
    read_header,
)
from .user_dirs import config_dir, data_dir

__all__ = [
    "make_bundle",
    "settings_differences",
    "read_json",
    "JSONLimitError",
    "MAX_JSON_CHARS",
    "MAX_JSON_DEPTH",
    "open_atomically",
    "remove_stale_temp_files",
    "write_atomically",
    "write_csv",
    "Autosave",
    "FORMAT_VERSION",
    "Header",
    "TensorEntry",
    "MAX_FILE_BYTES",
    "MAX_VALUE_CHARS",
    "ModelBundle",
    "ModelFileError",
    "STALE_TEMP_SECONDS",
    "bundle_from_arrays",
    "check_decrypts",
    "check_metadata",
    "check_tensors",
    "read_header",
    "check_writable",
    "config_dir",
    "data_dir",
    "format_card",
    "load_model",
    "model_card",
    "model_metadata",
    "package_versions",
    "save_model",
    "task_label",
    "utc_now",
]
