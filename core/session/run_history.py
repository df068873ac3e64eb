"""Every training run's settings, curves and final metrics, for comparison and export.

:class:`RunHistory` is the one owner of the runs: which exist, which is current, which are
overlaid for comparison. The training panel, the run list and the loss plot show it and
subscribe to its psygnal signals. Finished runs persist in the user data folder, one
safetensors file each (curves as float64 arrays, the rest as JSON metadata; no pickle).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import numpy as np
from psygnal import Signal

from ..errors import ModelFileError, NonFiniteLossError, RunFileError
from ..settings import FIELDS, MISTAKES, TrainConfig, matching_preset, run_settings
from ..storage import (
    Header,
    ModelBundle,
    TensorEntry,
    check_tensors,
    make_bundle,
    package_versions,
    read_header,
    remove_stale_temp_files,
    utc_now,
    write_atomically,
    write_csv,
)
from .run_numbers import MAX_RUN_NUMBER, RunCounter
from .series import GrowingSeries
from .smoothing import StreamingEMA

if TYPE_CHECKING:  # live_feed imports torch; the run history does not need it
    from ..learning import LiveUpdate

WINDOW_TRAIN = "Cipher Lab window (Train)"
"""How a model trained in the window says it was made (its metadata's ``command``)."""

SMOOTHING = 0.9
"""EMA factor of the smoothed loss line (about the last 10 steps)."""

MAX_OVERLAYS = 5
"""Runs that can be overlaid on the plot at once (each needs a colour of its own)."""


class RunStatus(Enum):
    """How a run stands: running, or how it ended."""

    RUNNING = "running"
    FINISHED = "finished"  # used its whole step budget
    TARGET_REACHED = "target reached"  # auto-stop: validation accuracy stayed at the target
    STOPPED = "stopped"  # the user stopped it (Stop, Reset, closing the window)
    DIVERGED = "diverged"  # the loss became non-finite or exploded
    FAILED = "failed"  # any other error (e.g. out of memory)


@dataclass(eq=False)  # a run is itself: lists of runs find and remove it by identity
class RunRecord:
    """One training run: what it was asked to do, what it did, how it ended.

    Attributes
    ----------
    number : int
        Run number from 1, never given twice in the same run folder (deleted runs' included).
    config : TrainConfig
        The run's hyperparameters (seed included).
    loss, smoothed, val_loss, val_accuracy : GrowingSeries
        x = step; y = training loss, its debiased EMA, validation loss (nats per symbol)
        and validation accuracy (0-1).
    status : RunStatus
        Running, or how the run ended (finished, target reached, stopped, diverged, failed).
    message : str
        The error of a diverged or failed run, for the user ("" otherwise).
    step, examples_seen : int
        Optimiser steps taken and training messages consumed.
    elapsed_s : float
        Seconds spent training (paused time excluded).
    target_reached_step : int or None
        The step at which auto-stop's target was met.
    first_full_accuracy_step : int or None
        The first evaluation step with 100 % validation accuracy.
    mapping_learned_step : int or None
        The first evaluation step at which the argmax mapping on the validation set
        equalled the cipher's at every key position (:mod:`cipherlab.core.inside.mapping`)
        with 100 % validation accuracy to confirm it (see
        :attr:`cipherlab.core.learning.training.Progress.mapping_learned`); None if it never
        did (a language model has none).
    reference_bits : tuple of (float, float) or None
        A language model's yardsticks: the unigram and bigram entropies of its training
        text in bits per symbol (:mod:`cipherlab.core.text.entropy`); None for a decryption
        run, or until they are counted.
    """

    number: int
    config: TrainConfig
    versions: dict = field(default_factory=package_versions)
    started: str = field(default_factory=utc_now)
    loss: GrowingSeries = field(default_factory=GrowingSeries)
    smoothed: GrowingSeries = field(default_factory=GrowingSeries)
    val_loss: GrowingSeries = field(default_factory=lambda: GrowingSeries(256))
    val_accuracy: GrowingSeries = field(default_factory=lambda: GrowingSeries(256))
    status: RunStatus = RunStatus.RUNNING
    message: str = ""
    step: int = 0
    examples_seen: int = 0
    elapsed_s: float = 0.0
    target_reached_step: int | None = None
    first_full_accuracy_step: int | None = None
    mapping_learned_step: int | None = None
    reference_bits: tuple[float, float] | None = None
    _ema: StreamingEMA = field(default_factory=lambda: StreamingEMA(SMOOTHING), repr=False)

    @property
    def label(self) -> str:
        """Short name for lists and legends: ``Run 2 · Vigenère LEMON · Fast · seed 0``.

        The cipher's family and key come first (a substitution key as its permutation), so
        runs on different ciphers are told apart; then the preset (or Custom) and the seed.
        """
        name = matching_preset(self.config)
        if not self.config.task_kind.has_cipher:
            task = self.config.task_kind.label
        else:
            cipher = self.config.make_cipher()
            key = cipher.key_label()
            task = f"{cipher.title}{' ' + key if key else ''}"
        label = (
            f"Run {self.number} · {task} · "
            f"{name.capitalize() if name else 'Custom'} · seed {self.config.seed}"
        )
        if self.config.mistakes:  # made on purpose: the comparison shows what each costs
            made = ", ".join(MISTAKES[m].short for m in self.config.mistakes)
            label += f" · mistake{'s' if len(self.config.mistakes) > 1 else ''}: {made}"
        return label

    @property
    def final_accuracy(self) -> float | None:
        """Last validation accuracy measured, or None."""
        return (
            float(self.val_accuracy.y[self.val_accuracy.size - 1])
            if len(self.val_accuracy)
            else None
        )

    @property
    def last_val_loss(self) -> float | None:
        """Last validation loss measured (nats per symbol), or None."""
        return float(self.val_loss.y[self.val_loss.size - 1]) if len(self.val_loss) else None

    def bundle_at(self, update: LiveUpdate, command: str = WINDOW_TRAIN) -> ModelBundle:
        """The model this run has made, as of ``update`` (with its copy of the weights).

        The run's own measurements (its last validation accuracy and loss) go into the
        metadata, through the one bundle maker (:func:`~cipherlab.core.storage.make_bundle`).

        Raises
        ------
        ValueError
            If ``update`` carries no weights.
        """
        if update.weights is None:
            raise ValueError(f"The update at step {update.step} carries no weights.")
        return make_bundle(
            self.config,
            update.weights,
            steps=update.step,
            val_accuracy=self.final_accuracy,
            val_loss=self.last_val_loss,
            examples_seen=update.examples_seen,
            training_seconds=update.elapsed_s,
            command=command,
        )

    @property
    def last_loss(self) -> float | None:
        """Training loss of the last step (nats per symbol), or None."""
        return float(self.loss.y[self.loss.size - 1]) if len(self.loss) else None

    @property
    def running(self) -> bool:
        """True until the run has ended."""
        return self.status is RunStatus.RUNNING

    def end(self, error: BaseException | None = None) -> None:
        """Record how the run ended: by ``error``, its budget, its target, or a stop."""
        if error is not None:
            diverged = isinstance(error, NonFiniteLossError)
            self.status = RunStatus.DIVERGED if diverged else RunStatus.FAILED
            self.message = str(error) or type(error).__name__
        elif self.step >= self.config.steps:
            self.status = RunStatus.FINISHED
        elif self.target_reached_step is not None:
            self.status = RunStatus.TARGET_REACHED
        else:
            self.status = RunStatus.STOPPED

    def add(self, update: LiveUpdate) -> None:
        """Append a live update's points and totals."""
        steps = update.steps.astype(np.float64)
        self.loss.extend(steps, update.losses)
        self.smoothed.extend(steps, self._ema.update(update.losses))
        vsteps = update.val_steps.astype(np.float64)
        self.val_loss.extend(vsteps, update.val_losses)
        self.val_accuracy.extend(vsteps, update.val_accuracies)
        if self.first_full_accuracy_step is None:
            full = np.flatnonzero(update.val_accuracies >= 1.0)
            if len(full):
                self.first_full_accuracy_step = int(update.val_steps[full[0]])
        self.step, self.examples_seen, self.elapsed_s = (
            update.step,
            update.examples_seen,
            update.elapsed_s,
        )
        if update.target_reached_step is not None:
            self.target_reached_step = update.target_reached_step
        if update.mapping_learned_step is not None and self.mapping_learned_step is None:
            self.mapping_learned_step = update.mapping_learned_step

    def summary(self) -> str:
        """One line: status, steps, final accuracy, training seconds."""
        acc = self.final_accuracy
        acc_text = "–" if acc is None else f"{acc:.1%}"
        return (
            f"{self.label}: {self.status.value}, {self.step:,} steps, validation accuracy "
            f"{acc_text}, {self.elapsed_s:.1f} s"
        )


RUN_FORMAT = "cipherlab-run"
RUN_FORMAT_VERSION = 1
MAX_RUN_STEPS = int(FIELDS["steps"].maximum or 0)
"""Most steps a run can take (the step budget's upper limit), so most points in a curve."""
MAX_COUNT = 10**15
"""Largest count a run file may hold (messages seen: 10⁷ steps at batch 4,096 is 4·10¹⁰)."""
_CURVES = ("loss", "smoothed", "val_loss", "val_accuracy")

_SCALARS = ("number", "started", "message", "step", "examples_seen", "elapsed_s",
            "target_reached_step", "first_full_accuracy_step")  # fmt: skip


def save_run(run: RunRecord, path: str | os.PathLike, exclusive: bool = False) -> None:
    """Write an ended run to ``path`` (safetensors: curves as arrays, the rest as JSON).

    Written to a temporary file in the same folder, then renamed over ``path`` (or, if
    ``exclusive``, given that name only if it is free).

    Raises
    ------
    FileExistsError
        If ``exclusive`` and ``path`` exists.
    OSError
        If the file cannot be written.
    """
    from safetensors.numpy import save

    arrays = {}
    for name in _CURVES:
        x, y = getattr(run, name).view()
        arrays[f"{name}.x"], arrays[f"{name}.y"] = x.copy(), y.copy()
    meta = {name: getattr(run, name) for name in _SCALARS}
    meta.update(
        format=RUN_FORMAT,
        format_version=RUN_FORMAT_VERSION,
        config=run.config.to_dict(),
        versions=run.versions,
        status=run.status.value,
    )
    if run.reference_bits is not None:
        meta["reference_bits"] = list(run.reference_bits)
    if run.mapping_learned_step is not None:
        meta["mapping_learned_step"] = run.mapping_learned_step
    payload = save(arrays, metadata={"cipherlab": json.dumps(meta)})
    write_atomically(path, payload, exclusive=exclusive)


def _finite_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and float("-inf") < value < float("inf")
    )


