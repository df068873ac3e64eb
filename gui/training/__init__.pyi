# The public face of cipherlab.gui.training (loaded lazily by __init__.py).

from .loss_plot import MAX_POINTS, READOUT_HINT, LossPlot
from .run_history_panel import RunHistoryPanel
from .task_settings import TaskSettings
from .training_panel import TrainingPanel
from .training_session import TrainingSession
from .training_settings import TrainingSettings

__all__ = [
    "LossPlot",
    "MAX_POINTS",
    "READOUT_HINT",
    "RunHistoryPanel",
    "TaskSettings",
    "TrainingPanel",
    "TrainingSession",
    "TrainingSettings",
]
