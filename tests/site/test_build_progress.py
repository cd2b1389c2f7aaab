"""While the build waits for the page a worker is still making (the health history of a
long or busy git history can take minutes), it says how far that worker has come."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from site_support import EXAMPLE_CATALOG

from git_support import GitRepo
from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.site import builder, model_pages
from modelinv.site.builder import build_site
from modelinv.site.health_history import health_history
from modelinv.site.model_pages import Written, watched

pytestmark = pytest.mark.usefixtures("hermetic_git")


def test_watched_tells_until_the_future_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_pages, "WATCH_S", 0.01)
    counts = iter(range(1_000))
    told: list[tuple[str, int, int]] = []

    def slow() -> list[Written] | None:
        time.sleep(0.2)
        return []

    with ThreadPoolExecutor(1) as pool:
        future: Future[list[Written] | None] = pool.submit(slow)
        watched(future, lambda: ("step", next(counts), 9), lambda *shown: told.append(shown))
        assert future.done()
    assert len(told) >= 3 and [t[1] for t in told] == sorted(t[1] for t in told)
    assert {(t[0], t[2]) for t in told} == {("step", 9)}


def test_a_build_tells_the_health_history_a_worker_judges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with a worker: its health history reports each past version judged, and
    this process tells it while it waits for that worker (the history held back until
    this process waits, then slowed down, so the order never depends on timing)."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=EXAMPLE_CATALOG)
    model = sorted((repo.catalog / "models").glob("*.yaml"))[0].relative_to(repo.catalog)
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        repo.edit(model.as_posix(), "title: ", f"title: {day} ")
        repo.commit(day, when=f"{day}T12:00:00+00:00")
    catalog = load_inventory(repo.catalog, Options(today=dt.date(2026, 11, 26)))
    waiting = multiprocessing.get_context("fork").Event()  # shared with the forked worker

    def held_history(*args: Any) -> Any:
        progress: Callable[[int, int], None] = args[4]

        def slowly(done: int, total: int) -> None:
            progress(done, total)
            if done == 0:
                assert waiting.wait(10)  # until this process waits for the worker
            time.sleep(0.2)

        inventory, current, facts, memo = args[:4]
        return health_history(inventory, current, facts, memo, progress=slowly)

    def sides_first(*args: Any, **kwargs: Any) -> Any:
        # The worker claims the health page before this process could.
        deadline = time.monotonic() + 10
        while not model_pages._SIDES[0][1][0]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return other_pages(*args, **kwargs)

    def watching(*args: Any) -> None:
        waiting.set()
        real_watched(*args)

    other_pages, real_watched = builder._other_pages, model_pages.watched
    monkeypatch.setattr(builder, "health_history", held_history)
    monkeypatch.setattr(builder, "_other_pages", sides_first)
    monkeypatch.setattr(model_pages, "watched", watching)
    monkeypatch.setattr(model_pages, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(model_pages, "WATCH_S", 0.02)
    told: list[tuple[str, int, int]] = []
    build_site(
        catalog,
        check(catalog),
        tmp_path / "site",
        history=True,
        jobs=2,
        progress=lambda step, done, total: told.append((step, done, total)),
    )
    history = [(done, total) for step, done, total in told if step == "health history"]
    assert {total for _, total in history} == {3}
    assert len({done for done, _ in history}) >= 3  # 0 (or 1), then further versions
    assert [done for done, _ in history] == sorted(done for done, _ in history)