def _check_meta(meta: object) -> dict[str, Any]:
    """``meta`` if it is a run file's metadata with every field of the right type."""
    if not isinstance(meta, dict):
        raise ValueError("its metadata is not an object")
    if meta.get("format") != RUN_FORMAT or meta.get("format_version") != RUN_FORMAT_VERSION:
        raise ValueError("not a Cipher Lab run file of a known version")

    def whole(value: object, low: int, high: int = MAX_COUNT) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high

    checks = {
        "number": whole(meta.get("number"), 1, MAX_RUN_NUMBER),
        "step": whole(meta.get("step"), 0, MAX_RUN_STEPS),
        "examples_seen": whole(meta.get("examples_seen"), 0),
        "elapsed_s": isinstance(meta.get("elapsed_s"), (int, float))
        and not isinstance(meta.get("elapsed_s"), bool)
        and 0 <= meta["elapsed_s"] < float("inf"),
        "started": isinstance(meta.get("started"), str),
        "message": isinstance(meta.get("message"), str),
        "target_reached_step": meta.get("target_reached_step") is None
        or whole(meta.get("target_reached_step"), 1, MAX_RUN_STEPS),
        "first_full_accuracy_step": meta.get("first_full_accuracy_step") is None
        or whole(meta.get("first_full_accuracy_step"), 1, MAX_RUN_STEPS),
        "config": isinstance(meta.get("config"), dict),
        "versions": isinstance(meta.get("versions"), dict)
        and all(isinstance(v, str) for v in meta["versions"].values()),
        "mapping_learned_step": meta.get("mapping_learned_step") is None
        or whole(meta.get("mapping_learned_step"), 1, MAX_RUN_STEPS),
        "reference_bits": meta.get("reference_bits") is None
        or (
            isinstance(meta["reference_bits"], list)
            and len(meta["reference_bits"]) == 2
            and all(_finite_number(v) for v in meta["reference_bits"])
        ),
        "status": meta.get("status") in {s.value for s in RunStatus if s is not RunStatus.RUNNING},
    }
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise ValueError(f"invalid {', '.join(bad)}")
    return meta


