"""Reading the user's text (a file or standard input): bounded, in chunks, UTF-8 or a refusal.

One reader serves every piece of user text: a training file, the generalisation probe's
file, the CLI's ``--file`` and standard input. It reads at most :data:`MAX_FILE_BYTES` + 1
bytes, :data:`CHUNK_BYTES` at a time, so a source whose size the file system does not know
(``/dev/zero``, ``/dev/urandom``, a named pipe, an endless pipe on standard input, all of
size 0 to ``stat``) costs no more than a real 64 MiB file. The size ``stat`` reports is used
only to refuse a big regular file before reading it, never as the bound.

Every refusal is one sentence naming the source and what is wrong (missing, a folder, a
named pipe nothing writes to, too long, binary, UTF-16 or UTF-32, not UTF-8), fit for a CLI
error line or the window's status. Nothing here imports torch or Qt.
"""

from __future__ import annotations

import codecs
import os
import shlex
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MAX_FILE_BYTES = 64 * 2**20
"""Most bytes of text read from one source (64 MiB: a few hundred novels)."""

CHUNK_BYTES = 2**20
"""Bytes read at a time; each becomes one piece of text (see :func:`read_text_pieces`)."""

WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16's: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
"""Byte-order marks of the encodings a text editor may save in instead of UTF-8."""

SNIFFED_BYTES = 4096
"""Bytes at the start of a source checked for UTF-16's pattern (ASCII text is a NUL byte in
every other position)."""


class TextFileError(ValueError):
    """A text source that cannot be used: missing, binary, not UTF-8, too big or too short.

    The message is one sentence naming the source and what is wrong, fit for a CLI error
    line or the window's status.
    """


