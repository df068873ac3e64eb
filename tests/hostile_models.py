"""Hostile model files, made on demand (no binaries in the repository).

Each entry of :data:`HOSTILE` writes one crafted ``.safetensors`` file of the kinds that a
reliability sweep fed to ``cipherlab info``, ``cipherlab decode --model`` and the window
(issue 10, section 2), and gives the words that the refusal's one-line message must hold.
``python tests/hostile_models.py FOLDER`` writes them all into FOLDER.

The files are written byte by byte (8-byte header length, JSON header, data), not through
``safetensors``, so that any header can be crafted, even ones its writer would refuse.
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from cipherlab.core.settings import TrainConfig

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
CONFIG = {"vocab_size": 27, "embedding_dim": 5, "hidden_size": 10, "num_layers": 1, "cell": "lstm"}
"""The Tutorial's network: ``Embedding(27, 5) -> LSTM(5, 10) -> Linear(10, 27)``."""
DEEP = "@DEEP@"
"""A string in a header or metadata that :func:`write_model` replaces by raw JSON text."""


def shapes(config: dict[str, Any] = CONFIG) -> dict[str, tuple[int, ...]]:
    """Parameter shapes of a one-layer LSTM ``config`` (the names torch gives them)."""
    v, e, h = config["vocab_size"], config["embedding_dim"], config["hidden_size"]
    return {
        "embedding.weight": (v, e),
        "rnn.weight_ih_l0": (4 * h, e),
        "rnn.weight_hh_l0": (4 * h, h),
        "rnn.bias_ih_l0": (4 * h,),
        "rnn.bias_hh_l0": (4 * h,),
        "linear.weight": (v, h),
        "linear.bias": (v,),
    }


def weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Small random float32 weights of the Tutorial's network."""
    rng = np.random.default_rng(seed)
    return {k: rng.normal(0, 0.3, s).astype(np.float32) for k, s in shapes().items()}


def metadata(**changes: Any) -> dict[str, Any]:
    """The metadata ``save_model`` writes for a Tutorial model, with ``changes`` applied."""
    meta: dict[str, Any] = {
        "training": {"preset": "tutorial", **TrainConfig().to_dict()},
        "metrics": {"val_accuracy": 0.5, "steps": 100, "examples_seen": 100},
        "versions": {"python": "3.11", "torch": "2.x"},
        "created": "2026-01-01T00:00:00+00:00",
        "command": "cipherlab train --preset tutorial",
        "format": "cipherlab-model",
        "format_version": 1,
        "config": dict(CONFIG),
        "cipher": {"kind": "caesar", "shift": 13, "alphabet": ALPHABET, "name": "Caesar +13"},
        "alphabet": ALPHABET,
    }
    meta.update(changes)
    return meta


