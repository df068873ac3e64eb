"""The one atomic writer: text and bytes, nothing half-written, no litter, no shared temp names."""

from __future__ import annotations

import os

import pytest

from cipherlab.core.storage import open_atomically, write_atomically


def test_text_and_bytes_are_written_whole(tmp_path):
    target = tmp_path / "notes.txt"
    write_atomically(target, "ZEBRAS\r\nLEMON\n")
    assert target.read_bytes() == b"ZEBRAS\r\nLEMON\n"  # no newline translation
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_atomically(target) as fh:
        fh.write("half a ")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["runs.csv"]


def test_two_writes_to_one_target_use_different_temporary_files(tmp_path):
    target = tmp_path / "model.safetensors"
    with open_atomically(target, binary=True) as first:
        with open_atomically(target, binary=True) as second:
            assert first.name != second.name
            first.write(b"first")
            second.write(b"second")
        assert target.read_bytes() == b"second"
    assert target.read_bytes() == b"first"  # the last to finish wins, whole
    assert sorted(os.listdir(tmp_path)) == ["model.safetensors"]


def test_a_missing_folder_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing" / "x.txt", "x")
