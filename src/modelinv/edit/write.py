"""Put a checked Change on disk atomically, unless the file changed since it was read.

Concurrent edits of one file (two people, or a script running twenty at once) must never
lose an update. Every edit therefore runs its read-modify-write under an exclusive
`flock` on the folder that holds the file (a folder is never replaced by the rename that
replaces the file, and no lock file is left in the catalog for `git add -A` to commit),
and compares the file with what the change was computed from once more right before the
rename. An edit either lands on top of every earlier one or exits non-zero with a message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from modelinv.edit.result import Change, LinkRefused, Refused
from modelinv.loader.read import MAX_FILE_BYTES
from modelinv.support.atomic import write_bytes_atomic
from modelinv.support.bounded_read import ReadRefused, read_regular
from modelinv.support.safe_paths import symlink_on_path

LOCK_TIMEOUT_SECONDS = 60.0
_LOCK_POLL_SECONDS = 0.02
_CHANGED = "the file changed while editing; nothing written, run again"


def edit_locked(make: Callable[[], Change]) -> Change:
    """Compute a change and write it while holding the folder's edit lock.

    `make` runs once to learn which file it changes, then again under the lock, so the
    change written is computed from the file as it is after every earlier edit landed. A
    write that fails (a full disk, a folder without write permission) is refused naming
    the file; the file is as it was.
    """
    change = make()
    if not change.changed:
        return change
    try:
        with folder_lock(change.path.parent, change.display):
            change = make()
            write_change(change)
    except OSError as exc:
        reason = f"cannot write the file: {exc.strerror or exc}; nothing written"
        raise Refused(change.display, [reason]) from None
    return change


@contextmanager
def folder_lock(folder: Path, display: str) -> Iterator[None]:
    """An exclusive lock on `folder` (or its nearest existing parent) for edits."""
    existing = folder
    while not existing.is_dir() and existing != existing.parent:
        existing = existing.parent
    fd = os.open(existing, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise Refused(
                        display,
                        [
                            f"another edit has held the lock on {existing} for over "
                            f"{LOCK_TIMEOUT_SECONDS:.0f} s; nothing written, run again"
                        ],
                    ) from None
                time.sleep(_LOCK_POLL_SECONDS)
        yield  # the lock is released when the folder is closed
    finally:
        os.close(fd)


def refuse_links(path: Path, display: str, base: Path | None = None) -> None:
    """Raise `LinkRefused` when `path` or a folder on the way to it below `base` (the
    working directory by default; see `support.safe_paths`) is a symbolic link: a pull
    request can make `catalog/models` a link, and a write through it lands anywhere."""
    link = symlink_on_path(path, base)
    if link is None:
        return
    try:
        shown = link.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = link.as_posix()
    raise LinkRefused(
        display,
        [
            f"{shown} is a symbolic link (to {link.readlink()}); nothing is written through "
            "a link: make it a real folder of the catalog"
        ],
    )


def write_change(change: Change) -> None:
    """Write `change.after` (temp file + rename, mode kept); a failure leaves the file as
    it was. Call it under `folder_lock` (see `edit_locked`). Never through a link."""
    if not change.changed:
        return
    path = change.path
    refuse_links(path, change.display)
    if change.before is None:
        _check_absent(change)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, change.after, before_rename=lambda: _check_absent(change))
        return
    _check_unchanged(change)
    _refuse_read_only(change)
    write_bytes_atomic(path, change.after, before_rename=lambda: _check_unchanged(change))


def _refuse_read_only(change: Change) -> None:
    """The rename needs only the folder to be writable, so it would replace a file its
    owner made read-only (and keep it read-only): honour the mark as `open()` would, even
    run as root, whom `os.access` never denies."""
    path = change.path
    if path.stat().st_mode & 0o222 and os.access(path, os.W_OK):
        return
    raise Refused(
        change.display,
        ["the file is read-only; nothing written: make it writable (chmod u+w) and run again"],
    )


def _check_absent(change: Change) -> None:
    if change.path.exists() or change.path.is_symlink():
        raise Refused(change.display, ["the file appeared while editing; nothing written"])


def _check_unchanged(change: Change) -> None:
    try:
        current = read_regular(change.path, MAX_FILE_BYTES)
    except ReadRefused:
        raise Refused(change.display, [_CHANGED]) from None
    if current != change.before:
        raise Refused(change.display, [_CHANGED])
