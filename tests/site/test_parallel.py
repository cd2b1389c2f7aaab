"""Model pages rendered by forked workers and by the building process itself (which takes
the spans no worker has started yet) make the same site as one process alone."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.site import build_site, builder
from modelinv.site.builder import SiteExport
from modelinv.site.model_pages import CHUNK, PARALLEL_MIN_PAGES, Written


def _catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, root)
    model = (root / "models" / "merchant-embedder.yaml").read_text(encoding="utf-8")
    # Enough pages for workers and several spans, each page linking the previous one.
    for i in range(max(PARALLEL_MIN_PAGES, 3 * CHUNK) + 7):
        text = model.replace("merchant-embedder", f"m{i}")
        if i:
            text = text.replace("upstream: [", f"upstream: [model:m{i - 1}, ", 1)
        (root / "models" / f"m{i}.yaml").write_text(text, encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_parallel_build_equals_the_serial_one(tmp_path: Path) -> None:
    root = _catalog(tmp_path)
    catalog = load_inventory(root, Options(jobs=1))
    result = check(catalog)
    serial = build_site(catalog, result, tmp_path / "serial", history=False, jobs=1)
    parallel = build_site(catalog, result, tmp_path / "parallel", history=False, jobs=2)
    assert serial.files == parallel.files and parallel.models > PARALLEL_MIN_PAGES
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
    page = (tmp_path / "parallel" / "models" / "m5.html").read_text(encoding="utf-8")
    assert 'href="../models/m4.html"' in page  # the chain is drawn


def test_the_building_process_takes_a_side_no_worker_has_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The health/team and review/listing pages (the "sides") are queued for the one
    worker, and the building process, done with its own pages, makes one the worker has
    not started: each side is made once, by two processes at the same time (each side
    below waits until the other has begun, which only two processes can do), and the
    site is the same as a serial build's."""
    root = _catalog(tmp_path)
    catalog = load_inventory(root, Options(jobs=1))
    result = check(catalog)
    serial = build_site(catalog, result, tmp_path / "serial", history=False, jobs=1)
    marks = tmp_path / "marks"
    marks.mkdir()

    def meeting(name: str, side: Callable[[], list[Written]]) -> Callable[[], list[Written]]:
        def run() -> list[Written]:
            (marks / f"{name}.{os.getpid()}").touch()
            for _ in range(600):  # up to a minute: the other side starts in another process
                if len(list(marks.iterdir())) == 2:
                    return side()
                time.sleep(0.1)
            raise AssertionError("the other side never started alongside this one")

        return run

    monkeypatch.setattr(builder, "_review_outputs", meeting("side", builder._review_outputs))
    monkeypatch.setattr(
        builder, "_health_and_team_pages", meeting("health", builder._health_and_team_pages)
    )
    parallel = build_site(catalog, result, tmp_path / "parallel", history=False, jobs=2)
    made = sorted(mark.name.split(".") for mark in marks.iterdir())
    assert [name for name, _ in made] == ["health", "side"]  # each side made once
    pids = {int(pid) for _, pid in made}
    assert len(pids) == 2 and os.getpid() in pids
    assert serial.files == parallel.files
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")


def test_exports_are_made_once_each_by_any_process_and_match_a_serial_build(
    tmp_path: Path,
) -> None:
    """Exports are sides too: each is made by one process (whichever claims it), and the
    site, exports included, is the serial build's."""
    root = _catalog(tmp_path)
    catalog = load_inventory(root, Options(jobs=1))
    result = check(catalog)
    marks = tmp_path / "marks"
    marks.mkdir()

    def export(name: str) -> SiteExport:
        def make() -> dict[str, Iterable[bytes]]:
            (marks / f"{name}.{os.getpid()}.{time.monotonic_ns()}").touch()
            return {name: [f"{name}: {len(catalog.entries)} files".encode()]}

        return SiteExport((name,), "an export", make)

    exports = [export(name) for name in ("a.csv", "b.json", "c.yaml")]
    serial = build_site(
        catalog, result, tmp_path / "serial", history=False, jobs=1, exports=exports
    )
    for mark in marks.iterdir():
        mark.unlink()
    parallel = build_site(
        catalog, result, tmp_path / "parallel", history=False, jobs=2, exports=exports
    )
    assert sorted(mark.name.split(".")[0] for mark in marks.iterdir()) == ["a", "b", "c"]
    assert serial.files == parallel.files
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel")
    assert (tmp_path / "parallel" / "exports" / "c.yaml").read_bytes().startswith(b"c.yaml: ")
