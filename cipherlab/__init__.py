"""Cipher Lab's entry points (the ``cipherlab`` command); the app lives in ``cipherlab.core`` and ``gui``."""

__version__ = "0.1.0"
