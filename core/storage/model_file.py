"""Model files: safetensors weights plus JSON metadata, written atomically, validated on load.

Nothing here ever unpickles: ``.pt``/pickle files are refused before they are read.
The metadata lives in the safetensors header under the key ``"cipherlab"``.

Format 2 (written now) stores the cipher as family JSON, ``{"family", "key", "alphabet",
"name"}`` (:meth:`~cipherlab.core.ciphers.Cipher.to_dict`), so a model of any family can be
saved. Format 1 (the shipped model and every file written before cipher families) stored
``{"kind": "caesar", "shift", "alphabet", "name"}``; it still opens, unchanged, as a
:class:`~cipherlab.core.ciphers.CaesarCipher`. A model whose task has no cipher (a language
model) is written as format 4: its alphabet and no cipher; format 3 files, which stored the
identity Caesar in its place, open without one too.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import numpy as np
import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save as safetensors_bytes

from ..ciphers import Cipher
from ..errors import ModelFileError as ModelFileError  # raised by every function here
from ..network import CipherRNN, expected_shapes
from ..settings import SEQ_LEN, ModelConfig, Task, check_field, task_named
from ..text import Alphabet
from .atomic_write import write_atomically
from .metadata import package_versions, utc_now
from .model_header import (
    FORMAT_NAME,
    FORMAT_VERSION,
    check_metadata,
    check_tensors,
    cut,
    read_header,
)

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest model file we open (bytes); real ones are a few kB to a few MB."""
MAX_WEIGHT = 1e15
"""Largest weight magnitude a model file may hold. With every size within the form's limits
(embedding 1,024, hidden 2,048) and recurrent states in [-1, 1], no sum in the network can
then pass 1024 * 1e15 * 1e15 + ... ~ 1e33, far below float32's 3.4e38: the logits are finite
and so are the probabilities. A file scaled by 1e38 decoded to NaN bars before."""

PICKLE_SUFFIXES = {".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".bin"}


_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]')
"""What Windows, macOS or Linux refuses (or a shell garbles) in a file name."""


@dataclass
class ModelBundle:
    """A model with everything needed to use and describe it.

    Attributes
    ----------
    model : CipherRNN
        The weights, on the CPU, in eval-ready state.
    cipher : Cipher or None
        The cipher the model was trained to invert, of any family
        (``cipher.position_dependent`` says how the model decodes long texts, see
        :mod:`cipherlab.core.network.decoding`); None for a task without a cipher (a
        language model, which reads plaintext).
    metadata : dict
        Plain JSON: ``training`` (settings, with the task's name), ``metrics``, ``versions``,
        ``command``, ``created``.
    alphabet : Alphabet
        The symbols the model reads and writes; when not given, the cipher's (a model without
        a cipher must be given its alphabet).

    Raises
    ------
    ValueError
        If there is neither a cipher nor an alphabet, the alphabet is not the cipher's, or
        the task named in ``metadata`` has a cipher and none is given (or the reverse).
    """

    model: CipherRNN
    cipher: Cipher | None
    metadata: dict = field(default_factory=dict)
    alphabet: Alphabet = None  # type: ignore[assignment]  # None: the cipher's (post_init)

    def __post_init__(self) -> None:
        cipher = self.cipher
        if self.alphabet is None:
            if cipher is None:
                raise ValueError("A model without a cipher needs its alphabet.")
            self.alphabet = cipher.alphabet
        elif cipher is not None and cipher.alphabet != self.alphabet:
            raise ValueError("The alphabet is not the cipher's.")
        task = self.task_kind
        if task.has_cipher != (cipher is not None):
            needs = "needs its cipher" if task.has_cipher else "has no cipher"
            raise ValueError(f"{task.label}: the model {needs}.")

    @property
    def task_kind(self) -> Task:
        """What the model does (:class:`~cipherlab.core.settings.Task`), from ``training.task``.

        A file without a task (made before language models) holds a decryption model.
        """
        training = self.metadata.get("training")
        return task_named(training.get("task") if isinstance(training, dict) else None)

    @property
    def file_stem(self) -> str:
        """A file name for the model, without suffix, from what it does.

        The cipher's family and key (``vigenere-LEMON``, ``caesar-13``, ``affine-5,8``,
        ``atbash``); for a task without a cipher, the task and its text
        (``language-model-english``, ``language-model-dickens`` for ``dickens.txt``).
        Characters that no file system takes in a name become ``_``.
        """
        if self.cipher is not None:
            parts = [self.cipher.family, self.cipher.key_text]
        else:
            training = self.metadata.get("training")
            training = training if isinstance(training, dict) else {}
            text = str(training.get("data_path") or "")
            source = PurePath(text).stem if text else str(training.get("data") or "")
            parts = [self.task_kind.label.lower().replace(" ", "-"), source]
        stem = "-".join(part for part in parts if part)
        return _UNSAFE_IN_NAMES.sub("_", stem).strip(" .") or "model"

    @property
    def seq_len(self) -> int:
        """Message length the model was trained on, in symbols (its decode window).

        :data:`~cipherlab.core.settings.SEQ_LEN` when the metadata does not say (files are
        validated on load, so a stored value is always a valid ``seq_len``).
        """
        training = self.metadata.get("training")
        value = training.get("seq_len", SEQ_LEN) if isinstance(training, dict) else SEQ_LEN
        return value if _valid_seq_len(value) else SEQ_LEN


