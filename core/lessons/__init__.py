"""Guided lessons: lesson files, the facts their steps check, and a learner's progress.

A lesson is data (a TOML file): a title, one paragraph of why, and 3-6 steps, each with the
facts about the window that tick it. The window reports :class:`LessonFacts`; nothing here
knows Qt.

The public face is ``__init__.pyi``: the rest of the app imports those names from this
package, never from its modules. They load on first use (lazy_loader).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
