"""What shapes a run, as one list: the settings two runs are compared by.

:func:`run_settings` names every setting that changes what a run does, as the run does it:
the hyperparameters (the batch as trained, so batch 1 under "One message a step"), the task,
the cipher, its key (a default key by its value, never blank), the alphabet, the data and the
beginner mistakes made on purpose. The run comparison, and anything else that tells runs
apart, reads this list rather than the raw fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .. import ciphers  # a lazy face: NumPy loads only when a cipher is built
from .fields import FIELDS, HYPERPARAMETERS, MISTAKES

if TYPE_CHECKING:
    from .run_config import TrainConfig

NONE = "none"
"""What a setting that does not apply shows (a language model's cipher, no mistakes)."""


class RunSetting(NamedTuple):
    """One setting that shapes a run.

    Attributes
    ----------
    name : str
        The setting's name (a :data:`FIELDS` name, or ``mistakes``).
    label : str
        What the user reads (``Batch size``, ``Key``, ``Mistakes``).
    value : str, int or float
        Its value as the run uses it: equal values mean the run is shaped the same way.
    """

    name: str
    label: str
    value: str | int | float


def run_settings(config: TrainConfig) -> tuple[RunSetting, ...]:
    """Every setting that shapes a run of ``config``, in form order, as the run uses it.

    Parameters
    ----------
    config : TrainConfig
        The run's settings.

    Returns
    -------
    tuple of RunSetting
        The hyperparameters (``batch_size`` as trained: :attr:`TrainConfig.effective_batch_size`),
        then the task, cipher (its title), key (the family's key as the cipher shows it, so an
        empty key field reads as the default key it stands for, e.g. ``+13``), alphabet (its
        symbols in words, e.g. ``A–Z and -``), data (a file by its path) and mistakes (their
        labels, or ``none``). A task without a cipher has ``none`` for cipher and key.
    """
    found = [
        RunSetting(
            name,
            FIELDS[name].label,
            config.effective_batch_size if name == "batch_size" else getattr(config, name),
        )
        for name in HYPERPARAMETERS
    ]
    task = config.task_kind
    cipher = config.make_cipher() if task.has_cipher else None
    key = (cipher.key_label() or NONE) if cipher is not None else NONE
    data = f"file {config.data_path}" if config.data == "file" else config.data
    made = ", ".join(MISTAKES[m].label for m in config.mistakes) or NONE
    found += [
        RunSetting("task", FIELDS["task"].label, task.label),
        RunSetting("cipher", FIELDS["cipher"].label, cipher.title if cipher else NONE),
        RunSetting("key", FIELDS["key"].label, key),
        RunSetting(
            "alphabet", FIELDS["alphabet"].label, ciphers.alphabet_label(config.make_alphabet())
        ),
        RunSetting("data", FIELDS["data"].label, data),
        RunSetting("mistakes", "Mistakes", made),
    ]
    return tuple(found)