def _curve_shapes(header: Header, meta: dict[str, Any], name: str) -> dict[str, tuple[int, ...]]:
    """Each curve array's shape ``(n,)``, checked against the run's own step count.

    A curve has at most one point per step taken (``meta["step"]``, itself at most
    :data:`MAX_RUN_STEPS`), so a header declaring gigabytes of points — a sparse file
    costs its author nothing — is refused before anything is read.
    """
    limit = meta["step"] + 1
    shapes: dict[str, tuple[int, ...]] = {}
    for curve in _CURVES:
        for axis in ("x", "y"):
            key = f"{curve}.{axis}"
            entry = header.tensors.get(key)
            shape = entry.get("shape") if isinstance(entry, dict) else None
            if not (
                isinstance(entry, dict)
                and entry.get("dtype") == "F64"
                and isinstance(shape, list)
                and len(shape) == 1
                and isinstance(shape[0], int)
                and 0 <= shape[0] <= limit
            ):
                raise ValueError(
                    f"{name} is not a readable run file (its {curve} curve is not a float64 "
                    f"list of at most {limit:,} points, one per step)"
                )
            shapes[key] = (shape[0],)
    return shapes


def _read_arrays(
    path: str | os.PathLike, data_start: int, entries: dict[str, TensorEntry]
) -> dict[str, np.ndarray]:
    """The float64 arrays ``entries`` locate (offsets checked), read from one open file.

    Raises
    ------
    ValueError
        If the file ends before an array does.
    OSError
        If the file cannot be read.
    """
    arrays = {}
    with open(path, "rb") as fh:
        for key, entry in entries.items():
            fh.seek(data_start + entry.start)
            raw = fh.read(entry.end - entry.start)
            if len(raw) != entry.end - entry.start:
                raise ValueError(f"the file ends inside {key}")
            arrays[key] = np.frombuffer(raw, dtype="<f8")
    return arrays


