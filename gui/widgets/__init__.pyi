# The public face of cipherlab.gui.widgets (loaded lazily by __init__.py).

from . import plot_style
from .collapsible_section import CollapsibleSection
from .file_dialogs import MODEL_FILTER, TEXT_FILTER
from .label_axis import LabelAxis
from .plot_style import PRESENTER_SCALE, presenter_font, scale_plot_text
from .questions import question_box
from .scroll_column import ScrollColumn
from .styled_fonts import follow_app_font
from .tab_order import set_tab_order, tab_stops
from .view_export import ExportButtons, save_picture
from .workers import LatestWorker, WorkerFailed, start_generator_worker

__all__ = [
    "CollapsibleSection",
    "ExportButtons",
    "LabelAxis",
    "LatestWorker",
    "MODEL_FILTER",
    "PRESENTER_SCALE",
    "ScrollColumn",
    "TEXT_FILTER",
    "WorkerFailed",
    "follow_app_font",
    "plot_style",
    "presenter_font",
    "question_box",
    "save_picture",
    "scale_plot_text",
    "set_tab_order",
    "start_generator_worker",
    "tab_stops",
]
