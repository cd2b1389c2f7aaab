"""Atomic writes: a file replaced whole, from one piece or many, keeping its permissions."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelinv.support.atomic import TEMP_NAME, write_bytes_atomic, write_output


def test_pieces_are_written_one_after_the_other(tmp_path: Path) -> None:
    target = tmp_path / "rows.cache"
    target.write_bytes(b"old")
    target.chmod(0o640)
    pieces = [b"mac:", b"table;", b"payload-1", b"", b"payload-2"]
    write_bytes_atomic(target, iter(pieces), durable=False)
    assert target.read_bytes() == b"mac:table;payload-1payload-2"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_bytes_atomic(target, b"one piece")
    assert target.read_bytes() == b"one piece"


def test_a_failing_piece_leaves_the_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "payloads"
    target.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"new, half written"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, pieces())
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if TEMP_NAME.fullmatch(p.name)]


def _read_fifo(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader of the pipe `fifo`, on a thread (a writer's open blocks until it opens)."""
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


def test_output_into_a_pipe_is_written_through_it_not_replaced(tmp_path: Path) -> None:
    """`--out >(gzip > x.gz)`, `/dev/stdout`, `/dev/null`: a rename would put a regular
    file in the pipe's (the device's) place; the bytes go through it instead."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = _read_fifo(fifo)
    write_output(fifo, (b"first ", b"second"))
    thread.join(timeout=10)
    assert got == [b"first second"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file


def test_output_through_a_link_to_a_pipe_is_written_into_the_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"
    link.symlink_to(fifo)  # as /dev/stdout -> /proc/self/fd/1
    thread, got = _read_fifo(fifo)
    write_output(link, b"through")
    thread.join(timeout=10)
    assert got == [b"through"] and link.is_symlink()


def test_output_to_a_regular_file_is_atomic_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    before = target.stat().st_ino
    write_output(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_ino != before  # replaced by a rename, not written in place
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_output(tmp_path / "fresh.md", b"made")
    assert (tmp_path / "fresh.md").read_bytes() == b"made"
    with pytest.raises(OSError):
        write_output(tmp_path, b"a folder is refused")
