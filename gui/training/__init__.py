"""The training side of the window.

The task and hyperparameter form, the Train/Stop controls and the session that runs the
training loop in a worker, the live loss plot and the run history.

The public face is ``__init__.pyi``; feature folders never import each other, and the main
window connects them. Names load on first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
