"""A model file's header and metadata, read and checked before any tensor or module is built.

A safetensors file is an 8-byte little-endian header length, a JSON header (tensor names,
dtypes, shapes, byte offsets, and string metadata under ``"__metadata__"``), then the tensor
data. Ours keeps its own metadata as a JSON string under ``"cipherlab"``. Everything in them
is untrusted: a crafted file can claim a 10⁹-layer network, nest its JSON 5,000 levels deep,
list 200,000 tensors or carry a 500,000-character cipher name. So the header's size is
checked before it is read, its nesting before it is parsed, and every field against the
limits that the training form and the CLI use (:data:`~cipherlab.core.settings.FIELDS`),
before anything is allocated from it. Every refusal is a :class:`ModelFileError` whose
message names the problem in one line, in the user's terms.

Nothing here imports torch or Qt.
"""

from __future__ import annotations

import math
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from ..ciphers import (
    ALPHABETS,
    FAMILIES,
    MAX_KEYWORD_LENGTH,
    CaesarCipher,
    Cipher,
    SubstitutionCipher,
    cipher_from_dict,
)
from ..errors import ModelFileError
from ..settings import (
    FIELDS,
    MAX_VOCAB_SIZE,
    MISTAKES,
    Architecture,
    ModelConfig,
    check_field,
    task_named,
)
from ..text import Alphabet, alphabet_of
from .json_reader import MAX_JSON_DEPTH, JSONLimitError, read_json

FORMAT_NAME = "cipherlab-model"
FORMAT_VERSION = 4
"""The newest format read. Format 4 is a model whose task has no cipher (a language model,
``training.task == "lm"``): it stores no ``cipher``, only its ``alphabet``, and its
vocabulary is the task's (:meth:`~cipherlab.core.settings.Task.vocab_size`: the alphabet
plus a start symbol). Format 3 was the same language model with the identity (Caesar +0)
stored as its cipher; it opens as format 4 does, without a cipher. Decryption models are
still written as format 2, so older Cipher Labs open them.
Format 2 stores the cipher as family JSON (:meth:`~cipherlab.core.ciphers.Cipher.to_dict`:
``{"family", "key", "alphabet", "name"}``, any family); format 1 stored the version-1 Caesar
JSON (``{"kind": "caesar", "shift", "alphabet", "name"}``). All are read."""

MAX_HEADER_BYTES = 2**20
"""Largest safetensors header we parse (bytes). Ours are 2-4 kB; the largest valid one (an
alphabet of 4,096 escaped symbols, stored twice, and 8 layers of tensors) is under 150 kB."""
MAX_TEXT_CHARS = 10_000
"""Longest text in the metadata (a ``cipherlab train`` command line, say), in characters."""
MAX_NAME_CHARS = 100
"""Longest name in the metadata: cipher name, preset, package versions, dates, keys."""
MAX_ENTRIES = 100
"""Most entries in one object or list of the metadata (ours have at most 13)."""
MAX_COUNT = 10**12
"""Largest step or example count in the metrics (a 10⁷-step budget at batch 4,096 is 4·10¹⁰)."""
MAX_SECONDS = 10**9
"""Largest training time in the metrics, in seconds (about 30 years)."""
MAX_SHIFT = 2**31 - 1
"""Largest Caesar shift or affine ``a``, ``b`` (in absolute value) a file may store; any key
number is normalised mod n."""
SHOWN_NAMES = 5
"""Names listed in a message before "and N more"."""

FLOAT_DTYPES = {"F16": 2, "BF16": 2, "F32": 4, "F64": 8}
"""Safetensors dtypes a weight may have, with their sizes in bytes."""


