"""Cipher Lab: the ``cipherlab`` command here; the model layer in ``cipherlab.core``, the window in
``cipherlab.gui``, shipped files in ``cipherlab.resources``."""

__version__ = "0.1.0"
