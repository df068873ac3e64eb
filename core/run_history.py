"""Every training run's settings, curves and final metrics, for comparison and export."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from .config import FIELDS, TrainConfig, matching_preset
from .live_feed import LiveUpdate
from .modelfile import package_versions
from .series import GrowingSeries
from .smoothing import StreamingEMA

SMOOTHING = 0.9
"""EMA factor of the smoothed loss line (about the last 10 steps)."""


@dataclass
class RunRecord:
    """One training run: what it was asked to do, what it did, how it ended.

    Attributes
    ----------
    number : int
        1-based run number in this session.
    config : TrainConfig
        The run's hyperparameters (seed included).
    loss, smoothed, val_loss, val_accuracy : GrowingSeries
        x = step; y = training loss, its debiased EMA, validation loss (nats per symbol)
        and validation accuracy (0-1).
    status : str
        ``"running"``, ``"finished"``, ``"stopped"``, ``"target reached"`` or ``"diverged"``.
    """

    number: int
    config: TrainConfig
    versions: dict = field(default_factory=package_versions)
    started: str = field(
        default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds")
    )
    loss: GrowingSeries = field(default_factory=GrowingSeries)
    smoothed: GrowingSeries = field(default_factory=GrowingSeries)
    val_loss: GrowingSeries = field(default_factory=lambda: GrowingSeries(256))
    val_accuracy: GrowingSeries = field(default_factory=lambda: GrowingSeries(256))
    status: str = "running"
    message: str = ""
    step: int = 0
    examples_seen: int = 0
    elapsed_s: float = 0.0
    first_full_accuracy_step: int | None = None
    _ema: StreamingEMA = field(default_factory=lambda: StreamingEMA(SMOOTHING), repr=False)

    @property
    def label(self) -> str:
        """Short name for lists and legends, e.g. ``Run 2 · Fast · seed 0``."""
        name = matching_preset(self.config)
        return (
            f"Run {self.number} · {name.capitalize() if name else 'Custom'} · "
            f"seed {self.config.seed}"
        )

    @property
    def final_accuracy(self) -> float | None:
        """Last validation accuracy measured, or None."""
        return (
            float(self.val_accuracy.y[self.val_accuracy.size - 1])
            if len(self.val_accuracy)
            else None
        )

    def add(self, update: LiveUpdate) -> None:
        """Append a live update's points and totals."""
        steps = update.steps.astype(np.float64)
        self.loss.extend(steps, update.losses)
        self.smoothed.extend(steps, self._ema.update(update.losses))
        vsteps = update.val_steps.astype(np.float64)
        self.val_loss.extend(vsteps, update.val_losses)
        self.val_accuracy.extend(vsteps, update.val_accuracies)
        if self.first_full_accuracy_step is None:
            full = np.flatnonzero(update.val_accuracies >= 1.0)
            if len(full):
                self.first_full_accuracy_step = int(update.val_steps[full[0]])
        self.step, self.examples_seen, self.elapsed_s = (
            update.step,
            update.examples_seen,
            update.elapsed_s,
        )

    def summary(self) -> str:
        """One line: status, steps, final accuracy, training seconds."""
        acc = self.final_accuracy
        acc_text = "–" if acc is None else f"{acc:.1%}"
        return (
            f"{self.label}: {self.status}, {self.step:,} steps, validation accuracy "
            f"{acc_text}, {self.elapsed_s:.1f} s"
        )


def differing_settings(runs: list[RunRecord]) -> dict[str, list]:
    """Settings whose values differ between ``runs``: name -> one value per run, in order."""
    if len(runs) < 2:
        return {}
    result = {}
    for name in FIELDS:
        values = [getattr(r.config, name) for r in runs]
        if any(v != values[0] for v in values[1:]):
            result[name] = values
    return result


CSV_COLUMNS = (
    "run",
    "label",
    "step",
    "train_loss",
    "smoothed_loss",
    "val_loss",
    "val_accuracy",
    *FIELDS,
)


def export_csv(runs: list[RunRecord], path: str | os.PathLike) -> int:
    """Write every run's curves to one CSV file (one row per run and step); returns rows.

    Validation columns are empty on steps without an evaluation; the settings columns
    repeat each run's hyperparameters so one file is enough to compare runs.

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for run in runs:
            settings = [getattr(run.config, name) for name in FIELDS]
            steps, losses = run.loss.view()
            _, smoothed = run.smoothed.view()
            val_loss = dict(zip(*(a.astype(object) for a in run.val_loss.view()), strict=True))
            val_acc = dict(zip(*(a.astype(object) for a in run.val_accuracy.view()), strict=True))
            for step, loss, smooth in zip(steps, losses, smoothed, strict=True):
                vl, va = val_loss.get(step, ""), val_acc.get(step, "")
                writer.writerow(
                    [
                        run.number,
                        run.label,
                        int(step),
                        repr(float(loss)),
                        repr(float(smooth)),
                        vl if vl == "" else repr(float(vl)),
                        va if va == "" else repr(float(va)),
                        *settings,
                    ]
                )
                rows += 1
    return rows
