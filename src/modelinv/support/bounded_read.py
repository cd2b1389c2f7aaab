"""Read a file whose path a pull request may control: regular files only, up to a limit.

Every file modelinv reads from a repository (catalog files, CODEOWNERS, usage data,
manifests, generated docs) goes through `read_regular`, so a FIFO blocks nothing, a link to
`/dev/zero` grows nothing and a huge file is refused before it is read.

The bytes are read with `os.read` sized from `fstat` (plus one byte to notice growth), not
with `handle.read(limit + 1)`: that allocates the whole limit first (a separate memory
mapping above glibc's mmap threshold) and shrinks it afterwards, which leaves one mapping
per file alive for as long as the bytes are kept; at ~65,500 kept files the process hits
`vm.max_map_count` and can no longer start a thread.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

GROWTH_CHUNK = 64 * 1024  # read size once a file turns out larger than fstat said


class ReadRefused(Exception):
    """The path was not read; `reason` says why in a few words."""

    def __init__(self, reason: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size  # set when the file is over the limit


def too_large(size: int, limit: int) -> ReadRefused:
    return ReadRefused(f"file is {size} bytes, over the {limit}-byte limit", size)


def read_regular(path: str | Path, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises `ReadRefused` for a symbolic link (unless `follow_symlinks`), anything that is
    not a regular file (FIFO, device, directory), a file over `limit` bytes, or an OS error.
    """
    try:
        # os.stat, not Path(path).stat(): this runs once per catalog file and a Path costs
        # more than the system call.
        info = os.stat(path, follow_symlinks=follow_symlinks)  # noqa: PTH116
    except OSError as exc:
        raise ReadRefused(f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise ReadRefused("symbolic link refused")
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused("not a regular file (FIFO, device or directory) refused")
    if info.st_size > limit:
        raise too_large(info.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadRefused(f"cannot open file: {exc.strerror or exc}") from None
    try:
        # The path may have been swapped since the stat: judge what was actually opened.
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise ReadRefused("not a regular file refused")
        if opened.st_size > limit:
            raise too_large(opened.st_size, limit)
        return _read_fd(fd, opened.st_size, limit)
    except OSError as exc:
        raise ReadRefused(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def regular_text(path: str | Path, limit: int) -> str | None:
    """The text of the regular file at `path` (links followed, undecodable bytes replaced),
    or None when it is missing or refused: for comparing a generated file with its copy."""
    try:
        return read_regular(path, limit, follow_symlinks=True).decode("utf-8", "replace")
    except ReadRefused:
        return None


def _read_fd(fd: int, expected: int, limit: int) -> bytes:
    """Up to `limit` bytes: `expected` (from fstat) and one more in the first read, then
    small chunks only if the file grew while being read."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        want = expected + 1 - total if total <= expected else GROWTH_CHUNK
        chunk = os.read(fd, min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise too_large(total, limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
