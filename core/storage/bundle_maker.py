"""The one bundle maker: a model, its settings and how far it got, as a :class:`ModelBundle`.

The window's Train (live and at the end of a run), File > New model and ``cipherlab train``
all call :func:`make_bundle`, so what a model file holds does not depend on which button
made it: the cipher and alphabet come from the settings, the metrics from the run.
"""

from __future__ import annotations

import numpy as np

from ..learning import new_model
from ..network import CipherRNN
from ..settings import TrainConfig
from .metadata import model_metadata
from .model_file import ModelBundle, bundle_from_arrays


def make_bundle(
    config: TrainConfig,
    model: CipherRNN | dict[str, np.ndarray] | None = None,
    *,
    steps: int = 0,
    val_accuracy: float | None = None,
    val_loss: float | None = None,
    examples_seen: int | None = None,
    training_seconds: float | None = None,
    command: str | None = None,
) -> ModelBundle:
    """The bundle of a model trained (or, untrained, built) with ``config``.

    Parameters
    ----------
    config : TrainConfig
        The run's settings: its task, cipher (if the task has one) and alphabet.
    model : CipherRNN or dict of str to numpy.ndarray, optional
        The network, or a copy of its weights (float32 arrays as a ``state_dict``, e.g. sent
        from a training thread). None: a new, untrained network seeded by ``config.seed``.
    steps : int
        Optimiser steps taken.
    val_accuracy : float, optional
        Last per-symbol validation accuracy in ``[0, 1]``.
    val_loss : float, optional
        Last validation loss in nats per symbol; a language model's file records it in bits
        per symbol (the task's own unit).
    examples_seen : int, optional
        Training messages consumed.
    training_seconds : float, optional
        Seconds spent training.
    command : str, optional
        How the model was made (a CLI line, or the window's action).

    Returns
    -------
    ModelBundle
        The model in eval mode with its cipher (None for a language model), alphabet and
        metadata (:func:`~cipherlab.core.storage.model_metadata`).
    """
    task = config.task_kind
    alphabet = config.text_alphabet()
    cipher = config.make_cipher() if task.has_cipher else None
    bits = task.shown_loss(val_loss) if val_loss is not None and task.writes_text else None
    metadata = model_metadata(
        config,
        steps=steps,
        val_accuracy=val_accuracy,
        val_bits_per_symbol=bits,
        examples_seen=examples_seen,
        training_seconds=training_seconds,
        command=command,
    )
    if isinstance(model, dict):
        shape = config.model_config(len(alphabet))
        return bundle_from_arrays(shape, cipher, alphabet, model, metadata)
    if model is None:
        model = new_model(config, len(alphabet))
    model.eval()
    return ModelBundle(model, cipher, metadata, alphabet)
