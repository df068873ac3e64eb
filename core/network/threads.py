"""The process's torch thread policy, applied where torch runs.

The number is decided once, by :func:`~cipherlab.core.settings.default_threads` (torch-free,
so a form or an argument parser can show it); :func:`use_threads` applies it, or an explicit
count, to the calling thread. The window calls it at start-up, the training thread when a
run starts, the command line before it trains.

:func:`use_threads` also flushes subnormal floats to zero on the calling thread. As a long
run trains, Adam's second-moment estimates of rarely-used weights (and some weights and
gradients) decay below 1.2e-38, float32's smallest normal number; x86 CPUs compute with
such subnormal numbers through a microcode path up to a hundred times slower, and a
language-model run slowed from 205 to 92 steps per second over 3.5 minutes. Values that
small change nothing a float32 network computes, so they are treated as zero (the CPU's
flush-to-zero and denormals-are-zero modes, :func:`torch.set_flush_denormal`).
"""

from __future__ import annotations

import torch

from ..settings import default_threads


def use_threads(threads: int | None = None) -> int:
    """Run torch's intra-op work on ``threads`` CPU threads (default: the policy's number).

    Subnormal floats are flushed to zero on the calling thread from now on (see the
    module's docstring: they slow a long run to half speed).

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
    torch.set_flush_denormal(True)  # this thread; False where the CPU has no such mode
    return count
