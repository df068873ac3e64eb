"""The run history (cipherlab.core.session.run_history): runs, their end, overlays, persistence."""

from __future__ import annotations

import numpy as np
import pytest

from cipherlab.core.errors import NonFiniteLossError
from cipherlab.core.learning import LiveUpdate
from cipherlab.core.session import MAX_OVERLAYS, RunHistory, RunStatus, load_run, save_run
from cipherlab.core.settings import preset


def update(first: int, last: int, *, evaluate_every: int = 5, target: int | None = None):
    """A LiveUpdate for steps ``first``..``last`` with a falling loss."""
    steps = np.arange(first, last + 1, dtype=np.int64)
    val = steps[steps % evaluate_every == 0]
    return LiveUpdate(
        steps, 3.0 / steps, val, 2.0 / val, np.minimum(1.0, val / 10.0),
        int(last), int(last) * 32, 100, last * 0.01, None, target_reached_step=target,
    )  # fmt: skip


def test_runs_are_numbered_and_the_new_one_is_current():
    history = RunHistory()
    seen = []
    history.added.connect(lambda run: seen.append(("added", run.number)))
    history.currentChanged.connect(lambda run: seen.append(("current", run and run.number)))
    first = history.start(preset("fast"))
    second = history.start(preset("fast", seed=4))
    assert [r.number for r in history.runs] == [1, 2] and history.current is second
    assert seen == [("added", 1), ("current", 1), ("added", 2), ("current", 2)]
    assert first.status is RunStatus.RUNNING and first.running
    history.clear_current()
    assert history.current is None and seen[-1] == ("current", None)


@pytest.mark.parametrize(
    ("steps", "target", "error", "status"),
    [
        (100, None, None, RunStatus.FINISHED),
        (30, 30, None, RunStatus.TARGET_REACHED),
        (30, None, None, RunStatus.STOPPED),
        (30, None, NonFiniteLossError("Training diverged: loss nan"), RunStatus.DIVERGED),
        (30, None, MemoryError("not enough memory"), RunStatus.FAILED),
    ],
)
def test_how_a_run_ended_is_a_typed_status(steps, target, error, status):
    history = RunHistory()
    ended = []
    history.ended.connect(ended.append)
    run = history.start(preset("fast", steps=100))
    run.add(update(1, steps, target=target))
    history.end(run, error)
    assert run.status is status and ended == [run]
    assert run.message == ("" if error is None else str(error))
    history.end(run)
    assert ended == [run]  # a second end changes nothing


def test_ended_runs_come_back_after_a_restart(tmp_path):
    folder = tmp_path / "runs"
    history = RunHistory(folder)
    run = history.start(preset("fast", steps=100, learning_rate=0.01))
    run.add(update(1, 40))
    history.end(run)
    running = history.start(preset("fast"))  # still running at "exit": not kept
    running.add(update(1, 3))
    assert sorted(p.name for p in folder.glob("run-*")) == ["run-0001.safetensors"]

    again = RunHistory(folder)
    (back,) = again.runs
    assert back.number == 1 and back.status is RunStatus.STOPPED
    assert back.config == run.config and back.step == 40 and back.examples_seen == 1280
    for name in ("loss", "smoothed", "val_loss", "val_accuracy"):
        np.testing.assert_array_equal(getattr(back, name).view(), getattr(run, name).view())
    assert back.first_full_accuracy_step == 10 and back.final_accuracy == 1.0
    # number 2 went to the run that never ended: numbers are not given twice
    assert again.next_number == 3 and again.start(preset("fast")).number == 3


def test_deleting_a_run_forgets_it_on_disk_too(tmp_path):
    history = RunHistory(tmp_path)
    runs = [history.start(preset("fast", seed=s)) for s in range(3)]
    for run in runs:
        run.add(update(1, 10))
        history.end(run)
    history.set_overlaid(runs[1], True)
    removed, overlays = [], []
    history.removed.connect(removed.append)
    history.overlaysChanged.connect(lambda: overlays.append(list(history.overlaid)))
    history.delete(runs[1])
    assert removed == [runs[1]] and overlays == [[]]
    assert [r.number for r in history.runs] == [1, 3]
    assert [r.number for r in RunHistory(tmp_path).runs] == [1, 3]
    assert history.next_number == 4
    history.delete(runs[2])  # the current run: the plot then shows none
    assert history.current is None


def test_a_running_run_cannot_be_deleted():
    history = RunHistory()
    run = history.start(preset("fast"))
    with pytest.raises(ValueError, match="still running"):
        history.delete(run)
    assert history.runs == [run]


