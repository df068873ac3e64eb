"""Group a training run's per-step records into a few updates per second for a live view.

A viewer cannot redraw for every step (thousands per second), and only plain data may
cross threads, so this packs steps into NumPy arrays and, at a bounded rate, a NumPy copy
of the weights for an inference model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from core.training import Trainer


@dataclass(frozen=True)
class LiveUpdate:
    """Training progress since the previous update; plain numbers and NumPy copies only.

    Attributes
    ----------
    steps : numpy.ndarray
        int64 ``(n,)``: the optimiser steps covered, ascending.
    losses : numpy.ndarray
        float64 ``(n,)``: training loss of each of those steps (nats per symbol).
    val_steps : numpy.ndarray
        int64 ``(m,)``: steps at which the validation set was evaluated.
    val_accuracies : numpy.ndarray
        float64 ``(m,)``: per-symbol validation accuracy in ``[0, 1]`` at ``val_steps``.
    step, examples_seen : int
        Totals after the last step covered.
    total_steps : int
        The run's step budget.
    elapsed_s : float
        Training seconds so far.
    weights : dict of str to numpy.ndarray, or None
        A copy of the model's ``state_dict`` (float32), at most every ``weights_every_s``
        and always in the final update; None otherwise.
    final : bool
        True for the last update of a run that ended normally (budget reached).
    """

    steps: np.ndarray
    losses: np.ndarray
    val_steps: np.ndarray
    val_accuracies: np.ndarray
    step: int
    examples_seen: int
    total_steps: int
    elapsed_s: float
    weights: dict[str, np.ndarray] | None
    final: bool = False


def weights_copy(trainer: Trainer) -> dict[str, np.ndarray]:
    """NumPy copies of the trainer's weights, safe to hand to another thread."""
    return {k: v.detach().cpu().numpy().copy() for k, v in trainer.model.state_dict().items()}


def live_updates(
    trainer: Trainer,
    interval_s: float = 0.04,
    weights_every_s: float = 0.25,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[LiveUpdate]:
    """Run ``trainer`` and yield a :class:`LiveUpdate` about every ``interval_s`` seconds.

    Yielding every ~40 ms keeps a cooperative stop (checked by the consumer between
    updates) well under a second, and the GUI's paint rate at about 25 Hz.

    Parameters
    ----------
    trainer : Trainer
        The run to drive.
    interval_s : float
        Seconds of training between updates.
    weights_every_s : float
        Minimum seconds between weight copies (each copy costs a few microseconds per kB).
    should_stop : callable, optional
        Polled between steps, as in :meth:`Trainer.run`.
    """
    steps: list[int] = []
    losses: list[float] = []
    val_steps: list[int] = []
    val_accs: list[float] = []
    last_yield = last_weights = time.perf_counter()

    def pack(with_weights: bool, final: bool = False) -> LiveUpdate:
        update = LiveUpdate(
            np.asarray(steps, dtype=np.int64),
            np.asarray(losses, dtype=np.float64),
            np.asarray(val_steps, dtype=np.int64),
            np.asarray(val_accs, dtype=np.float64),
            trainer.step_count,
            trainer.examples_seen,
            trainer.config.steps,
            trainer.elapsed_s,
            weights_copy(trainer) if with_weights else None,
            final,
        )
        for buf in (steps, losses, val_steps, val_accs):
            buf.clear()
        return update

    for record in trainer.run(should_stop):
        steps.append(record.step)
        losses.append(record.loss)
        if record.val_accuracy is not None:
            val_steps.append(record.step)
            val_accs.append(record.val_accuracy)
        now = time.perf_counter()
        if now - last_yield >= interval_s:
            send_weights = now - last_weights >= weights_every_s
            if send_weights:
                last_weights = now
            yield pack(send_weights)
            last_yield = time.perf_counter()
    yield pack(True, final=trainer.step_count >= trainer.config.steps)
