"""The model card: what a model is, how it was trained and with what, as labelled text.

One formatter for the window's model card panel and ``cipherlab info MODEL``. It reads only
plain attributes and JSON metadata, so it imports neither torch nor Qt.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ciphers import Cipher
    from ..settings import TrainConfig
    from .model_file import ModelBundle

UNKNOWN = "unknown"
MODEL_FIELDS = ("cell", "embedding_dim", "hidden_size", "num_layers", "feedback", "vocab_size")
"""Training-dict keys already shown on the card's "Model" line."""
MAX_VALUE_CHARS = 1000
"""Longest value shown on the card; longer ones (from a file's metadata) are cut."""


def _elide(text: str) -> str:
    """``text`` cut to :data:`MAX_VALUE_CHARS`, saying how long it was."""
    if len(text) <= MAX_VALUE_CHARS:
        return text
    return f"{text[:MAX_VALUE_CHARS]}… ({len(text):,} characters)"


def _accuracy(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return UNKNOWN
    return f"{value:.1%}"


def _steps(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return UNKNOWN
    return f"{value:,}"


def _section(meta: dict, key: str) -> dict:
    """``meta[key]`` if it is a dict, else an empty one."""
    value = meta.get(key)
    return value if isinstance(value, dict) else {}


def _pairs(mapping: dict, skip: tuple[str, ...] = ()) -> str:
    items = [f"{k} {v}" for k, v in mapping.items() if k not in skip]
    return ", ".join(items) if items else UNKNOWN


def cipher_label(cipher: Cipher) -> str:
    """The cipher for people: family, key and alphabet, with its name if it has its own.

    ``"Vigenère LEMON, A–Z"`` (:meth:`~cipherlab.core.ciphers.Cipher.describe`; a
    substitution key is shown as its permutation), or ``"Lesson 3 (Vigenère LEMON, A–Z)"``
    when the cipher was given a name of its own.
    """
    described = cipher.describe()
    name = cipher.name
    return described if not name or name == described else f"{name} ({described})"


def task_label(bundle: ModelBundle) -> str:
    """What a model does, for titles and headers: its cipher, or ``"Language model, A–Z"``.

    A model without a cipher (a language model) is named by its task and alphabet.
    """
    if bundle.cipher is None:
        from ..ciphers import alphabet_label

        return f"{bundle.task_kind.label}, {alphabet_label(bundle.alphabet)}"
    return cipher_label(bundle.cipher)


NETWORK_TERMS = {
    "cell": "cell",
    "embedding_dim": "embedding size",
    "hidden_size": "hidden size",
    "num_layers": "layers",
}
"""The settings that fix a model's network, and their names in a sentence."""


def settings_differences(config: TrainConfig, bundle: ModelBundle) -> list[str]:
    """What the model ``config`` would train is that ``bundle`` is not, in words.

    Only what the model *is* counts: its task, cipher (family and key), alphabet and
    network. How long or how fast it was trained (steps, learning rate, seed) does not.

    Parameters
    ----------
    config : TrainConfig
        The settings of the next run (the training form's).
    bundle : ModelBundle
        The model on screen.

    Returns
    -------
    list of str
        In order, those of ``"task"``, ``"cipher"``, ``"alphabet"`` and the network's
        :data:`NETWORK_TERMS` that differ; empty when ``config`` describes ``bundle``.

    Raises
    ------
    ValueError
        If ``config``'s key is invalid for its cipher (a valid ``TrainConfig`` never is).
    """
    from ..ciphers import make_cipher

    task = bundle.task_kind
    if task.name != config.task:
        return ["task"]
    found = []
    if task.has_cipher and bundle.cipher is not None:
        wanted = make_cipher(config.cipher, config.key or None, config.alphabet)
        if (wanted.family, wanted.key_text) != (bundle.cipher.family, bundle.cipher.key_text):
            found.append("cipher")
    if bundle.alphabet != config.text_alphabet():
        found.append("alphabet")
    network = bundle.model.config
    found += [
        term
        for name, term in NETWORK_TERMS.items()
        if getattr(network, name) != getattr(config, name)
    ]
    return found


def model_card(
    bundle: ModelBundle, name: str | None = None, path: str | PathLike | None = None
) -> dict[str, str]:
    """The model card of ``bundle`` as ordered ``label -> text`` pairs.

    Parameters
    ----------
    bundle : ModelBundle
        The model and its metadata (``training``, ``metrics``, ``versions``, ``created``,
        ``command``; any of them may be missing, e.g. for a new untrained model).
    name : str, optional
        Display name (default: the file's stem, else ``"untitled"``).
    path : path, optional
        The file the model was opened from or saved to.

    Returns
    -------
    dict of str to str
        Keys, in order: Name, File, Cipher (:func:`cipher_label`; "none" for a language
        model), Alphabet, Model, Training, Steps trained, Validation accuracy (a language
        model's next-symbol accuracy, then its Validation bits per symbol), Created,
        Versions, and Command when the metadata has one.
        Plain text, never markup; a value over :data:`MAX_VALUE_CHARS` characters is cut.
    """
    meta = bundle.metadata
    config = bundle.model.config
    training, metrics, versions = (_section(meta, k) for k in ("training", "metrics", "versions"))
    from ..ciphers import alphabet_label

    symbols = bundle.alphabet.symbols
    task = bundle.task_kind
    card = {
        "Name": name or (Path(path).stem if path else "untitled"),
        "File": str(path) if path else "not saved",
        "Cipher": (
            cipher_label(bundle.cipher)
            if bundle.cipher is not None
            else f"none: a {task.noun} ({task.description[0].lower()}{task.description[1:-1]})"
        ),
        "Alphabet": f"{alphabet_label(bundle.alphabet)} ({len(symbols)} symbols)",
        "Model": (
            f"{config.cell.upper()}, embedding {config.embedding_dim}, hidden "
            f"{config.hidden_size}, {config.num_layers} layer(s), vocabulary {config.vocab_size}"
            + (", feedback (reads back its own earlier letters)" if config.feedback else "")
        ),
        # a model without a cipher never read the cipher fields: they would mislead
        "Training": _pairs(
            training, skip=MODEL_FIELDS + (() if bundle.cipher is not None else ("cipher", "key"))
        ),
        "Steps trained": _steps(metrics.get("steps")),
        "Validation accuracy": _accuracy(metrics.get("val_accuracy")),
        **(
            {"Validation bits per symbol": f"{metrics['val_bits_per_symbol']:.3f}"}
            if isinstance(metrics.get("val_bits_per_symbol"), (int, float))
            else {}
        ),
        "Created": str(meta.get("created") or UNKNOWN),
        "Versions": _pairs(versions),
    }
    if meta.get("command"):
        card["Command"] = str(meta["command"])
    return {label: _elide(value) for label, value in card.items()}


def format_card(card: dict[str, str]) -> str:
    """Plain-text card: one ``Label: value`` line per entry, values aligned.

    Parameters
    ----------
    card : dict of str to str
        As returned by :func:`model_card`.

    Returns
    -------
    str
        The card, without a trailing newline.
    """
    width = max((len(label) for label in card), default=0) + 1
    return "\n".join(f"{label + ':':<{width}} {value}" for label, value in card.items())
