# The public face of cipherlab.gui.decoding (loaded lazily by __init__.py).

from .ciphertext_box import EXAMPLE
from .crack_view import RANKED_CHARS
from .decode_panel import DecodePanel
from .probability_bars import visible_char
from .sample_view import SampleView
from .text_views import LONG_LINE, ShownText

__all__ = [
    "DecodePanel",
    "EXAMPLE",
    "LONG_LINE",
    "RANKED_CHARS",
    "SampleView",
    "ShownText",
    "visible_char",
]
