"""Cipher Lab's model layer: alphabets, ciphers, data, model, training, decoding, files.

Nothing in this package imports Qt; ``tests/test_architecture.py`` enforces it.
"""