def load_run(path: str | os.PathLike) -> RunRecord:
    """Read an ended run written by :func:`save_run`, reading no more than it declares.

    The header and metadata are read with limits first
    (:func:`~cipherlab.core.storage.read_header`: size, JSON depth), the metadata's
    fields checked, and each curve's declared length checked against the run's steps,
    before any curve is read; every step value must be finite and within the run.

    Raises
    ------
    ValueError
        If the file is not a readable run file: unreadable (the system's reason, e.g.
        "Permission denied"), damaged, foreign, from a newer version, a field of the wrong
        type, curves longer than the run or with steps outside it, or a run that never
        ended.
    """
    name = Path(path).name
    try:
        size = os.stat(path).st_size
        header = read_header(str(path), size, name, marker=RUN_FORMAT, kind="run")
    except OSError as exc:
        raise ValueError(f"{name} cannot be read ({exc.strerror or exc})") from exc
    except ModelFileError as exc:
        raise ValueError(str(exc).rstrip(".")) from exc
    try:
        meta = _check_meta(header.metadata)
        shapes = _curve_shapes(header, meta, name)
        entries = check_tensors(header, shapes, name)
        arrays = _read_arrays(path, size - header.data_bytes, entries)
        run = RunRecord(meta["number"], TrainConfig.from_dict(meta["config"]))
        run.versions = dict(meta["versions"])
        run.status = RunStatus(meta["status"])
        for field_name in _SCALARS:
            setattr(run, field_name, meta[field_name])
        run.mapping_learned_step = meta.get("mapping_learned_step")
        if meta.get("reference_bits") is not None:
            unigram, bigram = meta["reference_bits"]
            run.reference_bits = (float(unigram), float(bigram))
        for curve in _CURVES:
            x, y = arrays[f"{curve}.x"], arrays[f"{curve}.y"]
            if x.shape != y.shape:
                raise ValueError(f"the {curve} curve's arrays do not match")
            if len(x) and not (np.isfinite(x).all() and 0 <= x.min() and x.max() <= run.step):
                raise ValueError(f"the {curve} curve has steps outside 0–{run.step:,}")
            series = getattr(run, curve)
            series.clear()
            series.extend(x, y)
    except ModelFileError as exc:
        raise ValueError(str(exc).rstrip(".")) from exc
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
        message = str(exc).rstrip(".")
        if message.startswith(name):
            raise ValueError(message) from exc
        raise ValueError(f"{name} is not a readable run file ({message})") from exc
    return run


