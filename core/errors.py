"""Exceptions that more than one part of the model layer raises or recognises."""


class NonFiniteLossError(ArithmeticError):
    """The training loss became NaN or infinite, or exploded (e.g. a learning rate too high)."""


class ModelFileError(Exception):
    """A model file cannot be read or written; the message says why, for a person, in one line."""