def write_model(
    path: Path,
    meta: dict[str, Any] | None = None,
    tensors: dict[str, np.ndarray] | None = None,
    *,
    entries: dict[str, Any] | None = None,
    header_length: int | None = None,
    deep: str = "",
) -> Path:
    """Write a safetensors file by hand.

    Parameters
    ----------
    meta : dict, optional
        The Cipher Lab metadata (default :func:`metadata`); dumped with ``NaN`` allowed.
    tensors : dict, optional
        The tensors (default :func:`weights`), float32 unless their dtype says otherwise.
    entries : dict, optional
        Extra raw header entries (fake tensors), added after the real ones.
    header_length : int, optional
        A header length to write instead of the true one (a lie).
    deep : str
        Raw JSON text that replaces the string :data:`DEEP` in the header or metadata.
    """
    meta = metadata() if meta is None else meta
    tensors = weights() if tensors is None else tensors
    dtypes = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64", np.dtype(np.float64): "F64"}
    header: dict[str, Any] = {"__metadata__": {"cipherlab": json.dumps(meta)}}
    data, offset = [], 0
    for key, array in tensors.items():
        raw = np.ascontiguousarray(array).tobytes()
        header[key] = {
            "dtype": dtypes[array.dtype],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        data.append(raw)
        offset += len(raw)
    header.update(entries or {})
    text = json.dumps(header)
    if deep:
        quoted = json.dumps(DEEP)
        text = text.replace(quoted, deep).replace(json.dumps(quoted)[1:-1], json.dumps(deep)[1:-1])
    blob = text.encode("utf-8")
    length = len(blob) if header_length is None else header_length
    path.write_bytes(struct.pack("<Q", length) + blob + b"".join(data))
    return path


def _config(**changes: Any) -> dict[str, Any]:
    return metadata(config={**CONFIG, **changes})


def _training(**changes: Any) -> dict[str, Any]:
    meta = metadata()
    meta["training"].update(changes)
    return meta


def _metrics(**changes: Any) -> dict[str, Any]:
    meta = metadata()
    meta["metrics"].update(changes)
    return meta


def family_metadata(family: str, key: Any, alphabet: str = ALPHABET, **changes: Any) -> dict:
    """Format-2 metadata: the cipher as family JSON (``save_model`` writes these now)."""
    cipher = {"family": family, "key": key, "alphabet": alphabet, "name": "Lesson 3"}
    return metadata(format_version=2, cipher=cipher, **changes)


def _cipher_name(name: str) -> dict[str, Any]:
    meta = metadata()
    meta["cipher"]["name"] = name
    return meta


def _scaled(key: str, factor: float) -> dict[str, np.ndarray]:
    tensors = weights()
    tensors[key] = tensors[key] * np.float32(factor)
    return tensors


def _fake_entries(n: int) -> dict[str, Any]:
    return {f"t{i}": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]} for i in range(n)}


NESTED = "[" * 5000 + "]" * 5000

Writer = Callable[[Path], Path]

