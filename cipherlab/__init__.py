"""Cipher Lab: the ``cipherlab`` command; the app lives in its subpackages.

``cipherlab.core`` is the Qt-free model layer, ``cipherlab.gui`` the window and
``cipherlab.resources`` the shipped files.
"""

__version__ = "0.1.0"
