"""The decoding side of the window.

Ciphertext in, plaintext out with per-letter probability bars: the known-key view, the
unknown-key (crack) view and the written-text (sample) view.

The public face is ``__init__.pyi``; feature folders never import each other, and the main
window connects them. Names load on first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