def bundle_from_arrays(
    config: ModelConfig,
    cipher: Cipher | None,
    alphabet: Alphabet,
    weights: dict[str, np.ndarray],
    metadata: dict | None = None,
) -> ModelBundle:
    """A bundle whose model holds ``weights`` (e.g. a copy sent from a training thread).

    Parameters
    ----------
    config : ModelConfig
        The network the weights belong to.
    cipher : Cipher or None
        The cipher the model learns (any family); None for a task without one.
    alphabet : Alphabet
        The model's symbols (the cipher's, if it has one).
    weights : dict of str to numpy.ndarray
        A ``state_dict`` as float32 arrays, shapes as :func:`expected_shapes` gives.
    metadata : dict, optional
        Plain-JSON metadata (see :func:`cipherlab.core.storage.model_metadata`).

    Returns
    -------
    ModelBundle
        The model in eval mode, on the CPU.
    """
    model = CipherRNN(config)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    model.eval()
    return ModelBundle(model, cipher, dict(metadata or {}), alphabet)


def _file_mode(path: Path) -> int:
    """Permission bits for a new file: the old file's, else 0o666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_writable(path: str | os.PathLike) -> None:
    """Raise ``ModelFileError`` unless a model can be saved at ``path``.

    Checked before any work is done (e.g. before a training run whose result goes there):
    the name must not have a pickle suffix (we would refuse to open it), the folder must
    exist and be writable, and ``path`` must not be a folder.
    """
    path = Path(path)
    if path.suffix.lower() in PICKLE_SUFFIXES:
        raise ModelFileError(
            f"Cipher Lab saves .safetensors files, not {path.suffix} "
            f"(pickle) files; choose a name like {path.stem}.safetensors."
        )
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder; give a file name such as model.safetensors.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ModelFileError(f"Cannot save to {path}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK):
        raise ModelFileError(f"Cannot save to {path}: the folder {folder} is not writable.")


def save_model(path: str | os.PathLike, bundle: ModelBundle) -> None:
    """Write ``bundle`` to ``path`` atomically (temporary file in the same folder, then replace).

    A crash, error or Ctrl+C mid-write leaves any previous file at ``path`` intact and no
    temporary file behind; stale temporary files of earlier, killed saves in the folder are
    removed (:mod:`cipherlab.core.storage.atomic_write`). What is saved is checked as a file is on
    load, so a saved model always opens again.

    Raises
    ------
    ModelFileError
        If the folder is missing or not writable, the model would be refused on load (too
        big, weights too large, metadata out of its limits), or the write fails.
    """
    path = Path(path)
    check_writable(path)
    model = bundle.model
    meta = dict(bundle.metadata)
    meta.pop("cipher", None)
    meta.update(
        format=FORMAT_NAME,
        # format 4 only where needed: an older Cipher Lab still opens decryption models
        format_version=2 if bundle.cipher is not None else FORMAT_VERSION,
        config=model.config.to_dict(),
        alphabet=bundle.alphabet.symbols,
    )
    if bundle.cipher is not None:  # format 2: family JSON (format 1 was Caesar only)
        meta["cipher"] = bundle.cipher.to_dict()
    meta.setdefault("versions", package_versions())
    meta.setdefault("created", utc_now())
    try:
        check_metadata(json.loads(json.dumps(meta)), path.name)
    except ModelFileError as exc:
        raise ModelFileError(f"The model was not saved: {exc}") from None
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    for key, tensor in tensors.items():
        _check_weights(key, tensor, path.name)
    payload = safetensors_bytes(tensors, metadata={"cipherlab": json.dumps(meta)})
    if len(payload) > MAX_FILE_BYTES:  # we would refuse to open it again
        raise ModelFileError(
            f"This model is {len(payload) / 2**20:.0f} MB; model files over "
            f"{MAX_FILE_BYTES // 2**20} MB are not saved (nor opened)."
        )
    try:
        write_atomically(path, payload, _file_mode(path))
    except OSError as exc:
        raise ModelFileError(f"Could not save the model to {path}: {exc.strerror or exc}.") from exc


def _refuse_pickles(path: Path) -> None:
    if path.suffix.lower() in PICKLE_SUFFIXES:
        raise ModelFileError(
            f"{path.name} looks like a PyTorch pickle ({path.suffix}). Cipher Lab never opens "
            "pickles, because loading one can run arbitrary code; use a .safetensors model file."
        )
    with open(path, "rb") as fh:
        head = fh.read(9)
    # A safetensors file starts with an 8-byte header length, then its JSON header ("{").
    # Only a file that is not shaped like that is judged by its first bytes: a header
    # length whose low byte is 0x80 must not pass for a pickle's PROTO opcode.
    if len(head) == 9 and head[8:9] == b"{":
        return
    if head[:1] == b"\x80" or head[:2] == b"PK":
        raise ModelFileError(
            f"{path.name} is a pickle or zip archive, not a safetensors file. Cipher Lab never "
            "opens pickles, because loading one can run arbitrary code."
        )


def _valid_seq_len(value: object) -> bool:
    """True for a message length the training form accepts (it sets the decode window)."""
    try:
        check_field("seq_len", value)
    except ValueError:
        return False
    return True


def _check_weights(key: str, tensor: torch.Tensor, name: str) -> None:
    """Raise ``ModelFileError`` unless every weight is finite and at most :data:`MAX_WEIGHT`."""
    if not torch.isfinite(tensor).all():
        raise ModelFileError(f"{name} contains NaN or infinite weights in {key}.")
    largest = float(tensor.abs().max()) if tensor.numel() else 0.0
    if largest > MAX_WEIGHT:
        raise ModelFileError(
            f"{name} has weights too large to compute with in {key} (up to {largest:.3g}; "
            f"at most {MAX_WEIGHT:.0e}): the model would give not-a-number probabilities."
        )


def load_model(path: str | os.PathLike) -> ModelBundle:
    """Read and fully validate a model file; nothing else is touched if it is bad.

    Checks, in order, each before anything is allocated from what it checks: the file
    exists and is at most :data:`MAX_FILE_BYTES`, it is not a pickle, its header length is
    sane and its header and metadata JSON small and shallow
    (:func:`~cipherlab.core.storage.model_header.read_header`), every metadata field is within the
    limits of the training form and the CLI (:func:`~cipherlab.core.storage.check_metadata`),
    the header's tensor names, dtypes, shapes and offsets match the config
    (:func:`~cipherlab.core.storage.model_header.check_tensors`); only then are the weights read,
    and each must be finite and at most :data:`MAX_WEIGHT` in magnitude. Weights load onto
    the CPU whatever device saved them. A hostile file is refused in milliseconds.

    Returns
    -------
    ModelBundle

    Raises
    ------
    ModelFileError
        With a one-line message naming the file and the first problem found.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelFileError(f"Cannot open {path}: {exc.strerror or exc}.") from exc
    if not path.is_file():
        raise ModelFileError(f"{path} is not a file.")
    if size > MAX_FILE_BYTES:
        raise ModelFileError(
            f"{name} is {size / 2**20:.0f} MB; model files over "
            f"{MAX_FILE_BYTES // 2**20} MB are refused."
        )
    try:
        _refuse_pickles(path)
        header = read_header(str(path), size, name)
        config, cipher, alphabet = check_metadata(header.metadata, name)
        check_tensors(header, expected_shapes(config), name)
        with safe_open(str(path), framework="pt", device="cpu") as fh:
            tensors = {key: fh.get_tensor(key) for key in header.tensors}
    except OSError as exc:
        raise ModelFileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except (SafetensorError, ValueError, RuntimeError) as exc:
        # safetensors' own checks, after ours (e.g. tensors that overlap)
        raise ModelFileError(
            f"{name} is truncated or not a safetensors file ({cut(str(exc))})."
        ) from exc
    for key, tensor in tensors.items():
        _check_weights(key, tensor, name)
    model = CipherRNN(config)
    model.load_state_dict({k: v.float() for k, v in tensors.items()})
    model.eval()
    meta = dict(header.metadata)
    for key in ("format", "format_version", "config", "cipher", "alphabet"):
        meta.pop(key, None)
    return ModelBundle(model, cipher, meta, alphabet)


def check_decrypts(bundle: ModelBundle, name: str) -> Cipher:
    """The cipher ``bundle`` decrypts; :class:`ModelFileError` if it has none (a language model).

    A language model predicts the next symbol of a plaintext; decoding ciphertext with it
    would print nonsense, so every place that decodes (the window, ``decode``, ``probe``)
    refuses it with this one sentence.
    """
    if bundle.cipher is None and bundle.task_kind.labels:
        raise ModelFileError(
            f"{name} is a {bundle.task_kind.noun}: it names the cipher family that made a "
            "ciphertext rather than decrypting it."
        )
    if bundle.cipher is None:
        raise ModelFileError(
            f"{name} is a language model: it predicts text rather than decrypting it. "
            "Use it to crack a cipher without the key (cipherlab crack --lm) or to "
            "write text (cipherlab sample --lm)."
        )
    return bundle.cipher
