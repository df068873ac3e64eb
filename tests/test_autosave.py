"""The autosave under failure: a full disk, a killed write, two processes at once (issue 19)."""

from __future__ import annotations

import errno
import multiprocessing
import os

import pytest

from cipherlab.core.ciphers import SEED_CIPHER
from cipherlab.core.network import CipherRNN
from cipherlab.core.settings import ModelConfig
from cipherlab.core.storage import Autosave, ModelBundle, ModelFileError, load_model


def bundle(hidden_size: int) -> ModelBundle:
    return ModelBundle(CipherRNN(ModelConfig(hidden_size=hidden_size)), SEED_CIPHER, {})


def sizes(autosave: Autosave) -> list[int]:
    """The hidden sizes of the kept copies, newest first."""
    return [load_model(p).model.config.hidden_size for p in autosave.paths()]


def test_a_full_disk_keeps_every_earlier_copy_and_the_newest_offered(tmp_path, monkeypatch):
    from cipherlab.core.storage import atomic_write

    autosave = Autosave(tmp_path, keep=3)
    for hidden in (4, 5, 6):
        autosave.write(bundle(hidden))
    real_fsync = os.fsync

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "fsync", disk_full)
    for hidden in (7, 8):  # each failed write dropped one more copy before
        with pytest.raises(ModelFileError, match="No space left on device"):
            autosave.write(bundle(hidden))
    monkeypatch.setattr(atomic_write.os, "fsync", real_fsync)
    assert sizes(autosave) == [6, 5, 4]
    assert autosave.pending and Autosave(tmp_path, keep=3).pending
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".autosave")) == [
        ".autosave.lock"
    ]  # no temporary file left


def test_a_write_killed_after_moving_the_copies_down_is_finished_at_the_next_start(tmp_path):
    from cipherlab.core.storage import save_model

    autosave = Autosave(tmp_path)
    autosave.write(bundle(4))
    autosave.clear_pending()  # the user declined it
    # what a kill leaves between the moves and the last rename: the new copy complete
    # under its incoming name, the old newest moved down, no newest, no marker
    save_model(tmp_path / "autosave-incoming.safetensors", bundle(9))
    os.replace(autosave.path, tmp_path / "autosave-1.safetensors")
    again = Autosave(tmp_path)
    assert again.pending  # was hidden from the start-up offer before
    assert sizes(again) == [9, 4]
    assert not (tmp_path / "autosave-incoming.safetensors").exists()


def _autosave_many(folder: str, first_hidden: int, count: int) -> list[str]:
    autosave = Autosave(folder)
    failures = []
    for hidden in range(first_hidden, first_hidden + count):
        try:
            autosave.write(bundle(hidden))
        except ModelFileError as exc:
            failures.append(str(exc))
    return failures


def test_two_processes_autosaving_at_once_lose_nothing(tmp_path):
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        failures = pool.starmap(
            _autosave_many, [(str(tmp_path), 10 + 40 * i, 30) for i in range(3)]
        )
    assert failures == [[], [], []]  # 1-4 of 30 failed with "No such file or directory" before
    autosave = Autosave(tmp_path)
    kept = sizes(autosave)
    assert len(kept) == autosave.keep and len(set(kept)) == autosave.keep
    assert autosave.pending
