"""Named training presets: Tutorial (the seed recipe exactly) and Fast (tuned per family).

The **Tutorial** preset is the recipe of the tutorial "Building your first RNN" (parts 1-3)
exactly: one 32-symbol random message per step (batch 1), ``Embedding(27, 5) -> LSTM(5, 10)
-> Linear(10, 27)``, per-symbol cross-entropy and Adam at learning rate 1e-3, with no gradient
clipping, for every cipher family. **Fast** is our tuned default, tuned per family
(:func:`fast_preset`; measured in ``docs/benchmarks.md``). A preset is a named
:class:`~cipherlab.core.settings.TrainConfig`.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from .. import ciphers  # a lazy face: NumPy loads only when a cipher is built
from .run_config import TrainConfig
from .tasks import task_named


def default_alphabet_name(family: str) -> str:
    """The name in :data:`ALPHABETS` of ``family``'s default alphabet (``letters`` for rot13).

    Raises
    ------
    ValueError
        If there is no such family.
    """
    return ciphers.family_named(family).default_alphabet().name


PRESETS: dict[str, TrainConfig] = {
    # The seed recipe exactly: one message per step, Embedding(27, 5), LSTM(5, 10), Adam 1e-3.
    "tutorial": TrainConfig(),
    # Tuned on 2 CPU cores: bigger batches and a higher learning rate reach 100 % validation
    # accuracy in a small fraction of the Tutorial's wall time (bench/time_to_accuracy.py);
    # clipping at 1.0 keeps the high learning rate from blowing up the LSTM's gradients.
    "fast": TrainConfig(
        embedding_dim=16,
        hidden_size=32,
        batch_size=32,
        learning_rate=0.03,
        steps=400,
        eval_every=10,
        grad_clip=1.0,
    ),
}
"""Named training presets for the seed's task (caesar); ``"fast"`` is the app's default.

