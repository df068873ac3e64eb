"""Exceptions that more than one part of the model layer raises or recognises."""

from __future__ import annotations


class NonFiniteLossError(ArithmeticError):
    """The training loss became NaN or infinite, or exploded (e.g. a learning rate too high)."""


class RunFileError(OSError):
    """A run could not be kept on, or removed from, disk; the message says why in one line."""


class ModelFileError(Exception):
    """A model file cannot be read or written; the message says why, for a person, in one line."""
