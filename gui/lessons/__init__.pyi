# The public face of cipherlab.gui.lessons (loaded lazily by __init__.py).

from .lessons_panel import LessonsPanel, step_text

__all__ = ["LessonsPanel", "step_text"]
