"""The paragraph the window shows after a run made with a beginner mistake: what happened, why.

It puts the mistake's own explanation (:data:`~cipherlab.core.settings.MISTAKES`) beside what
the run measured, and beside the latest run of the same task made without a mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..settings import MISTAKES

if TYPE_CHECKING:
    from ..session import RunRecord


def best_accuracy(run: RunRecord) -> float | None:
    """The run's best validation accuracy (0-1), or None before its first evaluation."""
    _, accuracy = run.val_accuracy.view()
    return float(accuracy.max()) if len(accuracy) else None


def _measured(run: RunRecord) -> str:
    best = best_accuracy(run)
    accuracy = "no validation accuracy yet" if best is None else f"{best:.1%} validation accuracy"
    return (
        f"{accuracy} at best, after {run.step:,} steps ({run.examples_seen:,} examples, "
        f"{run.elapsed_s:.1f} s)"
    )


def normal_run_like(run: RunRecord, runs: Iterable[RunRecord]) -> RunRecord | None:
    """The latest ended run of ``runs`` on ``run``'s task (same cipher and key) with no mistake."""
    task = run.config.task_fields()
    found = [
        r
        for r in runs
        if r is not run
        and not r.running
        and not r.config.mistakes
        and r.step
        and r.config.task_fields() == task
    ]
    return found[-1] if found else None


def mistake_report(run: RunRecord, normal: RunRecord | None = None) -> str:
    """What happened in ``run``, made with a beginner mistake, and why, in one paragraph.

    Parameters
    ----------
    run : RunRecord
        An ended run whose settings made one or more of :data:`MISTAKES`.
    normal : RunRecord, optional
        The latest run of the same task without a mistake (:func:`normal_run_like`).

    Returns
    -------
    str
        "" if ``run`` made no mistake.
    """
    made = [MISTAKES[m] for m in run.config.mistakes]
    if not made:
        return ""
    labels = " and ".join(f"“{m.label}”" for m in made)
    parts = [f"Run {run.number} was made with {labels} on purpose."]
    parts += [m.explanation for m in made]
    parts.append(f"This run reached {_measured(run)}.")
    if normal is None:
        parts.append(
            "Train the same task without the mistake and tick both runs in the run list to "
            "see the cost side by side."
        )
    else:
        parts.append(f"Run {normal.number}, the same task without it, reached {_measured(normal)}.")
    return " ".join(parts)
