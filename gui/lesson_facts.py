"""What the window shows, as the facts a lesson's steps check (:class:`LessonFacts`).

The main window builds the facts from its panels' public state whenever something changes
(feature folders never import each other, so the lessons panel cannot look for itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cipherlab.core.lessons import LessonFacts, best_accuracy
from cipherlab.core.network import LOW_CONFIDENCE
from cipherlab.core.settings import IDENTIFY_LABELS, matching_preset

if TYPE_CHECKING:
    from .decoding import DecodePanel
    from .inside import GeneralisationView, InsideView
    from .training import TrainingPanel


def window_facts(
    panel: TrainingPanel,
    decode: DecodePanel,
    inside: InsideView,
    generalisation: GeneralisationView,
) -> LessonFacts:
    """The facts of :data:`~cipherlab.core.lessons.FACTS` as the window shows them now.

    Parameters
    ----------
    panel : TrainingPanel
        The next run's settings, the latest run and the runs on the plot.
    decode : DecodePanel
        The decoded letters, their probabilities, the key mode and the key candidates.
    inside, generalisation : InsideView, GeneralisationView
        On screen or not; measured or not.
    """
    config, run, history = panel.config(), panel.training_run, panel.history
    decoding = decode.decoding
    shown = decoding.confidence.tolist() if decoding is not None else []  # the bars' heights
    unknown = decode.key_unknown
    crack = decode.crackView
    crack_finished = unknown and crack.ranking is not None and not crack.busy
    found = crack.identification if crack_finished else None
    family = decode.familyView
    # the bars of the text shown, not of one typed since (a reading is due or running)
    bars = family.probabilities if family.isVisible() and not family.busy else None
    family_letters = sum("A" <= c <= "Z" for c in family.text().upper())
    facts: dict[str, object] = {
        "running": run is not None and run.running,
        "runs_compared": len({id(r) for r in (history.current, *history.overlaid) if r}),
        "decoded_letters": len(shown),
        "unsure_letters": sum(1 for p in shown if p < LOW_CONFIDENCE),
        "key_mode": "unknown" if unknown else "known",
        "crack_finished": crack_finished,
        "classical_family": found.best if found is not None else "",
        "family_letters": family_letters if bars is not None else 0,
        "family_shown": IDENTIFY_LABELS[int(bars.argmax())] if bars is not None else "",
        "inside_shown": inside.isVisible(),
        "generalisation_shown": generalisation.isVisible(),
        "generalisation_measured": bool(generalisation.points) and not generalisation.running,
    }
    if config is not None:
        facts |= {
            "task": config.task,
            "cipher": config.cipher if config.task_kind.has_cipher else "",
            "alphabet": config.alphabet,
            "preset": matching_preset(config) or "",
            "hidden_size": config.hidden_size,
        }
    if run is not None:
        has_cipher = run.config.task_kind.has_cipher
        facts |= {
            "run_ended": not run.running,
            "run_task": run.config.task,
            "run_cipher": run.config.cipher if has_cipher else "",
            "run_preset": matching_preset(run.config) or "",
            "run_hidden_size": run.config.hidden_size,
            "run_mistake": ", ".join(run.config.mistakes),
            "run_accuracy": best_accuracy(run) or 0.0,
        }
    return LessonFacts(**facts)  # type: ignore[arg-type]