For another family use :func:`preset` with ``cipher=...``: Tutorial is the same seed recipe
for every family, Fast is tuned per family (:func:`fast_preset`)."""

DEFAULT_PRESET = "fast"

# Measured by bench/families.py on 2 CPU cores, one torch thread (docs/benchmarks.md, 12).
# A Vigenère model must count positions modulo the key's length: it needs a bigger memory
# (hidden 128) and a gentler learning rate, and a key longer than 12 symbols a bigger batch
# too (batch 32 needed 12-15 s for a 26-symbol key, batch 64 about 9 s).
_MEMORY: dict[str, Any] = dict(hidden_size=128, learning_rate=0.01, steps=3000)
FAST_TUNING: dict[str, tuple[tuple[int, dict[str, Any]], ...]] = {
    # A symbol-by-symbol substitution: the seed's Fast is already at 100 % in about 10 steps.
    "caesar": ((0, {}),),
    "rot13": ((0, {}),),
    "atbash": ((0, {}),),
    "affine": ((0, {}),),
    "substitution": ((0, {}),),
    "vigenere": ((0, _MEMORY), (13, {**_MEMORY, "batch_size": 64})),
    # Each autokey symbol is the ciphertext minus the plaintext m symbols back: a decoder
    # that reads only ciphertext stays at 26-41 % (docs/benchmarks.md), so autokey's Fast
    # feeds back the decoder's own outputs; primers 3, 7 and 12 then reach 100 % in 160-210
    # steps, 7.7-10.5 s on 2 busy cores (bench/families.py --feedback --only autokey), and
    # decode whole 1,024-symbol messages right (bench/feedback_decoding.py).
    "autokey": ((0, {**_MEMORY, "feedback": True, "steps": 3000}),),
}
"""Per family: ``(min_key_length, overrides)`` tiers over the caesar Fast preset; the last
tier whose minimum the key length reaches applies (``bench/families.py`` measures them)."""


LM_FAST: dict[str, Any] = dict(
    embedding_dim=32,
    hidden_size=192,
    learning_rate=0.003,
    batch_size=32,
    seq_len=64,
    steps=8000,
    eval_every=500,
    grad_clip=1.0,
)
"""The Fast preset of a language model (the window's): 1.80 bits per symbol on held-out
English-like text after 5,000 steps (5 minutes on one CPU thread), against 2.13 for quadgram
counts; hidden 128 and lr 0.005 got 1.84 after 8,000 steps."""

LM_SHIPPED: dict[str, Any] = dict(
    LM_FAST,
    hidden_size=256,
    learning_rate=0.002,
    seq_len=128,
    steps=10_000,
)
"""The shipped language models' settings, on English prose: larger than :data:`LM_FAST`
and reading twice the context, for scoring candidate plaintexts (about 17 minutes on 2
cores; ``cipherlab train --task lm --data prose --hidden-size 256 --learning-rate 0.002
--seq-len 128 --steps 10000``)."""


IDENTIFY_FAST: dict[str, Any] = dict(
    embedding_dim=16,
    hidden_size=64,
    learning_rate=0.01,
    batch_size=32,
    seq_len=100,
    steps=3000,
    eval_every=20,
    grad_clip=1.0,
)
"""The Fast preset of Identify: 100-symbol English-like messages, each under a random family.

Measured by ``bench/identify_training.py`` (one torch thread, 2 cores under load): 60 % of
the validation messages identified right after 15 s, 70 % after 60 s, 74 % after 90 s (the
tutorial recipe on the same task: 38 %, 37 %, 47 %); 73 % on real prose it never saw. Hidden
128 was slower to get there (59 % after 90 s), a learning rate of 0.02 stalled near 63 %."""


def fast_preset(family: str = "caesar", key_length: int | None = None) -> TrainConfig:
    """The Fast preset tuned for ``family``, with its default key and alphabet.

    Parameters
    ----------
    family : str
        A name in :data:`~cipherlab.core.ciphers.FAMILIES`.
    key_length : int, optional
        Symbols in the keyword (Vigenère, autokey): longer keys need more memory and get
        larger settings. None: the length of the family's default key.

    Returns
    -------
    TrainConfig
        Hyperparameters tuned to reach 100 % validation accuracy quickly on 2 CPU cores
        (``bench/families.py``; ``docs/benchmarks.md``), task = ``family`` with its default
        key over its default alphabet, random data.

    Raises
    ------
    ValueError
        If there is no such family.
    """
    cls = ciphers.family_named(family)
    alphabet = default_alphabet_name(cls.family)
    if key_length is None:
        key_length = len(ciphers.make_cipher(cls.family, None, alphabet).key_text)
    overrides: dict[str, Any] = {}
    for minimum, tier in FAST_TUNING[cls.family]:
        if key_length >= minimum:
            overrides = tier
    return replace(PRESETS["fast"], cipher=cls.family, alphabet=alphabet, **overrides)


def preset(name: str, **overrides: Any) -> TrainConfig:
    """The preset ``name`` (case-insensitive) for a task, with some fields replaced.

    With a ``cipher`` among the overrides, Fast is that family's :func:`fast_preset` (for
    the key's length), and the alphabet defaults to the family's (``letters`` for rot13).
    For a task without a cipher, on its :attr:`~cipherlab.core.settings.Task.default_data`
    (English prose for a language model, English-like text for Identify), Fast is
    :data:`LM_FAST` for a language model (``task="lm"``) and :data:`IDENTIFY_FAST` for
    Identify (``task="identify"``). Tutorial is the seed recipe for every task.

    Raises
    ------
    KeyError
        If there is no such preset (the message lists the known ones).
    ValueError
        If an override is invalid (a bad key gives the family's sentence).
    """
    try:
        base = PRESETS[name.lower()]
    except KeyError:
        raise KeyError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.") from None
    task = task_named(overrides.get("task", base.task))
    if not task.has_cipher:  # no cipher to tune for: one preset per task
        tuned = (IDENTIFY_FAST if task.labels else LM_FAST) if name.lower() == "fast" else {}
        return replace(base, **{**tuned, "data": task.default_data, **overrides})
    family = overrides.get("cipher", base.cipher)
    if family != base.cipher or "key" in overrides or "alphabet" in overrides:
        alphabet = overrides.get("alphabet") or default_alphabet_name(family)
        if name.lower() == "fast":
            key = overrides.get("key") or None
            key_length = len(ciphers.make_cipher(family, key, alphabet).key_text)
            base = fast_preset(family, key_length)
        base = replace(base, cipher=family, key="", alphabet=alphabet)
    return replace(base, **overrides)


_COMPARED = tuple(f.name for f in fields(TrainConfig) if f.name not in ("seed", "mistakes"))
"""The fields a preset fixes: all but the seed and the mistakes made on purpose."""
_MATCHES: dict[tuple[object, ...], str | None] = {}
""":func:`matching_preset`'s answers by those fields' values (cleared past a thousand)."""


def matching_preset(config: TrainConfig) -> str | None:
    """The preset equal to ``config`` for its task (seed and mistakes aside), or None.

    Remembered per settings: the run list names the preset of every run it lists, and
    building each preset again took 70 µs a run (0.35 s for 5,000 runs).
    """
    key = tuple(getattr(config, name) for name in _COMPARED)
    if key not in _MATCHES:
        if len(_MATCHES) >= 1000:
            _MATCHES.clear()
        plain = replace(config, mistakes=())
        _MATCHES[key] = next(
            (
                name
                for name in PRESETS
                if preset(name, seed=config.seed, **config.task_fields()) == plain
            ),
            None,
        )
    return _MATCHES[key]