def test_at_most_five_runs_are_overlaid():
    history = RunHistory()
    runs = [history.start(preset("fast", seed=s)) for s in range(MAX_OVERLAYS + 1)]
    assert all(history.set_overlaid(run, True) for run in reversed(runs[:MAX_OVERLAYS]))
    assert history.overlaid == runs[:MAX_OVERLAYS]  # in list order, whatever the tick order
    assert history.set_overlaid(runs[-1], True) is False
    assert runs[-1] not in history.overlaid


def test_runs_whose_loss_is_in_another_unit_are_never_overlaid():
    """Issue 20: a language model's bits per symbol never share an axis with nats."""
    history = RunHistory()
    lm = history.start(preset("fast", task="lm"))
    history.end(lm)
    decrypt = [history.start(preset("fast", seed=s)) for s in (1, 2)]
    assert history.overlay_refusal(lm) == (
        "Run 1 (language model) has its loss in bits/symbol, the plot in nats/symbol: "
        "only runs of one unit are overlaid."
    )
    assert history.set_overlaid(lm, True) is False and history.overlaid == []
    assert history.set_overlaid(decrypt[0], True) and history.overlaid == [decrypt[0]]
    history.clear_current()  # no current run: the overlaid one sets the unit
    assert history.set_overlaid(lm, True) is False
    changes = []
    history.overlaysChanged.connect(lambda: changes.append(list(history.overlaid)))
    history.start(preset("fast", task="lm"))  # a run in bits: the nats overlay comes off
    assert history.overlaid == [] and changes == [[]]
    assert history.overlay_refusal(lm) is None and history.set_overlaid(lm, True)
    assert history.overlay_refusal(decrypt[1]) is not None


def test_unreadable_run_files_are_skipped_and_named(tmp_path):
    history = RunHistory(tmp_path)
    run = history.start(preset("fast"))
    run.add(update(1, 5))
    history.end(run)
    (tmp_path / "run-0002.safetensors").write_bytes(b"not a run")
    again = RunHistory(tmp_path)
    assert [r.number for r in again.runs] == [1]
    assert len(again.skipped) == 1 and "run-0002.safetensors" in again.skipped[0]


def test_a_run_file_written_elsewhere_round_trips(tmp_path):
    history = RunHistory()
    run = history.start(preset("tutorial", steps=50))
    run.add(update(1, 50))
    history.end(run, NonFiniteLossError("Training diverged at step 50"))
    save_run(run, tmp_path / "x.safetensors")
    back = load_run(tmp_path / "x.safetensors")
    assert back.status is RunStatus.DIVERGED and back.message == "Training diverged at step 50"
    assert back.summary() == run.summary()


def test_a_language_model_run_is_named_so_and_keeps_its_reference_entropies(tmp_path):
    history = RunHistory()
    run = history.start(preset("fast", task="lm"))
    assert run.label == "Run 1 · Language model · Fast · seed 0"
    run.reference_bits = (4.08, 3.30)
    run.add(update(1, 50))
    history.end(run)
    save_run(run, tmp_path / "lm.safetensors")
    back = load_run(tmp_path / "lm.safetensors")
    assert back.reference_bits == (4.08, 3.30) and back.config.task == "lm"
    decrypt = history.start(preset("fast"))  # a decryption run has none, and none is written
    decrypt.add(update(1, 5))
    history.end(decrypt)
    save_run(decrypt, tmp_path / "d.safetensors")
    assert load_run(tmp_path / "d.safetensors").reference_bits is None


def test_a_folder_that_cannot_be_written_raises_a_typed_error_after_the_run_ends(tmp_path):
    from cipherlab.core.errors import RunFileError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    history = RunHistory(blocker / "runs")
    run = history.start(preset("fast"))
    run.add(update(1, 5))
    with pytest.raises(RunFileError, match=f"^Could not keep run 1 in {blocker / 'runs'}: "):
        history.end(run)
    assert run.status is RunStatus.STOPPED and history.runs == [run]


def ended_runs(history: RunHistory, count: int) -> list:
    runs = []
    for seed in range(count):
        run = history.start(preset("fast", seed=seed))
        run.add(update(1, 10))
        history.end(run)
        runs.append(run)
    return runs


def test_run_numbers_are_never_given_twice(tmp_path):
    history = RunHistory(tmp_path)
    runs = ended_runs(history, 3)
    history.delete(runs[2])  # the highest
    assert history.start(preset("fast")).number == 4
    assert RunHistory(tmp_path).next_number == 5  # remembered across restarts


