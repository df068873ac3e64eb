"""Generic Qt pieces that know nothing of ciphers.

The scrolling column, the label axis, the plot style, picture and CSV export, file filters,
and the worker helpers every view runs its work in.

The public face is ``__init__.pyi``; feature folders never import each other, and the main
window connects them. Names load on first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
