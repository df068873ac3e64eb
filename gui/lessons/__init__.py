"""Guided lessons: the Lessons panel (Help > Lessons) that ticks each step from the window.

The public face is ``__init__.pyi``; feature folders never import each other, and the main
window connects them (it reports the facts, :mod:`cipherlab.gui.lesson_facts`). Names load on
first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
