"""Atomic writes: a file replaced whole, from one piece or many, keeping its permissions."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelinv.support.atomic import TEMP_NAME, write_bytes_atomic


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
