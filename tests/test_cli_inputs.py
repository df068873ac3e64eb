"""What the commands read: the one bounded reader for files and standard input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cipherlab.cli import main

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux devices and pipes")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@linux_only
def test_dev_zero_is_refused_at_once_as_binary(capsys):
    # its size is 0 to stat, so the old 64 MiB check let it through and memory grew for ever
    assert run(capsys, "encrypt", "--file", "/dev/zero") == (
        1,
        "",
        "cipherlab: error: /dev/zero is a binary file, not text (it holds NUL bytes).\n",
    )
    code, out, err = run(capsys, "crack", "--file", "/dev/urandom")
    assert (code, out) == (1, "")
    assert err.startswith("cipherlab: error: /dev/urandom is a binary file, not text")


@linux_only
def test_endless_standard_input_is_refused_past_64_mib():
    proc = subprocess.run(
        ["bash", "-c", f"yes HELLO | {sys.executable} -m cipherlab encrypt -"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr == (
        b"cipherlab: error: standard input is over 64 MiB; text over 64 MiB is not read.\n"
    )


@linux_only
def test_a_named_pipe_nothing_writes_to_is_refused_at_once(capsys, tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "decrypt", "--file", str(fifo))
    assert (code, out) == (1, "")
    assert err == (
        f"cipherlab: error: {fifo} is a named pipe (FIFO) that nothing is writing to; start "
        "the program that writes it first, or send the text to standard input.\n"
    )


def test_a_utf16_file_is_named_and_how_to_convert_it_said(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("Attack at dawn".encode("utf-16"))
    code, out, err = run(capsys, "encrypt", "--file", str(path))
    assert (code, out) == (1, "")
    assert err == (
        f"cipherlab: error: {path} is UTF-16 text, not UTF-8; save it as UTF-8 in your editor "
        f"(or convert it: iconv -f UTF-16 -t UTF-8 {path} > {tmp_path / 'notes-utf8.txt'}) and "
        "try again.\n"
    )


def test_refusing_a_file_never_loads_torch(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    code = (
        "import sys; from cipherlab.cli import main; "
        f"status = main(['encrypt', '--file', {str(path)!r}]); "
        "print(status, 'torch' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout == "1 False\n"
    assert proc.stderr == (
        f"cipherlab: error: {path} is a binary file, not text (it holds NUL bytes).\n"
    )
