"""The one bounded reader of the user's text: files, devices, named pipes and streams."""

from __future__ import annotations

import io
import os
import sys
import threading
from pathlib import Path

import pytest

from cipherlab.core.text import MAX_FILE_BYTES, TextFileError, read_text_file, read_text_pieces
from cipherlab.core.text.reading import CHUNK_BYTES

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux devices and pipes")


class EndlessText(io.RawIOBase):
    """A stream of ``a`` that never ends, counting the bytes handed out."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"a" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_an_endless_stream_is_refused_after_at_most_one_byte_past_the_limit():
    stream = EndlessText()
    with pytest.raises(TextFileError) as caught:
        read_text_pieces(stream, "standard input")  # type: ignore[arg-type]
    assert str(caught.value) == "standard input is over 64 MiB; text over 64 MiB is not read."
    assert stream.given == MAX_FILE_BYTES + 1


@linux_only
def test_dev_zero_whose_size_is_0_is_refused_as_binary_after_one_chunk():
    assert Path("/dev/zero").stat().st_size == 0  # what the old size check trusted
    with pytest.raises(TextFileError) as caught:
        read_text_file("/dev/zero")
    assert str(caught.value) == "zero is a binary file, not text (it holds NUL bytes)."
    with pytest.raises(TextFileError, match=r"^/dev/urandom is a binary file, not text"):
        read_text_pieces("/dev/urandom", name="/dev/urandom")


@linux_only
def test_a_named_pipe_nothing_writes_to_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(TextFileError) as caught:  # the old reader waited in open() for ever
        read_text_file(fifo)
    assert str(caught.value) == (
        "pipe is a named pipe (FIFO) that nothing is writing to; start the program that "
        "writes it first, or send the text to standard input."
    )


@linux_only
def test_a_named_pipe_with_a_writer_is_read_to_its_end(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    keeper = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # never reads; the writer never waits
    writer = os.open(fifo, os.O_WRONLY)
    feed = threading.Thread(target=lambda: (os.write(writer, "héllo\n".encode()), os.close(writer)))
    feed.start()  # before or after the reader's first look: either way it reads the text
    try:
        assert read_text_file(fifo) == "héllo\n"
    finally:
        feed.join()
        os.close(keeper)


def test_utf16_is_named_with_how_to_convert_it(tmp_path):
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):  # with a byte-order mark, and without
        path = tmp_path / "notes.txt"
        path.write_bytes("Attack at dawn\n".encode(encoding))
        with pytest.raises(TextFileError) as caught:
            read_text_file(path)
        assert str(caught.value) == (
            "notes.txt is UTF-16 text, not UTF-8; save it as UTF-8 in your editor (or convert "
            f"it: iconv -f UTF-16 -t UTF-8 {path} > {tmp_path / 'notes-utf8.txt'}) and try again."
        )
    with pytest.raises(TextFileError) as caught:
        read_text_pieces(io.BytesIO("Hi".encode("utf-32")), "standard input")
    assert str(caught.value) == (
        "standard input is UTF-32 text, not UTF-8; save it as UTF-8 in your editor (or convert "
        "it: pipe it through iconv -f UTF-32 -t UTF-8) and try again."
    )


def test_binary_files_with_some_nul_bytes_stay_binary_not_utf16(tmp_path):
    for data in (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x7fELF\x02\x01\x01\x00\x00\x00"):
        path = tmp_path / "file.bin"
        path.write_bytes(data)
        with pytest.raises(TextFileError, match=r"^file.bin is a binary file, not text"):
            read_text_file(path)


def test_text_is_read_in_pieces_that_split_no_character(tmp_path):
    text = "a" * (CHUNK_BYTES - 1) + "é" + "b" * CHUNK_BYTES + "👋"  # é straddles chunk 1 and 2
    path = tmp_path / "long.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    pieces = read_text_pieces(path)
    assert len(pieces) == 3 and "".join(pieces) == text
    assert all(len(piece.encode()) <= CHUNK_BYTES for piece in pieces)
    assert read_text_pieces(io.BytesIO(b"")) == []


def test_a_bad_byte_after_the_first_chunk_gives_its_offset_in_the_file(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"a" * (CHUNK_BYTES + 5) + b"\xe9t\xe9")
    with pytest.raises(TextFileError) as caught:
        read_text_file(path)
    assert str(caught.value) == (
        "mixed.txt is not UTF-8 text (byte 0xe9 at offset 1,048,581); save it as UTF-8 and "
        "try again."
    )
    path.write_bytes("café".encode()[:-1])  # ends inside a character
    with pytest.raises(TextFileError, match=r"\(byte 0xc3 at offset 3\)"):
        read_text_file(path)


def test_a_big_regular_file_is_refused_by_its_size_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(65 * 2**20)  # sparse: nothing is written
    with pytest.raises(TextFileError) as caught:
        read_text_file(path)
    assert str(caught.value) == "big.txt is 65 MiB; text files over 64 MiB are not read."
