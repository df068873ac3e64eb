# The public face of cipherlab.core.session (loaded lazily by __init__.py).

from .current_model import CurrentModel
from .decimation import PeakDecimator
from .run_history import (
    MAX_OVERLAYS,
    SMOOTHING,
    RunHistory,
    RunRecord,
    RunStatus,
    differing_settings,
    export_csv,
    load_run,
    save_run,
)
from .series import GrowingSeries
from .smoothing import smoothing_is_honest

__all__ = [
    "CurrentModel",
    "GrowingSeries",
    "MAX_OVERLAYS",
    "PeakDecimator",
    "RunHistory",
    "RunRecord",
    "RunStatus",
    "SMOOTHING",
    "differing_settings",
    "export_csv",
    "load_run",
    "save_run",
    "smoothing_is_honest",
]