def few(names: Iterable[str], limit: int = SHOWN_NAMES) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 199,995 more``: at most ``limit`` names, each short.

    Parameters
    ----------
    names : iterable of str
        The names, in the order to show them.
    limit : int
        Names shown before the rest is counted.
    """
    names = list(names)
    shown = ", ".join(brief(n) for n in names[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest:,} more" if rest > 0 else shown


def brief(value: object, limit: int = 40) -> str:
    """``repr(value)`` cut to about ``limit`` characters (see :func:`cut`)."""
    return cut(repr(value), limit)


def cut(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to about ``limit`` characters with its length when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def parse_json(text: str, what: str, name: str, problem: str, kind: str = "model") -> Any:
    """Parse untrusted JSON ``text`` (the file's ``what``) with the one bounded reader.

    ``problem`` starts the message if it is not JSON (``"x is not a safetensors file"``);
    ``kind`` names what the file should be (``"model"``, ``"run"``).

    Raises
    ------
    ModelFileError
        If it nests deeper than :data:`MAX_JSON_DEPTH`, or is not JSON. (``NaN`` and
        ``Infinity`` parse; :func:`check_metadata` refuses them where they are.)
    """
    try:
        return read_json(text, max_chars=MAX_HEADER_BYTES, max_depth=MAX_JSON_DEPTH)
    except JSONLimitError as exc:
        reason = exc.reason.removeprefix("it ")
        if reason.startswith("nests"):
            raise ModelFileError(
                f"{name} is not a usable {kind} file: its {what} {reason}."
            ) from None
        raise ModelFileError(f"{problem} (its {what} {reason}).") from None


@dataclass(frozen=True)
class TensorEntry:
    """One tensor as the header describes it (nothing read yet).

    Attributes
    ----------
    dtype : str
        Safetensors dtype name, e.g. ``"F32"``.
    shape : tuple of int
        The tensor's shape.
    start, end : int
        Byte offsets of its data, from the start of the data area.
    """

    dtype: str
    shape: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Header:
    """A model file's parsed header: its tensors (by name) and its Cipher Lab metadata.

    Attributes
    ----------
    tensors : dict of str to object
        The header's entry for each tensor name, as parsed (checked later, by name).
    metadata : dict
        The ``"cipherlab"`` metadata, parsed but not yet checked.
    data_bytes : int
        Size of the data area that follows the header, in bytes.
    """

    tensors: dict[str, Any]
    metadata: dict[str, Any]
    data_bytes: int


def read_header(
    path: str, size: int, name: str, *, marker: str = FORMAT_NAME, kind: str = "model"
) -> Header:
    """Read the header of the safetensors file ``path`` (``size`` bytes), with limits.

    The 8-byte header length is read first and refused above :data:`MAX_HEADER_BYTES`
    or past the end of the file, so a lying length costs nothing.

    Parameters
    ----------
    path : str
        The file.
    size : int
        Its size in bytes.
    name : str
        How messages name the file.
    marker : str
        The ``format`` its Cipher Lab metadata must name: a model file's by default; a
        run file's for run files, which are safetensors files too.
    kind : str
        What the file should be, in messages: ``"model"`` or ``"run"``.

    Raises
    ------
    ModelFileError
        If the file is truncated, its header too big, too deep or not JSON, or it is not a
        Cipher Lab file of that ``kind``.
    OSError
        If the file cannot be read.
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
        if len(head) < 8:
            raise ModelFileError(f"{name} is truncated or not a safetensors file (too short).")
        (length,) = struct.unpack("<Q", head)
        if length > MAX_HEADER_BYTES:
            if 8 + length > size:
                raise ModelFileError(
                    f"{name} is truncated or not a safetensors file (its header length, "
                    f"{length:,} bytes, runs past the end of the {size:,}-byte file)."
                )
            raise ModelFileError(
                f"{name} is not a usable {kind} file: its header is {length / 2**20:,.1f} MB "
                f"(at most {MAX_HEADER_BYTES // 2**20} MB)."
            )
        raw = fh.read(length)
    if len(raw) < length:
        raise ModelFileError(
            f"{name} is truncated or not a safetensors file (its header length, {length:,} "
            f"bytes, runs past the end of the {size:,}-byte file)."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelFileError(f"{name} is truncated or not a safetensors file.") from None
    header = parse_json(
        text, "header", name, f"{name} is truncated or not a safetensors file", kind
    )
    if not isinstance(header, dict):
        raise ModelFileError(f"{name} is truncated or not a safetensors file.")
    extra = header.pop("__metadata__", None)
    stored = extra.get("cipherlab") if isinstance(extra, dict) else None
    if not isinstance(stored, str):
        raise ModelFileError(
            f"{name} is a safetensors file but not a Cipher Lab {kind} (it has no Cipher Lab "
            "metadata)."
        )
    meta = parse_json(
        stored, "metadata", name, f"{name} is a safetensors file but not a Cipher Lab {kind}", kind
    )
    if not isinstance(meta, dict) or meta.get("format") != marker:
        raise ModelFileError(
            f"{name} is a safetensors file but not a Cipher Lab {kind} (its metadata has no "
            f"{marker!r} format marker)."
        )
    return Header(header, meta, size - 8 - length)


# ------------------------------------------------------------------ metadata


def _bad(name: str, what: str) -> ModelFileError:
    return ModelFileError(f"{name} has invalid metadata: {what}.")


def _check_shape(meta: dict[str, Any], name: str) -> None:
    """Limits that hold anywhere in the metadata: entries, text lengths, finite numbers."""
    stack: list[tuple[str, Any]] = [("", meta)]
    while stack:  # iterative: no recursion, whatever the nesting
        where, value = stack.pop()
        label = where or "the metadata"
        if isinstance(value, dict):
            if len(value) > MAX_ENTRIES:
                raise _bad(name, f"{label} has {len(value):,} entries (at most {MAX_ENTRIES})")
            for key, item in value.items():
                if len(key) > MAX_NAME_CHARS:
                    raise _bad(
                        name,
                        f"a key in {label} is {len(key):,} characters long "
                        f"(at most {MAX_NAME_CHARS})",
                    )
                stack.append((f"{where} {key}".strip(), item))
        elif isinstance(value, list):
            if len(value) > MAX_ENTRIES:
                raise _bad(name, f"{label} has {len(value):,} entries (at most {MAX_ENTRIES})")
            stack.extend((f"{where} [{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise _bad(
                name,
                f"{label} is {len(value):,} characters long (at most {MAX_TEXT_CHARS:,})",
            )
        elif isinstance(value, float) and not math.isfinite(value):
            raise _bad(name, f"{label} must be a finite number, got {value!r}")


def _check_name(value: object, what: str, name: str) -> None:
    """A short, one-line name: a string of at most :data:`MAX_NAME_CHARS` printable characters."""
    if not isinstance(value, str):
        raise _bad(name, f"{what} must be text, got {brief(value)}")
    if len(value) > MAX_NAME_CHARS:
        raise _bad(name, f"{what} is {len(value):,} characters long (at most {MAX_NAME_CHARS})")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise _bad(name, f"{what} contains control characters ({brief(value)})")


def _check_field(field: str, value: object) -> str | None:
    """``check_field``'s reason, with a long value cut short, or None if ``value`` is valid."""
    try:
        check_field(field, value)
    except ValueError as exc:
        return str(exc).replace(repr(value), brief(value))
    return None


def _section(meta: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    value = meta.get(key, {})
    if not isinstance(value, dict):
        raise _bad(name, f"{key!r} must be an object, got {type(value).__name__}")
    return value


def _check_count(value: object, what: str, limit: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise _bad(name, f"{what} must be a whole number from 0 to {limit:,}, got {brief(value)}")


def _check_training(training: dict[str, Any], name: str) -> None:
    """The training settings: each known field within the form's limits."""
    for key, value in training.items():
        if key in FIELDS:
            reason = _check_field(key, value)
            if reason:
                raise ModelFileError(f"{name} has invalid training settings: {reason}")
        elif key == "preset":
            _check_name(value, "the training preset", name)
        elif key == "mistakes":  # a short list of known names
            if (
                not isinstance(value, list)
                or not all(m in MISTAKES for m in value)
                or (len(value) > len(MISTAKES))
            ):
                raise _bad(name, f"training mistakes must be names from {', '.join(MISTAKES)}")
        elif isinstance(value, (dict, list)):
            raise _bad(name, f"training {key} must be a number or text")


def _check_metrics(metrics: dict[str, Any], name: str) -> None:
    acc = metrics.get("val_accuracy")
    if acc is not None and (
        isinstance(acc, bool) or not isinstance(acc, (int, float)) or not 0 <= acc <= 1
    ):
        raise _bad(name, f"metrics val_accuracy must be a number in [0, 1], got {brief(acc)}")
    bits = metrics.get("val_bits_per_symbol")
    if bits is not None and (
        isinstance(bits, bool) or not isinstance(bits, (int, float)) or not 0 <= bits <= 64
    ):
        raise _bad(
            name, f"metrics val_bits_per_symbol must be a number in [0, 64], got {brief(bits)}"
        )
    for key in ("steps", "examples_seen"):
        if key in metrics:
            _check_count(metrics[key], f"metrics {key}", MAX_COUNT, name)
    seconds = metrics.get("training_seconds")
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not 0 <= seconds <= MAX_SECONDS
    ):
        raise _bad(
            name,
            f"metrics training_seconds must be a number from 0 to {MAX_SECONDS:,}, "
            f"got {brief(seconds)}",
        )


def _model_config(data: object, name: str) -> ModelConfig:
    """The network's config, each field checked against the form's limits first."""
    if not isinstance(data, dict):
        raise _bad(name, f"'config' must be an object, got {type(data).__name__}")
    known = {f.name for f in fields(ModelConfig)}
    unknown = [key for key in data if key not in known]
    if unknown:
        raise _bad(name, f"the model config has unknown fields {few(unknown)}")
    for f in fields(Architecture):
        if f.name in data:
            reason = _check_field(f.name, data[f.name])
            if reason:
                raise ModelFileError(
                    f"{name} describes a network Cipher Lab cannot build: {reason}"
                )
    vocab = data.get("vocab_size", ModelConfig.vocab_size)
    whole = isinstance(vocab, int) and not isinstance(vocab, bool)
    if not whole or not 1 <= vocab <= MAX_VOCAB_SIZE:
        raise ModelFileError(
            f"{name} describes a network Cipher Lab cannot build: Vocabulary size must be a "
            f"whole number from 1 to {MAX_VOCAB_SIZE:,}, got {brief(vocab)}."
        )
    return ModelConfig(**data)


def _cipher(data: object, name: str) -> Cipher:
    """The cipher: family JSON (format 2) or version-1 Caesar JSON (format 1), checked first.

    Which one is told by its keys (``"family"`` or ``"kind"``), so a file of either format
    with either JSON opens; :func:`~cipherlab.core.ciphers.cipher_from_dict` reads both.
    """
    if not isinstance(data, dict):
        raise _bad(name, f"'cipher' must be an object, got {type(data).__name__}")
    if "family" not in data and "kind" in data:
        return _v1_cipher(data, name)
    return _family_cipher(data, name)


def _cipher_alphabet(symbols: object, name: str) -> Alphabet:
    """The cipher's alphabet: a name in ``ALPHABETS`` or 1 to ``MAX_VOCAB_SIZE`` symbols."""
    if isinstance(symbols, str) and symbols in ALPHABETS:
        return ALPHABETS[symbols]
    if not isinstance(symbols, str) or not 1 <= len(symbols) <= MAX_VOCAB_SIZE:
        raise _bad(
            name,
            f"the cipher's alphabet must be text of 1 to {MAX_VOCAB_SIZE:,} symbols, "
            f"got {brief(symbols)}",
        )
    try:
        return alphabet_of(symbols)
    except ValueError as exc:
        raise _bad(name, f"the cipher's alphabet is unusable ({cut(str(exc), 80)})") from None


def _v1_cipher(data: dict[str, Any], name: str) -> CaesarCipher:
    """Version-1 JSON: ``{"kind": "caesar", "shift", "alphabet", "name"}`` (format 1)."""
    kind = data.get("kind")
    if kind != "caesar":
        raise ModelFileError(f"{name} uses a cipher Cipher Lab does not know ({brief(kind)}).")
    alphabet = _cipher_alphabet(data.get("alphabet"), name)
    shift = data.get("shift")
    if not isinstance(shift, int) or not _whole(shift, MAX_SHIFT):
        raise _bad(name, f"the cipher's shift must be a whole number, got {brief(shift)}")
    cipher_name = data.get("name", "")
    _check_name(cipher_name, "the cipher's name", name)
    return CaesarCipher(alphabet, shift, cipher_name)


def _whole(value: object, limit: int) -> bool:
    """True for an int (not a bool) of magnitude at most ``limit``."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= limit


def _check_key(cls: type[Cipher], key: object, alphabet: Alphabet, name: str) -> None:
    """The key's JSON type and size, judged by the family's default key's type.

    Bounds everything a family's own check would then work on: an integer key (caesar)
    or pair (affine) within :data:`MAX_SHIFT`, a keyword within
    :data:`~cipherlab.core.ciphers.MAX_KEYWORD_LENGTH` symbols, a permutation within the
    alphabet's size, no key for keyless families. The family's rule (gcd, repeated
    symbols, symbols outside the alphabet) is checked when it is built.
    """
    title = cls.title
    default = cls.default_key(alphabet)
    if default is None:
        if key is not None:
            raise _bad(name, f"{title} takes no key, got {brief(key)}")
    elif isinstance(default, int):
        if not _whole(key, MAX_SHIFT):
            raise _bad(
                name,
                f"the {title} key must be a whole number of at most {MAX_SHIFT:,} in size, "
                f"got {brief(key)}",
            )
    elif isinstance(default, dict):
        if not (
            isinstance(key, dict)
            and set(key) == set(default)
            and all(_whole(v, MAX_SHIFT) for v in key.values())
        ):
            fields = " and ".join(default)
            raise _bad(
                name,
                f"the {title} key must be an object of whole numbers {fields} of at most "
                f"{MAX_SHIFT:,} in size, got {brief(key)}",
            )
    else:
        limit = len(alphabet) if issubclass(cls, SubstitutionCipher) else MAX_KEYWORD_LENGTH
        if not isinstance(key, str):
            raise _bad(name, f"the {title} key must be text, got {brief(key)}")
        if not 1 <= len(key) <= limit:
            raise _bad(
                name,
                f"the {title} key is {len(key):,} symbols long (1 to {limit:,} allowed)",
            )


def _family_cipher(data: dict[str, Any], name: str) -> Cipher:
    """Family JSON (format 2): every field bounded, then built by ``cipher_from_dict``."""
    family = data.get("family")
    cls = FAMILIES.get(family) if isinstance(family, str) else None
    if cls is None:
        raise ModelFileError(
            f"{name} uses a cipher family Cipher Lab does not know ({brief(family)}; "
            f"it knows {', '.join(FAMILIES)})."
        )
    alphabet = _cipher_alphabet(data.get("alphabet"), name)
    key = data.get("key")
    _check_key(cls, key, alphabet, name)
    cipher_name = data.get("name", "")
    _check_name(cipher_name, "the cipher's name", name)
    try:
        return cipher_from_dict(
            {"family": family, "key": key, "alphabet": alphabet.symbols, "name": cipher_name}
        )
    except ValueError as exc:  # InvalidKeyError, UnsupportedAlphabetError: one sentence
        raise ModelFileError(f"{name} has an unusable cipher: {cut(str(exc), 200)}") from None


def check_metadata(meta: dict[str, Any], name: str) -> tuple[ModelConfig, Cipher | None, Alphabet]:
    """Check every field of a model file's metadata; the network's config, cipher and alphabet.

    Parameters
    ----------
    meta : dict
        The ``"cipherlab"`` metadata as parsed by :func:`read_header`.
    name : str
        How messages name the file.

    Returns
    -------
    config : ModelConfig
        The network to build (every size within :data:`~cipherlab.core.settings.FIELDS`).
    cipher : Cipher or None
        The cipher, of any family (version-1 Caesar JSON gives a
        :class:`~cipherlab.core.ciphers.CaesarCipher`); None for a task without one (a
        language model, whose format-3 files stored the identity Caesar in its place).
    alphabet : Alphabet
        The symbols the model reads and writes; the task's vocabulary for it
        (:meth:`~cipherlab.core.settings.Task.vocab_size`) is ``config.vocab_size``.

    Raises
    ------
    ModelFileError
        At the first field out of its limits: format version, config, cipher, training
        settings, metrics, versions, dates and commands, text lengths, non-finite numbers.
    """
    version = meta.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(name, f"format_version must be a positive integer, got {brief(version)}")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"{name} was written by a newer Cipher Lab (format {version:,}); please upgrade."
        )
    config = _model_config(meta.get("config"), name)
    cipher = _cipher(meta.get("cipher"), name) if "cipher" in meta or version < 4 else None
    if cipher is None:
        alphabet = _cipher_alphabet(meta.get("alphabet"), name)
    else:
        alphabet = cipher.alphabet
        if "alphabet" in meta and meta["alphabet"] != alphabet.symbols:
            raise ModelFileError(f"{name} is inconsistent: it names two different alphabets.")
    training = _section(meta, "training", name)
    _check_training(training, name)
    task = task_named(training.get("task"))
    if not task.has_cipher:
        cipher = None  # format 3 stored the identity (Caesar +0): no cipher either
    elif cipher is None:
        raise ModelFileError(f"{name} is inconsistent: a decryption model without a cipher.")
    if task.vocab_size(len(alphabet)) != config.vocab_size:
        raise ModelFileError(
            f"{name} is inconsistent: its alphabet has {len(alphabet)} symbols but "
            f"the model's vocabulary size is {config.vocab_size}"
            + (
                f" (a {task.label.lower()} has one more, its start symbol)."
                if task.start_symbols
                else "."
            )
        )
    _check_metrics(_section(meta, "metrics", name), name)
    for key, value in _section(meta, "versions", name).items():
        _check_name(value, f"the version of {key}", name)
    if "created" in meta:
        _check_name(meta["created"], "'created'", name)
    if "command" in meta and not isinstance(meta["command"], str):
        raise _bad(name, "'command' must be a string")
    _check_shape(meta, name)
    return config, cipher, alphabet


# ------------------------------------------------------------------- tensors


def check_tensors(
    header: Header, expected: dict[str, tuple[int, ...]], name: str
) -> dict[str, TensorEntry]:
    """Match the header's tensors to the ``expected`` names and shapes, reading no data.

    Parameters
    ----------
    header : Header
        As read by :func:`read_header`.
    expected : dict of str to tuple of int
        Parameter name -> shape of the network the metadata describes.
    name : str
        How messages name the file.

    Returns
    -------
    dict of str to TensorEntry
        One entry per expected name: a floating-point dtype, the expected shape, and byte
        offsets inside the data area whose span fits that shape.

    Raises
    ------
    ModelFileError
        If names are missing or unexpected (a few listed, the rest counted), or a tensor's
        dtype, shape or offsets are wrong.
    """
    tensors = header.tensors
    if tensors.keys() != expected.keys():
        missing = [k for k in expected if k not in tensors]
        extra = [k for k in tensors if k not in expected]
        parts = []
        if missing:
            parts.append(f"missing tensors {few(missing)}")
        if extra:
            parts.append(f"unexpected tensors {few(extra)}")
        raise ModelFileError(f"{name} does not match its config: {'; '.join(parts)}.")
    entries = {}
    for key, shape in expected.items():
        entry = _entry(tensors[key])
        if entry is None:
            raise ModelFileError(
                f"{name} is truncated or not a safetensors file (tensor {key} is malformed)."
            )
        if entry.shape != shape:
            raise ModelFileError(
                f"{name} does not match its config: tensor {key} has shape "
                f"{brief(entry.shape, 60)}, expected {shape}."
            )
        if entry.dtype not in FLOAT_DTYPES:
            raise ModelFileError(
                f"{name}: tensor {key} has dtype {brief(entry.dtype)}, expected floating point."
            )
        nbytes = math.prod(shape) * FLOAT_DTYPES[entry.dtype]
        if not 0 <= entry.start <= entry.end <= header.data_bytes or (
            entry.end - entry.start != nbytes
        ):
            raise ModelFileError(
                f"{name} is truncated or not a safetensors file (tensor {key}'s data "
                "does not fit in the file)."
            )
        entries[key] = entry
    return entries


def _entry(raw: object) -> TensorEntry | None:
    """A header entry as a :class:`TensorEntry`, or None if it is malformed."""
    if not isinstance(raw, dict):
        return None
    dtype, shape, offsets = raw.get("dtype"), raw.get("shape"), raw.get("data_offsets")
    if not isinstance(dtype, str) or not isinstance(shape, list) or not isinstance(offsets, list):
        return None
    numbers = [*shape, *offsets]
    if len(offsets) != 2 or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers
    ):
        return None
    return TensorEntry(dtype, tuple(shape), offsets[0], offsets[1])
