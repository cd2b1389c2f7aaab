"""Work on a list split in two: the first half in a forked process, the rest here.

For long CPU-bound passes that run where the other core may be idle (the health history's
past versions, made by one of the site build's two processes while the other finishes
early and waits). The child inherits everything by fork, so nothing is sent to it; its
results come back pickled through a file of a private folder (mode 0700) and are read
once it has exited. Whatever goes wrong in the child (an exception, a signal, a full
disk), this process does the child's half itself: the results are the same either way,
only slower. Without fork (not POSIX), in a process running other threads, with no
process to be had or no temporary folder, everything is done here.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_two(items: Sequence[T], work: Callable[[Sequence[T]], list[R]]) -> list[R]:
    """`work(items)`, as `work(first half) + work(second half)`: the first half in a forked
    child while this process does the second. `work` must be a pure function of its items
    (and of what the process already holds), giving one result per item, in order."""
    if len(items) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        # With another thread running, a lock it holds would stay held in the child for
        # ever (and Python 3.12 warns of it): a process with a worker pool's threads does
        # all the work itself. The site build's workers, which make the health page, have
        # none.
        return work(items)
    half = len(items) // 2
    first, second = items[:half], items[half:]
    try:
        folder = tempfile.mkdtemp(prefix="modelinv-half-")
    except OSError:  # no writable temporary folder: no way back for the child's results
        return work(items)
    try:
        return _split(first, second, work, Path(folder, "results"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _split(
    first: Sequence[T], second: Sequence[T], work: Callable[[Sequence[T]], list[R]], spool: Path
) -> list[R]:
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a process limit): all of it here
        return work(first) + work(second)
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        _child(lambda: work(first), spool)
    try:
        mine = work(second)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    theirs: list[R] | None = None
    if os.waitstatus_to_exitcode(status) == 0:
        theirs = _results(spool)
    if theirs is None or len(theirs) != len(first):
        theirs = work(first)
    return theirs + mine


def _child(make: Callable[[], list[R]], spool: Path) -> None:  # pragma: no cover - see above
    """In the forked child: write `make()`'s results and leave at once, with no clean-up
    of what the parent still owns (its open files, its temporary folder, its exit
    handlers): `os._exit`, whatever happens."""
    code = 1
    try:
        with spool.open("xb") as out:
            pickle.dump(make(), out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


def _results(spool: Path) -> list[R] | None:
    try:
        results: list[R] = pickle.loads(spool.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return results
