"""Atomic file writes: a temporary file in the same folder, then a rename.

The temporary file is `.NAME.XXXXXXXX.tmp` beside the target (`TEMP_NAME` matches it). It
is removed whatever ends the write: an exception, Ctrl-C (SIGINT), or SIGTERM / SIGHUP
(turned into an exception while a write is under way, then the process exits with
128 + the signal number as the signal would have ended it). Only SIGKILL or a crash of
the machine can leave one behind; `modelinv validate` reports those (rule TMP001).
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

TEMP_SUFFIX = ".tmp"
# What `write_bytes_atomic` names its temporary files: "." + target name + "." + 8
# characters from tempfile's alphabet + ".tmp".
TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")
_CLEANUP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Terminated(SystemExit):
    """A signal ended the process during a write; the temporary file was removed."""


def write_bytes_atomic(
    path: Path,
    data: bytes | Iterable[bytes],
    mode: int | None = None,
    *,
    durable: bool = True,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Replace `path` with `data` so readers see the old or the new file, never a mix.
    `data` may come in pieces (written one after the other), so a large file need not be
    joined in memory first.

    Keeps the existing file's permission bits unless `mode` is given. `durable=False`
    skips the fsync, for files that may be lost in a crash (a cache), not corrupted.
    `before_rename` runs once the new bytes are on disk, right before the rename: an
    exception from it leaves `path` as it was (edits compare the file one last time).
    """
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    with _signals_raise():
        _write_and_rename(path, data, mode, durable, before_rename)


def _write_and_rename(
    path: Path,
    data: bytes | Iterable[bytes],
    mode: int,
    durable: bool,
    before_rename: Callable[[], None] | None,
) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in _pieces(data):
                handle.write(piece)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        if before_rename is not None:
            before_rename()
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While a write is under way, SIGTERM and SIGHUP raise `Terminated` (so the write's
    cleanup runs) instead of ending the process on the spot. Only the main thread can
    install handlers; elsewhere, and for signals someone else handles, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in _CLEANUP_SIGNALS:
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, _raise_terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_terminated(number: int, _frame: FrameType | None) -> None:
    raise Terminated(128 + number)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_output(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a command's `--out` file: atomically (`write_bytes_atomic`) when it is a
    regular file or not there yet; straight into it when it is there as something else, a
    device (`--out /dev/stdout`, `/dev/null`), a pipe (`--out >(gzip > x.gz)`) or a
    socket. A rename would replace such a file, and run as root (a CI container) it
    replaced /dev/null itself with the report."""
    try:
        info = path.stat()  # through links: /dev/stdout is one to /proc/self/fd/1
    except (FileNotFoundError, NotADirectoryError):
        info = None
    if info is None or stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        write_bytes_atomic(path, data)  # a folder: refused by the rename, as it should be
        return
    with path.open("wb") as handle:
        for piece in _pieces(data):
            handle.write(piece)


def _pieces(data: bytes | Iterable[bytes]) -> Iterable[bytes]:
    return (data,) if isinstance(data, bytes) else data


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