def _canonical(path: Path) -> bool:
    """True for a file named ``run-NNNN.safetensors`` (as :class:`RunHistory` writes them)."""
    return re.fullmatch(r"run-\d+\.safetensors", path.name) is not None


class RunHistory:
    """The runs of this and earlier sessions, the current run and the overlaid ones.

    Parameters
    ----------
    folder : path, optional
        Where ended runs are kept (one ``run-NNNN.safetensors`` each) and read back from at
        start-up; None keeps them in memory only. Unreadable files are skipped and listed
        in :attr:`skipped`; repairs (a damaged run counter) are listed in :attr:`notices`.
        Numbers are claimed under a lock when a run starts
        (:class:`~cipherlab.core.session.run_numbers.RunCounter`), and a run's file is
        created exclusively, so two windows on one folder never overwrite each other's runs.

    Signals
    -------
    added(RunRecord)
        A run was started (it is also the current run).
    ended(RunRecord)
        A run ended: its status and totals are final.
    removed(RunRecord)
        A run was deleted.
    currentChanged(object)
        The current run (a RunRecord, or None after Reset) changed.
    overlaysChanged()
        The overlaid runs changed.
    """

    added = Signal(object)
    ended = Signal(object)
    removed = Signal(object)
    currentChanged = Signal(object)
    overlaysChanged = Signal()

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.runs: list[RunRecord] = []
        self.current: RunRecord | None = None
        self.overlaid: list[RunRecord] = []
        self.skipped: list[str] = []
        self._files: dict[int, Path] = {}  # run number -> the file it was read from or saved to
        self._counter = RunCounter(self.folder)
        if self.folder is not None and self.folder.is_dir():
            remove_stale_temp_files(self.folder)  # of saves killed mid-write
            self._counter.read()
            self._read_folder(self.folder)

    @property
    def notices(self) -> list[str]:
        """Repairs made to the run folder (a damaged run counter), one line each."""
        return self._counter.notices

    def _read_folder(self, folder: Path) -> None:
        # files named as this class names them first: a copy never shadows its original
        paths = sorted(folder.glob("run-*.safetensors"), key=lambda p: (not _canonical(p), p.name))
        for path in paths:
            try:
                run = load_run(path)
            except ValueError as exc:
                self.skipped.append(str(exc))
                continue
            if run.number in self._files:
                self.skipped.append(f"{path.name} repeats run number {run.number}")
                continue
            self.runs.append(run)
            self._files[run.number] = path
            self._counter.seen(run.number)
        self.runs.sort(key=lambda r: r.number)

    @property
    def next_number(self) -> int:
        """The number the next run gets: one more than any number given in this folder."""
        return self._counter.next_number

    def start(self, config: TrainConfig) -> RunRecord:
        """A new running run with ``config``; it becomes the current run.

        Overlaid runs whose loss is in another unit than its task's are taken off the plot
        (see :meth:`overlay_refusal`).

        Its number is claimed now, under the folder's lock, so another window starting a
        run at the same moment gets a different one.
        """
        run = RunRecord(self._counter.claim(), config)
        self.runs.append(run)
        self.current = run
        self.added.emit(run)
        self.currentChanged.emit(run)
        unit = config.task_kind.loss_unit
        kept = [r for r in self.overlaid if r.config.task_kind.loss_unit == unit]
        if len(kept) < len(self.overlaid):  # runs in another unit come off the plot
            self.overlaid = kept
            self.overlaysChanged.emit()
        return run

    def end(self, run: RunRecord, error: BaseException | None = None) -> None:
        """Record that ``run`` ended (see :meth:`RunRecord.end`) and keep it on disk.

        Raises
        ------
        RunFileError
            If the run could not be written to the folder (it has ended all the same, and
            stays in the history for this session).
        """
        if not run.running:
            return
        run.end(error)
        try:
            if self.folder is not None:
                self._keep(run, self.folder)
        finally:
            self.ended.emit(run)

    def _keep(self, run: RunRecord, folder: Path) -> None:
        """Save ``run`` to a file of its own, never over another run's.

        The file is created exclusively; if its name is taken (a process that could not
        take the lock gave the same number), the run gets a newly claimed number.
        """
        for _attempt in range(5):
            path = folder / f"run-{run.number:04d}.safetensors"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                save_run(run, path, exclusive=True)
            except FileExistsError:
                run.number = self._counter.claim()
                continue
            except OSError as exc:
                raise RunFileError(
                    f"Could not keep run {run.number} in {folder}: {exc.strerror or exc}."
                ) from exc
            self._files[run.number] = path
            return
        raise RunFileError(f"Could not keep run {run.number} in {folder}: no free run number.")

    def clear_current(self) -> None:
        """No current run (Reset): the plot shows no curve until the next run."""
        self.current = None
        self.currentChanged.emit(None)

    def delete(self, run: RunRecord) -> None:
        """Forget an ended run, here and on disk (the file it was read from or saved to).

        Raises
        ------
        ValueError
            If ``run`` is still running.
        RunFileError
            If the run's file could not be deleted (the run is then kept).
        """
        if run.running:
            raise ValueError(f"Run {run.number} is still running; stop it first.")
        path = self._files.get(run.number)
        if path is not None:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise RunFileError(f"Could not delete {path}: {exc.strerror or exc}.") from exc
            del self._files[run.number]
        self.runs.remove(run)
        self.removed.emit(run)
        if run in self.overlaid:
            self.overlaid.remove(run)
            self.overlaysChanged.emit()
        if run is self.current:
            self.clear_current()
        return None

    def overlay_refusal(self, run: RunRecord) -> str | None:
        """Why ``run`` cannot be overlaid now, or None if it can (or already is).

        Refused when :data:`MAX_OVERLAYS` runs are overlaid, and when its loss is in another
        unit than the runs on the plot (the current run, else the first overlaid one): a
        language model's bits per symbol and a decryption's nats per symbol never share an
        axis.

        Parameters
        ----------
        run : RunRecord
            The run a user wants to overlay.

        Returns
        -------
        str or None
            A sentence for the status bar, or None.
        """
        if run in self.overlaid:
            return None
        if len(self.overlaid) >= MAX_OVERLAYS:
            return f"At most {MAX_OVERLAYS} runs can be overlaid at once."
        shown = self.current if self.current is not None else next(iter(self.overlaid), None)
        task, shown_task = run.config.task_kind, shown.config.task_kind if shown else None
        if shown_task is not None and task.loss_unit != shown_task.loss_unit:
            return (
                f"Run {run.number} ({task.noun}) has its loss in {task.loss_unit}, "
                f"the plot in {shown_task.loss_unit}: only runs of one unit are overlaid."
            )
        return None

    def run_of(self, metadata: dict[str, Any]) -> RunRecord | None:
        """The ended run that made the model with ``metadata``, or None.

        A model file does not record its run's number, so the run is recognised by what
        both record: the settings (seed included), the steps taken, the training messages
        consumed and the last validation accuracy. None unless exactly one kept run
        matches (two identical runs cannot be told apart).

        Parameters
        ----------
        metadata : dict
            A model's metadata (:func:`~cipherlab.core.storage.model_metadata`).
        """
        training = dict(metadata.get("training") or {})
        training.pop("preset", None)
        metrics = metadata.get("metrics") or {}
        if not training or "steps" not in metrics:
            return None

        def made_it(run: RunRecord) -> bool:
            settings = run.config.to_dict()
            if run.config.data_path:  # a model file keeps the text file's name only
                settings["data_path"] = PurePath(run.config.data_path).name
            return (
                not run.running
                and json.loads(json.dumps(settings)) == training  # tuples as JSON lists
                and run.step == metrics["steps"]
                and metrics.get("examples_seen", run.examples_seen) == run.examples_seen
                and metrics.get("val_accuracy", run.final_accuracy) == run.final_accuracy
            )

        found = [run for run in self.runs if made_it(run)]
        return found[0] if len(found) == 1 else None

    def set_overlaid(self, run: RunRecord, on: bool) -> bool:
        """Overlay ``run`` on the plot or take it off.

        Returns False, changing nothing, if it cannot be overlaid (see
        :meth:`overlay_refusal`).
        """
        if on == (run in self.overlaid):
            return True
        if on and self.overlay_refusal(run) is not None:
            return False
        if on:
            self.overlaid.append(run)
            self.overlaid.sort(key=lambda r: r.number)
        else:
            self.overlaid.remove(run)
        self.overlaysChanged.emit()
        return True