HOSTILE: dict[str, tuple[Writer, str]] = {
    # sizes beyond the form's limits: refused before any tensor or module is built
    "layers_1e4": (lambda p: write_model(p, _config(num_layers=10**4)), "Layers must be at most 8"),
    "layers_1e6": (lambda p: write_model(p, _config(num_layers=10**6)), "Layers must be at most 8"),
    "layers_1e9": (lambda p: write_model(p, _config(num_layers=10**9)), "Layers must be at most 8"),
    "hidden_1e12": (
        lambda p: write_model(p, _config(hidden_size=10**12)),
        "Hidden size must be at most 2,048",
    ),
    "hidden_1e30": (
        lambda p: write_model(p, _config(hidden_size=10**30)),
        "Hidden size must be at most 2,048",
    ),
    "embedding_1e18": (
        lambda p: write_model(p, _config(embedding_dim=10**18)),
        "Embedding dim must be at most 1,024",
    ),
    "vocab_1e9": (
        lambda p: write_model(p, _config(vocab_size=10**9)),
        "Vocabulary size must be a whole number from 1 to 4,096",
    ),
    "layers_text": (
        lambda p: write_model(p, _config(num_layers="8")),
        "Layers must be a number, got '8'",
    ),
    # JSON shaped to exhaust the parser, memory or the message
    "metadata_nested_5000": (
        lambda p: write_model(p, metadata(training=DEEP), deep=NESTED),
        "its metadata nests 5,001 levels deep (at most 16)",
    ),
    "header_nested_5000": (
        lambda p: write_model(p, entries={"x": DEEP}, deep=NESTED),
        "its header nests 5,001 levels deep (at most 16)",
    ),
    "tensor_names_200k": (
        lambda p: write_model(p, entries=_fake_entries(200_000)),
        "its header is 12.7 MB (at most 1 MB)",
    ),
    "tensor_names_10k": (
        lambda p: write_model(p, entries=_fake_entries(10_000)),
        "unexpected tensors 't0', 't1', 't2', 't3', 't4' and 9,995 more",
    ),
    "header_length_2e63": (
        lambda p: write_model(p, header_length=2**63),
        "runs past the end of the",
    ),
    "header_4mb": (
        lambda p: write_model(p, metadata(padding="x" * 4_000_000)),
        "its header is 3.8 MB (at most 1 MB)",
    ),
    "metadata_entries_5000": (
        lambda p: write_model(p, _training(**{f"k{i}": i for i in range(5000)})),
        "training has 5,0",
    ),
    # wrong types where objects belong: no internals in the message
    "cipher_null": (lambda p: write_model(p, metadata(cipher=None)), "'cipher' must be an object"),
    "config_list": (
        lambda p: write_model(p, metadata(config=[1, 2])),
        "'config' must be an object",
    ),
    "training_null": (
        lambda p: write_model(p, metadata(training=None)),
        "'training' must be an object",
    ),
    "config_unknown_field": (
        lambda p: write_model(p, _config(layers=3)),
        "the model config has unknown fields 'layers'",
    ),
    # text too long to show, or not one line
    "cipher_name_500k": (
        lambda p: write_model(p, _cipher_name("N" * 500_000)),
        "the cipher's name is 500,000 characters long (at most 100)",
    ),
    "cipher_name_5mb": (
        lambda p: write_model(p, _cipher_name("N" * 5_000_000)),
        "its header is 4.8 MB (at most 1 MB)",
    ),
    "cipher_name_escape_codes": (
        lambda p: write_model(p, _cipher_name("Caesar\x1b[2J\nrm -rf")),
        "the cipher's name contains control characters",
    ),
    "command_20k": (
        lambda p: write_model(p, metadata(command="x" * 20_000)),
        "command is 20,000 characters long (at most 10,000)",
    ),
    # format 2: family JSON, every field bounded before a cipher is built (issue 11)
    "format_version_5": (
        lambda p: write_model(p, metadata(format_version=5)),
        "was written by a newer Cipher Lab (format 5)",
    ),
    # format 4: only a task without a cipher may leave it out
    "decryption_model_without_cipher": (
        lambda p: write_model(
            p, {k: v for k, v in metadata(format_version=4).items() if k != "cipher"}
        ),  # fmt: skip
        "is inconsistent: a decryption model without a cipher",
    ),
    # format 3: a language model's vocabulary is its alphabet and a start symbol, no more
    "lm_vocabulary_without_start_symbol": (
        lambda p: write_model(p, metadata(training={"task": "lm", "data": "english"})),
        "the model's vocabulary size is 27 (a language model has one more, its start symbol)",
    ),
    "cipher_family_unknown": (
        lambda p: write_model(p, family_metadata("enigma", "ABC")),
        "uses a cipher family Cipher Lab does not know ('enigma'; it knows caesar, rot13",
    ),
    "cipher_family_500k": (
        lambda p: write_model(p, family_metadata("x" * 500_000, 1)),
        "uses a cipher family Cipher Lab does not know ('xxxxx",
    ),
    "cipher_key_1e6": (
        lambda p: write_model(p, family_metadata("vigenere", "A" * 10**6)),
        "the Vigenère key is 1,000,000 symbols long (1 to 32 allowed)",
    ),
    "cipher_key_empty": (
        lambda p: write_model(p, family_metadata("autokey", "")),
        "the Autokey key is 0 symbols long (1 to 32 allowed)",
    ),
    "cipher_permutation_too_long": (
        lambda p: write_model(p, family_metadata("substitution", "A" * 28)),
        "the Substitution key is 28 symbols long (1 to 27 allowed)",
    ),
    "cipher_permutation_repeats": (
        lambda p: write_model(p, family_metadata("substitution", "A" * 27)),
        "has an unusable cipher: A substitution permutation must use each of the 27",
    ),
    "cipher_key_text_for_caesar": (
        lambda p: write_model(p, family_metadata("caesar", "13")),
        "the Caesar key must be a whole number of at most 2,147,483,647 in size, got '13'",
    ),
    "cipher_key_bool_for_caesar": (
        lambda p: write_model(p, family_metadata("caesar", True)),
        "the Caesar key must be a whole number",
    ),
    "cipher_shift_1e30": (
        lambda p: write_model(p, family_metadata("caesar", 10**30)),
        "the Caesar key must be a whole number of at most 2,147,483,647 in size",
    ),
    "cipher_key_list_for_affine": (
        lambda p: write_model(p, family_metadata("affine", [5, 8])),
        "the Affine key must be an object of whole numbers a and b",
    ),
    "cipher_affine_float": (
        lambda p: write_model(p, family_metadata("affine", {"a": 5.0, "b": 8})),
        "the Affine key must be an object of whole numbers a and b",
    ),
    "cipher_affine_not_coprime": (
        lambda p: write_model(p, family_metadata("affine", {"a": 3, "b": 1})),
        "has an unusable cipher: a = 3 shares a factor with 27, the alphabet size",
    ),
    "cipher_key_number_for_vigenere": (
        lambda p: write_model(p, family_metadata("vigenere", 42)),
        "the Vigenère key must be text, got 42",
    ),
    "cipher_key_outside_alphabet": (
        lambda p: write_model(p, family_metadata("vigenere", "LEM0N")),
        "A Vigenère key may only use the symbols A–Z and -; '0' is not one of them",
    ),
    "cipher_key_for_atbash": (
        lambda p: write_model(p, family_metadata("atbash", "X" * 5000)),
        "Atbash takes no key, got 'XXXX",
    ),
    "cipher_rot13_on_seed": (
        lambda p: write_model(p, family_metadata("rot13", None)),
        "ROT13 works on the letters A–Z only",
    ),
    "cipher_alphabet_100k": (
        lambda p: write_model(p, family_metadata("caesar", 3, "x" * 100_000)),
        "the cipher's alphabet must be text of 1 to 4,096 symbols",
    ),
    "cipher_alphabet_number": (
        lambda p: write_model(p, family_metadata("caesar", 3, 27)),
        "the cipher's alphabet must be text of 1 to 4,096 symbols, got 27",
    ),
    # numbers taken without a look before
    "steps_text": (
        lambda p: write_model(p, _metrics(steps="many")),
        "metrics steps must be a whole number from 0 to 1,000,000,000,000, got 'many'",
    ),
    "steps_negative": (
        lambda p: write_model(p, _metrics(steps=-5)),
        "metrics steps must be a whole number from 0",
    ),
    "steps_1e30": (
        lambda p: write_model(p, _metrics(steps=10**30)),
        "metrics steps must be a whole number from 0",
    ),
    "step_budget_text": (
        lambda p: write_model(p, _training(steps="4000")),
        "Step budget must be a number, got '4000'",
    ),
    "learning_rate_nan": (
        lambda p: write_model(p, _training(learning_rate=float("nan"))),
        "Learning rate must be a finite number, got nan",
    ),
    "metric_infinity": (
        lambda p: write_model(p, _metrics(loss=float("inf"))),
        "metrics loss must be a finite number, got inf",
    ),
    # weights
    "weights_times_1e38": (
        lambda p: write_model(p, tensors=_scaled("linear.weight", 1e38)),
        "has weights too large to compute with in linear.weight",
    ),
    "weights_int64": (
        lambda p: write_model(
            p, tensors={**weights(), "linear.bias": np.zeros(27, dtype=np.int64)}
        ),
        "tensor linear.bias has dtype 'I64', expected floating point",
    ),
    "offsets_past_the_end": (
        lambda p: write_model(
            p,
            tensors={k: v for k, v in weights().items() if k != "linear.bias"},
            entries={"linear.bias": {"dtype": "F32", "shape": [27], "data_offsets": [0, 10**9]}},
        ),
        "tensor linear.bias's data does not fit in the file",
    ),
}
"""Name -> (writer of the file at a given path, words its refusal's message holds)."""


def write_hostile_models(folder: Path) -> dict[str, Path]:
    """Write every file of :data:`HOSTILE` into ``folder`` as ``<name>.safetensors``."""
    return {name: write(folder / f"{name}.safetensors") for name, (write, _) in HOSTILE.items()}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for path in write_hostile_models(target).values():
        print(f"{path.stat().st_size:>12,}  {path}")
