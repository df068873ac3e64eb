"""Views inside the network, and how it generalises.

The learned mapping, hidden states, saliency and embeddings (View > Inside the network), and
accuracy against message length (View > Generalisation).

The public face is ``__init__.pyi``; feature folders never import each other, and the main
window connects them. Names load on first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
