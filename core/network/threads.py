"""The process's torch thread policy, applied where torch runs.

The number is decided once, by :func:`~cipherlab.core.settings.default_threads` (torch-free,
so a form or an argument parser can show it); :func:`use_threads` applies it, or an explicit
count, to the calling thread. The window calls it at start-up, the training thread when a
run starts, the command line before it trains.

:func:`subnormals_flushed` treats subnormal floats as zero while a training step runs. As a
long run trains, Adam's second-moment estimates of rarely-used weights (and some weights and
gradients) decay below 1.2e-38, float32's smallest normal number; x86 CPUs compute with
such subnormal numbers through a microcode path up to a hundred times slower, and a
language-model run slowed from 205 to 92 steps per second over 3.5 minutes. Values that
small change nothing a float32 network computes, so they are treated as zero (the CPU's
flush-to-zero and denormals-are-zero modes, :func:`torch.set_flush_denormal`). The mode is
a setting of the calling thread's CPU state that NumPy obeys too, so it is switched on only
around the step and put back after: the GUI thread and any other code keep IEEE arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

from ..settings import default_threads


def use_threads(threads: int | None = None) -> int:
    """Run torch's intra-op work on ``threads`` CPU threads (default: the policy's number).

    torch keeps one process-wide count, which each thread applies the first time it runs
    torch, and a per-thread OpenMP setting: call this at start-up, and again at the start of
    a thread that may have run torch with another count (a reused pool thread).

    Parameters
    ----------
    threads : int, optional
        An explicit count (the window's "Torch threads" box, the CLI's ``--threads``);
        None: :func:`~cipherlab.core.settings.default_threads`.

    Returns
    -------
    int
        The count now in effect.

    Raises
    ------
    ValueError
        If ``threads`` is below 1.
    """
    count = default_threads() if threads is None else threads
    if count < 1:
        raise ValueError(f"Torch threads must be at least 1, got {count!r}.")
    torch.set_num_threads(count)
    return count


_SUBNORMAL = np.array([1e-40], dtype=np.float32)  # below float32's smallest normal, 1.18e-38


def flushing_subnormals() -> bool:
    """True if the calling thread's CPU now treats subnormal floats as zero."""
    return bool((_SUBNORMAL * np.float32(1.0))[0] == 0)


@contextmanager
def subnormals_flushed() -> Iterator[None]:
    """Treat subnormal floats as zero on the calling thread inside the block, then as before.

    Costs a few microseconds; a training step takes a millisecond or more. Where the CPU
    has no such mode, the block runs with IEEE arithmetic unchanged.
    """
    was = flushing_subnormals()
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_flush_denormal(was)
