# The public face of cipherlab.gui.inside (loaded lazily by __init__.py).

from .generalisation_view import READY, GeneralisationView, summary
from .inside_view import InsideView

__all__ = [
    "GeneralisationView",
    "InsideView",
    "READY",
    "summary",
]
