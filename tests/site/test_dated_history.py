"""examples/dated_history.py: the example catalog replayed month by month in a new git
repository gives the health page a real history (docs/site.md shows how to run it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG

from modelinv.api import validate
from modelinv.checks.engine import Options, load_inventory
from modelinv.reports.health import health_report
from modelinv.reports.usage import Usage
from modelinv.site.health_history import health_history, trend_charts

SCRIPT = EXAMPLE_CATALOG.parent / "examples" / "dated_history.py"
TODAY = dt.date(2026, 11, 26)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("history") / "inventory"
    done = run(str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote ") and str(target / "catalog") in done.stdout
    return target


def test_history_spans_months_and_figures_change(repo: Path) -> None:
    catalog = load_inventory(repo / "catalog", Options(today=TODAY))
    history = health_history(catalog)
    assert history.per == "month" and history.note is None
    days = [p.day for p in history.points]
    assert days[0] == dt.date(2024, 1, 31) and days[-1] == TODAY
    assert len(days) >= 24
    assert all(not p.health.basis.skipped for p in history.points)  # every version loads
    active = [p.health.active for p in history.points]
    assert active == sorted(active) and active[0] < active[-1]
    assert len({p.health.documentation_current for p in history.points}) > 3
    active_chart = trend_charts(history)[0]
    assert active_chart.title == "active models"
    assert len({x for x, _, _ in active_chart.chart.dots}) == len(days)  # one x per month


def test_last_version_is_the_example_catalog(repo: Path) -> None:
    replayed = health_report(load_inventory(repo / "catalog", Options(today=TODAY)), Usage.none())
    example = health_report(load_inventory(EXAMPLE_CATALOG, Options(today=TODAY)), Usage.none())
    assert replayed == dataclasses.replace(example, basis=replayed.basis)
    mine = validate(repo / "catalog", Options(today=TODAY))
    theirs = validate(EXAMPLE_CATALOG, Options(today=TODAY))
    assert sorted((f.code, Path(f.location.path).name) for f in mine.findings) == sorted(
        (f.code, Path(f.location.path).name) for f in theirs.findings
    )


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    done = run(str(tmp_path))
    assert done.returncode == 2 and "not empty" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
