"""Ciphers on index arrays: one NumPy code path for ints, NumPy arrays and torch tensors.

Indices and positions
---------------------
A cipher acts on alphabet indices (``0`` ... ``n - 1``) in arrays of shape ``(seq_len,)`` (one
message) or ``(batch, seq_len)`` (one message per row; any leading axes work alike). An index
sequence holds the alphabet symbols of a message only, in order: element ``i`` of the last
axis is the message's ``i``-th alphabet symbol, so for a position-dependent family
(Vigenère, autokey) it gets key symbol ``i`` and every message starts at position 0.
Strings are split by :meth:`~cipherlab.core.text.Alphabet.encode` first, which keeps
pass-through characters (spaces, punctuation, emoji) out of the index sequence: they never
consume a key symbol, and ``encrypt(text)`` equals encrypting the text's index sequence.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

IndicesT = TypeVar("IndicesT")
"""int, numpy.ndarray or torch.Tensor of alphabet indices; results have the same type."""


def map_indices(indices: IndicesT, transform: Callable[[np.ndarray], np.ndarray]) -> IndicesT:
    """Apply a NumPy transform to ints, NumPy arrays and torch tensors alike.

    Parameters
    ----------
    indices : int, numpy.ndarray or torch.Tensor
        Alphabet indices, shape ``(seq_len,)`` or ``(..., seq_len)``; a scalar is a message
        of one symbol.
    transform : callable
        Maps an int64 array of shape ``(..., seq_len)`` to one of the same shape.

    Returns
    -------
    Same type, shape, dtype (and torch device) as ``indices``.

    Notes
    -----
    Torch is never imported here: a tensor can only arrive if its caller imported torch,
    so the CLI and the key form stay cheap to import.
    """
    value: Any = indices
    if type(value).__module__.split(".")[0] == "torch":
        torch = sys.modules["torch"]
        out = _on_array(transform, value.detach().cpu().numpy().astype(np.int64))
        return torch.from_numpy(out).to(device=value.device, dtype=value.dtype)
    if isinstance(value, (int, np.integer)):
        scalar: Any = type(value)(_on_array(transform, np.array(value, dtype=np.int64)))
        return scalar
    array = np.asarray(value)
    result: Any = _on_array(transform, array.astype(np.int64)).astype(array.dtype, copy=False)
    return result


def _on_array(transform: Callable[[np.ndarray], np.ndarray], array: np.ndarray) -> np.ndarray:
    if array.ndim == 0:
        return transform(array.reshape(1)).reshape(())
    return transform(array)


def lookup(table: np.ndarray, indices: IndicesT) -> IndicesT:
    """``table[indices mod n]`` for ints, NumPy arrays and torch tensors (see :func:`map_indices`).

    ``table`` is int64 ``(n,)``: the image of each index under a substitution.
    """
    n = len(table)
    return map_indices(indices, lambda x: table[x % n])
