"""The decode panel's header: which model decodes, in one line a class can read."""

from __future__ import annotations

import html

from cipherlab.core.settings import VALIDATION_ACCURACY
from cipherlab.core.storage import ModelBundle, task_label

LIVE_ACCURACY = f", {VALIDATION_ACCURACY.label} in the training status"
"""A run's weights: its validation accuracy is read in one place, the training status, which
is updated more often than the weights on screen (two values at once would disagree)."""


def describe(bundle: ModelBundle, name: str, live: bool = False) -> str:
    """One-line model card for the panel's header (HTML, names escaped).

    Parameters
    ----------
    bundle : ModelBundle
        The model shown.
    name : str
        Its name (a file's, or a run's "training, step N (unsaved)").
    live : bool
        The weights of a run in progress: the validation accuracy is left to the training
        status (:data:`LIVE_ACCURACY`).
    """
    c = bundle.model.config
    metrics = bundle.metadata.get("metrics")
    acc = metrics.get("val_accuracy") if isinstance(metrics, dict) else None
    acc_text = f", {VALIDATION_ACCURACY.label} {acc:.1%}" if isinstance(acc, (int, float)) else ""
    if live and acc_text:
        acc_text = LIVE_ACCURACY
    bits = metrics.get("val_bits_per_symbol") if isinstance(metrics, dict) else None
    if bundle.cipher is None and isinstance(bits, (int, float)):
        acc_text = f", {bits:.3f} bits per symbol on held-out text"
    return (
        f"<b>Model:</b> {html.escape(name)} — {html.escape(task_label(bundle))}; "
        f"{c.cell.upper()}, embedding "
        f"{c.embedding_dim}, hidden {c.hidden_size}, {c.num_layers} layer(s){acc_text}"
    )
