"""Exceptions that more than one part of the model layer raises or recognises."""

from __future__ import annotations


class NonFiniteLossError(ArithmeticError):
    """The training loss became NaN or infinite, or exploded (e.g. a learning rate too high)."""


class ComputeError(RuntimeError):
    """torch could not compute at these sizes; the message says what to make smaller.

    torch's CPU allocator and kernels raise plain ``RuntimeError``, so this wraps one with
    torch's first line and the advice, instead of matching on torch's wording.
    """

    @classmethod
    def from_torch(cls, exc: RuntimeError) -> ComputeError:
        """The error to show for torch's ``exc``, raised while training or decoding."""
        lines = str(exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        return cls(
            f"torch could not compute at these sizes ({reason}); make the batch, message "
            "length, hidden size or number of layers smaller."
        )


class RunFileError(OSError):
    """A run could not be kept on, or removed from, disk; the message says why in one line."""


class ModelFileError(Exception):
    """A model file cannot be read or written; the message says why, for a person, in one line."""
