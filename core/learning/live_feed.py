"""Group a training run's per-step records into a few updates per second for a live view.

A viewer cannot redraw for every step (thousands per second), and only plain data may
cross threads, so this packs steps into NumPy arrays and, at a bounded rate, a NumPy copy
of the weights for an inference model.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..settings import StopRule
from .run_control import RunControl
from .training import Trainer


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
    val_losses : numpy.ndarray
        float64 ``(m,)``: validation loss at ``val_steps`` (nats per symbol).
    val_accuracies : numpy.ndarray
        float64 ``(m,)``: per-symbol validation accuracy in ``[0, 1]`` at ``val_steps``.
    step, examples_seen : int
        Totals after the last step covered.
    total_steps : int
        The run's step budget.
    elapsed_s : float
        Training seconds so far (paused time excluded).
    weights : dict of str to numpy.ndarray, or None
        A copy of the model's ``state_dict`` (float32), at most every ``weights_every_s``
        and always in the last update; None otherwise.
    final : bool
        True for the last update of a run (budget reached, target reached or stopped).
    target_reached_step : int or None
        The step at which the auto-stop target was met, if it was.
    mapping_learned_step : int or None
        The evaluation step at which the argmax mapping first equalled the cipher's with
        100 % validation accuracy, if it has (see
        :attr:`cipherlab.core.learning.training.Progress.mapping_learned`).
    """

    steps: np.ndarray
    losses: np.ndarray
    val_steps: np.ndarray
    val_losses: np.ndarray
    val_accuracies: np.ndarray
    step: int
    examples_seen: int
    total_steps: int
    elapsed_s: float
    weights: dict[str, np.ndarray] | None
    final: bool = False
    target_reached_step: int | None = None
    mapping_learned_step: int | None = None


def weights_copy(trainer: Trainer) -> dict[str, np.ndarray]:
    """NumPy copies of the trainer's weights, safe to hand to another thread."""
    return {k: v.detach().cpu().numpy().copy() for k, v in trainer.model.state_dict().items()}


def live_updates(
    trainer: Trainer,
    interval_s: float = 0.04,
    weights_every_s: float = 0.25,
    control: RunControl | None = None,
    stop_rule: StopRule | None = None,
) -> Iterator[LiveUpdate]:
    """Run ``trainer`` and yield a :class:`LiveUpdate` about every ``interval_s`` seconds.

    Yielding every ~40 ms keeps the GUI's paint rate near 25 Hz and a cooperative stop well
    under a second. A paused run yields right after each single step, so Step shows at once.

    Parameters
    ----------
    trainer : Trainer
        The run to drive.
    interval_s : float
        Seconds of training between updates.
    weights_every_s : float
        Minimum seconds between weight copies.
    control : RunControl, optional
        Pause, single step, speed and stop (see :meth:`Trainer.run`).
    stop_rule : StopRule, optional
        Auto-stop rule.

    Raises
    ------
    core.training.NonFiniteLossError
        After yielding the finite part of the run.
    """
    buffers: dict[str, list] = {k: [] for k in ("s", "l", "vs", "vl", "va")}
    last_yield = last_weights = time.perf_counter()

    def pack(with_weights: bool, final: bool = False) -> LiveUpdate:
        update = LiveUpdate(
            np.asarray(buffers["s"], dtype=np.int64),
            np.asarray(buffers["l"], dtype=np.float64),
            np.asarray(buffers["vs"], dtype=np.int64),
            np.asarray(buffers["vl"], dtype=np.float64),
            np.asarray(buffers["va"], dtype=np.float64),
            trainer.step_count,
            trainer.examples_seen,
            trainer.config.steps,
            trainer.elapsed_s,
            weights_copy(trainer) if with_weights else None,
            final,
            trainer.target_reached_step,
            trainer.mapping_learned_step,
        )
        for buf in buffers.values():
            buf.clear()
        return update

    records = trainer.run(control=control, stop_rule=stop_rule)
    try:
        for record in records:
            buffers["s"].append(record.step)
            buffers["l"].append(record.loss)
            if record.val_accuracy is not None:
                buffers["vs"].append(record.step)
                buffers["vl"].append(record.val_loss)
                buffers["va"].append(record.val_accuracy)
            now = time.perf_counter()
            paused = control is not None and control.paused  # Step shows its result at once
            if now - last_yield >= interval_s or paused:
                send_weights = paused or now - last_weights >= weights_every_s
                if send_weights:
                    last_weights = now
                yield pack(send_weights)
                last_yield = time.perf_counter()
    except Exception:
        if buffers["s"]:
            yield pack(False)  # the finite part of the curve, without the broken weights
        raise
    yield pack(True, final=True)