def read_text_pieces(source: str | os.PathLike | BinaryIO, name: str | None = None) -> list[str]:
    """The text of a UTF-8 file or stream, as pieces of at most 1 MiB each.

    Reads at most :data:`MAX_FILE_BYTES` + 1 bytes, :data:`CHUNK_BYTES` at a time, whatever
    the size the file system reports; a UTF-8 byte-order mark at the start is dropped. A
    named pipe (FIFO) is opened without waiting: one that no program writes to is refused
    at once rather than waited for.

    Parameters
    ----------
    source : str, os.PathLike or binary file object
        A path, or an open binary stream such as ``sys.stdin.buffer`` (read to its end; not
        closed).
    name : str, optional
        The source in messages (default: the path's file name; give one for a stream, e.g.
        ``"standard input"``).

    Returns
    -------
    list of str
        Their concatenation is the text; each piece is the decoding of at most
        :data:`CHUNK_BYTES` bytes (no piece is empty; an empty source gives ``[]``).

    Raises
    ------
    TextFileError
        If the source is missing, a folder, unreadable, a named pipe nothing writes to, over
        :data:`MAX_FILE_BYTES`, UTF-16 or UTF-32 (the message says how to convert it), binary
        (it holds a NUL byte) or not valid UTF-8; the message says which.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        shown = name or path.name or str(path)
        with _opened(path, shown) as (first, stream):
            return _decode(_chunks(first, stream, shown), shown, path)
    return _decode(_chunks(b"", source, name or "the text"), name or "the text", None)


def read_text_file(path: str | os.PathLike, name: str | None = None) -> str:
    """The text of a UTF-8 file: :func:`read_text_pieces` joined (same rules and errors).

    Raises
    ------
    TextFileError
        As :func:`read_text_pieces`.
    """
    return "".join(read_text_pieces(path, name))


@contextmanager
def _opened(path: Path, name: str) -> Iterator[tuple[bytes, BinaryIO]]:
    """Open ``path`` for reading; yields the bytes already read (a pipe's) and the stream.

    A named pipe's ``open`` waits until some program opens it for writing, for ever if none
    does, so every path is opened non-blocking (a regular file ignores that) and a named pipe
    is probed (:func:`_probe_pipe`); then the stream is read blocking, like any pipe.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise TextFileError(f"{name}: no such file.") from None
    except OSError as exc:
        if path.is_dir():  # Windows cannot open a folder at all
            raise TextFileError(f"{name} is a folder, not a text file.") from None
        raise TextFileError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise TextFileError(f"{name} is a folder, not a text file.")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
            raise TextFileError(
                f"{name} is {info.st_size / 2**20:,.0f} MiB; text files over "
                f"{MAX_FILE_BYTES // 2**20} MiB are not read."
            )
        first = _probe_pipe(fd, name) if stat.S_ISFIFO(info.st_mode) else b""
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        yield first, stream


def _probe_pipe(fd: int, name: str) -> bytes:
    """The bytes a named pipe holds now; refuses one that no program has open for writing.

    Read non-blocking, a pipe with no writer reads as its end (``b""``) and one whose writer
    has written nothing yet raises :class:`BlockingIOError`: then it is read like any pipe.
    """
    try:
        data = os.read(fd, CHUNK_BYTES)
    except BlockingIOError:
        return b""
    except OSError as exc:
        raise TextFileError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if not data:
        raise TextFileError(
            f"{name} is a named pipe (FIFO) that nothing is writing to; start the program "
            "that writes it first, or send the text to standard input."
        )
    return data


def _chunks(first: bytes, stream: BinaryIO, name: str) -> Iterator[bytes]:
    """The source's bytes in chunks of :data:`CHUNK_BYTES` (the last may be shorter).

    Raises :class:`TextFileError` once more than :data:`MAX_FILE_BYTES` have been read: at
    most one byte past the limit is ever read.
    """
    total, pending = 0, first
    while True:
        want = min(CHUNK_BYTES, MAX_FILE_BYTES + 1 - total) - len(pending)
        try:
            chunk = pending + (stream.read(want) if want > 0 else b"")
        except OSError as exc:
            raise TextFileError(f"{name} cannot be read: {exc.strerror or exc}.") from None
        pending = b""
        if not chunk:
            return
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise TextFileError(
                f"{name} is over {MAX_FILE_BYTES // 2**20} MiB; text over "
                f"{MAX_FILE_BYTES // 2**20} MiB is not read."
            )
        yield chunk


def _decode(chunks: Iterator[bytes], name: str, path: Path | None) -> list[str]:
    """Decode UTF-8 chunks to pieces of text, refusing binary and wide (UTF-16/32) text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pieces: list[str] = []
    offset = 0  # bytes decoded before the current chunk
    for chunk in chunks:
        if offset == 0:
            _check_not_wide(chunk, name, path)
        if b"\0" in chunk:
            raise TextFileError(f"{name} is a binary file, not text (it holds NUL bytes).")
        held = len(decoder.getstate()[0])  # an incomplete character from the last chunk
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _not_utf8(name, exc, offset - held) from None
        if text and not pieces and text[0] == "\ufeff":
            text = text[1:]  # the UTF-8 byte-order mark some editors write
        if text:
            pieces.append(text)
        offset += len(chunk)
    held = len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # the text ends inside a character
        raise _not_utf8(name, exc, offset - held) from None
    return pieces


def _not_utf8(name: str, exc: UnicodeDecodeError, base: int) -> TextFileError:
    """The refusal of text that is not UTF-8; ``base`` is the offset of ``exc.object``."""
    return TextFileError(
        f"{name} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset "
        f"{base + exc.start:,}); save it as UTF-8 and try again."
    )


def _check_not_wide(start: bytes, name: str, path: Path | None) -> None:
    """Refuse text saved as UTF-16 or UTF-32, saying how to convert it to UTF-8.

    Recognised by its byte-order mark, or (UTF-16 without one) by NUL bytes in most of one
    parity of positions and almost none of the other, as ASCII text in UTF-16 has.
    """
    encoding = next((enc for bom, enc in WIDE_BOMS if start.startswith(bom)), None)
    if encoding is None:
        sample = start[:SNIFFED_BYTES]
        pairs = len(sample) // 2
        even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
        most, least = max(even, odd), min(even, odd)
        if pairs and most >= pairs / 4 and least * 8 <= most:
            encoding = "UTF-16"
    if encoding is None:
        return
    if path is not None:
        converted = shlex.quote(str(path.with_name(f"{path.stem}-utf8{path.suffix or '.txt'}")))
        how = f"iconv -f {encoding} -t UTF-8 {shlex.quote(str(path))} > {converted}"
    else:
        how = f"pipe it through iconv -f {encoding} -t UTF-8"
    raise TextFileError(
        f"{name} is {encoding} text, not UTF-8; save it as UTF-8 in your editor (or convert "
        f"it: {how}) and try again."
    )