def differing_settings(runs: list[RunRecord]) -> dict[str, list]:
    """Settings that shape ``runs`` differently: label -> one value per run, in order.

    Every setting in :func:`~cipherlab.core.settings.run_settings` counts, as the run uses
    it: the beginner mistakes, the batch as trained (1 under "One message a step"), the
    task, cipher, key (a default key by its value), alphabet and data as well as the
    hyperparameters. An empty result means the runs were made the same way.
    """
    if len(runs) < 2:
        return {}
    table = [run_settings(r.config) for r in runs]
    result = {}
    for column in zip(*table, strict=True):
        values = [setting.value for setting in column]
        if any(v != values[0] for v in values[1:]):
            result[column[0].label] = values
    return result


CSV_COLUMNS = (
    "run",
    "label",
    "step",
    "train_loss",
    "smoothed_loss",
    "val_loss",
    "val_accuracy",
    *FIELDS,
)


def export_csv(runs: list[RunRecord], path: str | os.PathLike) -> int:
    """Write every run's curves to one CSV file (one row per run and step); returns rows.

    Validation columns are empty on steps without an evaluation; the settings columns
    repeat each run's hyperparameters so one file is enough to compare runs.

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    return write_csv(path, CSV_COLUMNS, _csv_rows(runs))


def _csv_rows(runs: list[RunRecord]) -> Iterator[list[object]]:
    """The rows of :func:`export_csv`, run by run and step by step."""
    for run in runs:
        settings = [getattr(run.config, name) for name in FIELDS]
        steps, losses = run.loss.view()
        _, smoothed = run.smoothed.view()
        val_loss = dict(zip(*(a.astype(object) for a in run.val_loss.view()), strict=True))
        val_acc = dict(zip(*(a.astype(object) for a in run.val_accuracy.view()), strict=True))
        for step, loss, smooth in zip(steps, losses, smoothed, strict=True):
            vl, va = val_loss.get(step, ""), val_acc.get(step, "")
            yield [
                run.number,
                run.label,
                int(step),
                repr(float(loss)),
                repr(float(smooth)),
                vl if vl == "" else repr(float(vl)),
                va if va == "" else repr(float(va)),
                *settings,
            ]
