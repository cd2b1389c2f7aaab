"""Half the work in a forked process: the same results, in order, and the same again
when the child fails."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence

import pytest

from modelinv.support.forked_half import in_two

PARENT = os.getpid()


def tagged(items: Sequence[int]) -> list[tuple[int, int]]:
    """Each item squared, with the process that worked it out."""
    return [(item * item, os.getpid()) for item in items]


def test_the_first_half_is_worked_out_in_a_child_and_comes_back_in_order() -> None:
    results = in_two(range(11), tagged)
    assert [value for value, _ in results] == [n * n for n in range(11)]
    first, second = results[:5], results[5:]
    assert {pid for _, pid in second} == {PARENT}
    assert len({pid for _, pid in first}) == 1 and first[0][1] != PARENT


@pytest.mark.parametrize("failure", ["raise", "exit", "garbage"])
def test_a_failing_child_leaves_its_half_to_this_process(failure: str) -> None:
    def work(items: Sequence[int]) -> list[tuple[int, int]]:
        if os.getpid() != PARENT:
            if failure == "raise":
                raise RuntimeError("boom")
            if failure == "exit":
                os._exit(0)  # no results written, yet a clean exit
            return [(0, 0)]  # a wrong number of results
        return tagged(items)

    results = in_two(range(10), work)
    assert results == [(n * n, PARENT) for n in range(10)]


def test_an_error_here_stops_the_child_and_is_raised() -> None:
    def work(items: Sequence[int]) -> list[int]:
        if os.getpid() == PARENT:
            raise ValueError("here")
        while True:  # the child would never end on its own
            pass

    with pytest.raises(ValueError, match="here"):
        in_two(range(4), work)


def test_a_list_too_short_to_split_is_worked_here() -> None:
    assert in_two([3], tagged) == [(9, PARENT)]
    assert in_two([], tagged) == []


def test_without_a_process_or_a_temporary_folder_all_is_worked_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fork", no_fork)
        assert in_two(range(6), tagged) == [(n * n, PARENT) for n in range(6)]

    def no_folder(prefix: str = "") -> str:
        raise PermissionError("read-only")

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    assert in_two(range(6), tagged) == [(n * n, PARENT) for n in range(6)]


def test_a_process_running_another_thread_does_not_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert in_two(range(6), tagged) == [(n * n, PARENT) for n in range(6)]
    finally:
        stop.set()
        other.join()
    assert in_two(range(6), tagged)[0][1] != PARENT  # alone again, it forks
