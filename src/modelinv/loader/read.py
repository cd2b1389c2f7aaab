"""Read a catalog file's bytes without trusting the path: no symlinks, FIFOs or huge files."""

from __future__ import annotations

import os
import stat

from modelinv.checks.rules import yml010_file_refused as refused
from modelinv.findings import Finding, Location

MAX_FILE_BYTES = 1024 * 1024


def read_bytes(path: str, display: str, limit: int = MAX_FILE_BYTES) -> bytes | Finding:
    """The file's bytes, or a finding that says why it was not read."""
    where = Location(display, 1, 1)
    try:
        info = os.lstat(path)
    except OSError as exc:
        return refused.RULE.at(where, f"cannot read file: {exc.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return refused.RULE.at(
            where,
            "symbolic link refused",
            hint="commit the entity as a regular file, not a link",
        )
    if not stat.S_ISREG(info.st_mode):
        return refused.RULE.at(where, "not a regular file (FIFO, device or directory) refused")
    if info.st_size > limit:
        return _too_big(where, info.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return refused.RULE.at(where, f"cannot open file: {exc.strerror}")
    try:
        # The path may have been swapped since lstat: check what was actually opened.
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            return refused.RULE.at(where, "not a regular file refused")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        return _too_big(where, len(data), limit)
    return data


def _too_big(where: Location, size: int, limit: int) -> Finding:
    return refused.RULE.at(
        where,
        f"file is {size} bytes, over the {limit}-byte limit",
        hint="a catalog entry is a few kilobytes; move large text to linked documentation",
    )
