"""The run folder shared by windows and processes: numbers, hostile files, litter (issue 19)."""

from __future__ import annotations

import json
import multiprocessing
import os
import struct
import time

import pytest
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

from cipherlab.core.session import RunHistory, load_run
from cipherlab.core.settings import preset


def ended(history: RunHistory, seed: int = 0):
    """Start and end one run (no points: the numbering is what is tested)."""
    run = history.start(preset("fast", seed=seed))
    history.end(run)
    return run


def numbered_files(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("run-*.safetensors"))


def rewrite_metadata(path, change) -> None:
    """Rewrite a run file's metadata JSON text with ``change(text) -> text``."""
    with safe_open(str(path), framework="numpy") as fh:
        text = fh.metadata()["cipherlab"]
    save_file(load_file(str(path)), str(path), metadata={"cipherlab": change(text)})


# ------------------------------------------------------------------ numbers across windows


def test_two_windows_on_one_folder_never_share_a_run_number(tmp_path):
    first, second = RunHistory(tmp_path), RunHistory(tmp_path)  # both read an empty folder
    runs = [ended(first, 0), ended(second, 1), ended(first, 2), ended(second, 3)]
    assert sorted(r.number for r in runs) == [1, 2, 3, 4]
    assert numbered_files(tmp_path) == [f"run-000{n}.safetensors" for n in (1, 2, 3, 4)]
    assert sorted(r.config.seed for r in RunHistory(tmp_path).runs) == [0, 1, 2, 3]


def test_a_taken_file_name_gives_the_run_a_new_number_instead_of_replacing_it(tmp_path):
    history = RunHistory(tmp_path)
    run = history.start(preset("fast", seed=7))
    ended(RunHistory(tmp_path / "elsewhere"), seed=9)  # a run saved under the same number
    os.replace(tmp_path / "elsewhere" / "run-0001.safetensors", tmp_path / "run-0001.safetensors")
    history.end(run)
    assert run.number == 2
    seeds = {r.number: r.config.seed for r in RunHistory(tmp_path).runs}
    assert seeds == {1: 9, 2: 7}


def _end_runs(folder: str, count: int, seed: int) -> list[int]:
    history = RunHistory(folder)
    return [ended(history, seed * 100 + i).number for i in range(count)]


def test_processes_ending_runs_at_once_keep_every_run(tmp_path):
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        numbers = pool.starmap(_end_runs, [(str(tmp_path), 4, s) for s in range(3)])
    flat = sorted(n for batch in numbers for n in batch)
    assert flat == list(range(1, 13))
    assert len(numbered_files(tmp_path)) == 12
    assert len(RunHistory(tmp_path).runs) == 12


# ------------------------------------------------------------------ the counter file


@pytest.mark.parametrize("counter", ["-5", "9" * 252, "seven", "\x00\x01", "1e9", "123456789"])
def test_an_out_of_range_counter_is_repaired_from_the_files_present(tmp_path, counter):
    history = RunHistory(tmp_path)
    ended(history), ended(history), ended(history)
    (tmp_path / "last-run-number").write_text(counter)
    again = RunHistory(tmp_path)
    assert len(again.notices) == 1
    assert (
        "not a run number; runs are numbered on from the highest run file found (3)"
        in (again.notices[0])
    )
    run = ended(again)
    assert run.number == 4 and (tmp_path / "run-0004.safetensors").is_file()
    assert (tmp_path / "last-run-number").read_text() == "4\n"
    assert [r.number for r in RunHistory(tmp_path).runs] == [1, 2, 3, 4]
    assert RunHistory(tmp_path).notices == []


def test_a_counter_ahead_of_the_files_is_kept(tmp_path):
    (tmp_path / "last-run-number").write_text("41\n")
    assert ended(RunHistory(tmp_path)).number == 42


# ------------------------------------------------------------------ hostile run files


def test_a_run_file_nested_100000_deep_is_skipped_and_the_others_load(tmp_path):
    history = RunHistory(tmp_path)
    ended(history), ended(history)
    rewrite_metadata(tmp_path / "run-0002.safetensors", lambda _: "[" * 100_000 + "]" * 100_000)
    again = RunHistory(tmp_path)  # raised RecursionError before
    assert [r.number for r in again.runs] == [1]
    assert again.skipped == [
        "run-0002.safetensors is not a usable run file: its metadata nests 100,000 levels "
        "deep (at most 16)"
    ]


def test_a_sparse_run_file_declaring_gigabytes_of_curve_is_refused_unread(tmp_path):
    history = RunHistory(tmp_path)
    ended(history)
    path = tmp_path / "run-0001.safetensors"
    with safe_open(str(path), framework="numpy") as fh:
        meta = fh.metadata()
    points = 400_000_000  # 3.2 GB of float64
    header = {"__metadata__": meta}
    offset = 0
    for curve in ("loss", "smoothed", "val_loss", "val_accuracy"):
        for axis in "xy":
            n = points if curve == "loss" else 0
            header[f"{curve}.{axis}"] = {
                "dtype": "F64", "shape": [n], "data_offsets": [offset, offset + 8 * n],
            }  # fmt: skip
            offset += 8 * n
    raw = json.dumps(header).encode()
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        fh.truncate(8 + len(raw) + offset)  # sparse: costs nothing on disk
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"loss curve is not a float64 list of at most 1 points"):
        load_run(path)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 1e308, -3.0])
def test_a_run_whose_steps_are_not_steps_of_the_run_is_refused(tmp_path, bad):
    import numpy as np

    from cipherlab.core.learning import LiveUpdate

    history = RunHistory(tmp_path)
    run = history.start(preset("fast"))
    steps = np.arange(1, 6, dtype=np.int64)
    run.add(LiveUpdate(steps, 1.0 / steps, steps, 1.0 / steps, steps / 5.0, 5, 160, 100, 0.1, None))
    history.end(run)
    path = tmp_path / "run-0001.safetensors"
    arrays = load_file(str(path))
    arrays["loss.x"][2] = bad
    with safe_open(str(path), framework="numpy") as fh:
        meta = fh.metadata()
    save_file(arrays, str(path), metadata=meta)
    again = RunHistory(tmp_path)
    assert again.runs == []
    assert again.skipped == [
        "run-0001.safetensors is not a readable run file (the loss curve has steps outside 0–5)"
    ]


def test_an_unreadable_run_file_says_permission_denied(tmp_path, monkeypatch):
    import builtins

    from cipherlab.core.storage import model_header

    history = RunHistory(tmp_path)
    ended(history)

    def refuse(path, *args, **kwargs):
        if str(path).endswith("run-0001.safetensors"):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(model_header, "open", refuse, raising=False)
    again = RunHistory(tmp_path)
    assert again.skipped == ["run-0001.safetensors cannot be read (Permission denied)"]


# ------------------------------------------------------------------ litter


def test_start_up_removes_the_stale_temporary_files_of_killed_saves(tmp_path):
    litter = [
        ".run-0003.safetensors.k3j4h5g6.cipherlab.tmp",  # a killed run save
        ".last-run-number.ab12cd34.cipherlab.tmp",  # a killed counter write
        ".run-0002.safetensors.ab12cd34.tmp",  # the older naming, without the marker
    ]
    fresh = ".run-0004.safetensors.fresh123.cipherlab.tmp"  # another window's save, right now
    foreign = ".notes.txt.ab12cd34.tmp"  # not ours
    for name in [*litter, fresh, foreign]:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - 3600
    for name in [*litter, foreign]:
        os.utime(tmp_path / name, (old, old))
    RunHistory(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh, foreign])