def test_an_unreadable_run_file_keeps_its_number_and_is_never_overwritten(tmp_path):
    history = RunHistory(tmp_path)
    ended_runs(history, 1)
    newer = tmp_path / "run-0007.safetensors"
    newer.write_bytes(b"written by a newer Cipher Lab")
    (tmp_path / "last-run-number").unlink()
    again = RunHistory(tmp_path)
    (run,) = ended_runs(again, 1)
    assert run.number == 8 and newer.read_bytes() == b"written by a newer Cipher Lab"


def test_a_copied_run_file_is_skipped_and_delete_removes_the_right_file(tmp_path):
    import shutil

    history = RunHistory(tmp_path)
    ended_runs(history, 1)
    copy = tmp_path / "run-0001 (copy).safetensors"
    shutil.copy(tmp_path / "run-0001.safetensors", copy)
    again = RunHistory(tmp_path)
    assert [r.number for r in again.runs] == [1]
    assert any("repeats run number 1" in why for why in again.skipped)
    again.delete(again.runs[0])
    assert not (tmp_path / "run-0001.safetensors").exists() and copy.exists()


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda meta: [meta], "no .cipherlab-run. format marker"),
        (lambda meta: {**meta, "step": "x"}, "invalid step"),
        (lambda meta: {**meta, "elapsed_s": None}, "invalid elapsed_s"),
        (lambda meta: {**meta, "status": "running"}, "invalid status"),
        (lambda meta: {**meta, "config": [1, 2]}, "invalid config"),
        (lambda meta: {**meta, "target_reached_step": 10**400}, "invalid target_reached_step"),
        (lambda meta: {**meta, "step": 10**12}, "invalid step"),
        (lambda meta: {**meta, "number": 10**9}, "invalid number"),
        (lambda meta: {**meta, "config": {"hidden_size": -3}}, "Hidden size must be at least 1"),
    ],
)
def test_odd_run_files_are_refused_with_the_reason(tmp_path, change, why):
    import json

    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    history = RunHistory(tmp_path)
    ended_runs(history, 1)
    path = tmp_path / "run-0001.safetensors"
    with safe_open(str(path), framework="numpy") as fh:
        meta = json.loads(fh.metadata()["cipherlab"])
    save_file(load_file(str(path)), str(path), metadata={"cipherlab": json.dumps(change(meta))})
    with pytest.raises(ValueError, match=why):
        load_run(path)
    again = RunHistory(tmp_path)
    assert again.runs == [] and len(again.skipped) == 1


def test_a_run_whose_file_cannot_be_deleted_is_kept(tmp_path, monkeypatch):
    from pathlib import Path

    history = RunHistory(tmp_path)
    (run,) = ended_runs(history, 1)

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied")

    from cipherlab.core.errors import RunFileError

    monkeypatch.setattr(Path, "unlink", refuse)
    path = tmp_path / f"run-{run.number:04d}.safetensors"
    with pytest.raises(RunFileError) as raised:
        history.delete(run)
    assert str(raised.value) == f"Could not delete {path}: Permission denied."
    assert history.runs == [run]


def test_every_setting_that_shapes_a_run_counts_in_the_comparison():
    from cipherlab.core.session import differing_settings

    history = RunHistory()
    plain = history.start(preset("fast"))
    # the batch as trained, the mistakes, and a default key named by its value
    alike = history.start(preset("fast", key="13"))
    assert differing_settings([plain, alike]) == {}
    batch_one = history.start(preset("fast", mistakes=("batch_of_one",)))
    assert differing_settings([plain, batch_one]) == {
        "Batch size": [32, 1],
        "Mistakes": ["none", "One message a step"],
    }
    made_on_purpose = [
        ("no_zero_grad", "Forget zero_grad()"),
        ("rot13_inverse", "+13 as its own inverse"),
    ]
    for made, label in made_on_purpose:
        run = history.start(preset("fast", mistakes=(made,)))
        assert differing_settings([plain, run]) == {"Mistakes": ["none", label]}
    autokey = history.start(preset("fast", cipher="autokey"))
    letters = history.start(preset("fast", alphabet="letters", data="english"))
    assert differing_settings([plain, letters]) == {
        "Key": ["+13", "+3"],  # the default key of each alphabet, never blank
        "Alphabet": ["A–Z and -", "A–Z"],
        "Data": ["random", "english"],
    }
    assert differing_settings([plain, autokey])["Key"] == ["+13", "QUEENLY"]
    lm = history.start(preset("fast", task="lm", data="english"))
    diff = differing_settings([plain, lm])
    assert diff["Task"] == ["Decrypt a cipher", "Language model"]
    assert diff["Cipher"] == ["Caesar", "none"] and diff["Key"] == ["+13", "none"]
