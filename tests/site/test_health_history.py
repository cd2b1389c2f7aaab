"""Health over time, read from a real temporary git repository with dated commits."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

from git_support import GitRepo
from modelinv.checks.engine import Options, load_inventory
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory, decode
from modelinv.model import Entity
from modelinv.reports import health
from modelinv.reports.health import HealthReport, health_report
from modelinv.reports.usage import Usage
from modelinv.site.health_history import health_history

TODAY = dt.date(2026, 11, 26)
MODELS = sorted(p.name for p in (EXAMPLE_CATALOG / "models").glob("*.yaml"))


pytestmark = pytest.mark.usefixtures("hermetic_git")


def _figures(report: HealthReport) -> tuple[object, ...]:
    return (
        report.models,
        report.active,
        report.documentation_current,
        report.meeting_targets,
        report.with_targets,
        report.average_age_days,
        report.by_stage,
        report.by_risk,
        report.cost,
    )


def _repo(tmp_path: Path, days: list[str]) -> tuple[Path, list[tuple[object, ...]]]:
    """A repository whose catalog gains models commit by commit; returns the catalog and,
    per commit, the health figures of that version loaded from disk."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=EXAMPLE_CATALOG, catalog="inventory")
    catalog = repo.catalog
    for name in MODELS:
        (catalog / "models" / name).unlink()
    expected = []
    per_commit = len(MODELS) // len(days) + 1
    for index, day in enumerate(days):
        for name in MODELS[index * per_commit : (index + 1) * per_commit]:
            shutil.copy(EXAMPLE_CATALOG / "models" / name, catalog / "models" / name)
        repo.commit(f"commit {index}", when=f"{day}T12:00:00+00:00")
        when = dt.date.fromisoformat(day)
        version = load_inventory(catalog, Options(today=when))
        expected.append(_figures(health_report(version, Usage.none())))
    return catalog, expected


def test_one_point_per_month_the_months_last_commit(tmp_path: Path) -> None:
    days = ["2026-07-03", "2026-07-28", "2026-08-14", "2026-10-02", "2026-10-30"]
    catalog, expected = _repo(tmp_path, days)
    history = health_history(load_inventory(catalog, Options(today=TODAY)))
    assert history.per == "month" and history.note is None
    assert [p.day for p in history.points] == [
        dt.date(2026, 7, 28),
        dt.date(2026, 8, 14),
        dt.date(2026, 10, 30),
    ]
    assert [_figures(p.health) for p in history.points] == [expected[1], expected[2], expected[4]]
    assert history.points[-1].health.models == len(MODELS)
    assert history.points[0].health.models < history.points[1].health.models


def test_versions_are_dated_when_they_were_committed_not_written(tmp_path: Path) -> None:
    """A rebased commit keeps its author's date: one written in July and committed in
    October is the October version (after the August and September ones), never a July
    point before the catalog existed; the month's last commit is the last committed."""
    catalog, expected = _repo(tmp_path, ["2026-08-03", "2026-09-14"])
    repo = GitRepo(catalog.parent, catalog="inventory")
    for subject, written, committed in [
        ("Rebased", "2026-07-10", "2026-10-02"),
        ("Last of October", "2026-10-20", "2026-10-20"),
    ]:
        path = catalog / "models" / MODELS[0]
        path.write_text(path.read_text(encoding="utf-8") + f"# {subject}\n", encoding="utf-8")
        repo.git("add", "-A")
        dates = {
            "GIT_AUTHOR_DATE": f"{written}T12:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{committed}T12:00:00+00:00",
        }
        repo.git("commit", "-q", "-m", subject, env=dates)
    history = health_history(load_inventory(catalog, Options(today=TODAY)))
    assert history.per == "month"
    assert [str(p.day) for p in history.points] == ["2026-08-03", "2026-09-14", "2026-10-20"]
    assert [_figures(p.health) for p in history.points[:2]] == expected


def test_files_edited_since_a_commit_are_read_from_git(tmp_path: Path) -> None:
    """Files whose bytes match the working tree are taken from the loaded catalog; one
    edited (or deleted) since must still count as it was at each commit."""
    days = ["2026-07-03", "2026-08-14", "2026-10-02"]
    catalog, expected = _repo(tmp_path, days)
    first = catalog / "models" / MODELS[0]
    text = first.read_text(encoding="utf-8")
    stage = next(line for line in text.splitlines() if line.startswith("  lifecycle: "))
    first.write_text(text.replace(stage, "  lifecycle: archived", 1), encoding="utf-8")
    (catalog / "models" / MODELS[-1]).unlink()
    history = health_history(load_inventory(catalog, Options(today=TODAY)))
    assert [_figures(p.health) for p in history.points] == expected


def test_one_point_per_commit_for_a_short_history(tmp_path: Path) -> None:
    days = ["2026-11-02", "2026-11-09", "2026-11-20"]
    catalog, expected = _repo(tmp_path, days)
    history = health_history(load_inventory(catalog, Options(today=TODAY)))
    assert history.per == "commit"
    assert [str(p.day) for p in history.points] == days
    assert [_figures(p.health) for p in history.points] == expected


def test_progress_is_told_of_each_version_judged(tmp_path: Path) -> None:
    days = ["2026-11-02", "2026-11-09", "2026-11-20"]
    catalog, _ = _repo(tmp_path, days)
    told: list[tuple[int, int]] = []
    health_history(
        load_inventory(catalog, Options(today=TODAY)),
        progress=lambda done, total: told.append((done, total)),
    )
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_commits_after_today_are_left_out(tmp_path: Path) -> None:
    catalog, _ = _repo(tmp_path, ["2026-11-02", "2026-11-09", "2026-11-20"])
    history = health_history(load_inventory(catalog, Options(today=dt.date(2026, 11, 10))))
    assert [str(p.day) for p in history.points] == ["2026-11-02", "2026-11-09"]


def test_health_page_draws_the_history(tmp_path: Path) -> None:
    catalog, _ = _repo(tmp_path, ["2026-07-03", "2026-08-14", "2026-10-02"])
    out = tmp_path / "site"
    build(catalog, out, TODAY)
    html = (out / "health.html").read_text(encoding="utf-8")
    assert html.count('class="chart trend-chart"') == 4
    assert "the last commit of each month" in html
    assert "<title>2026-08-14: " in html and "<title>2026-10-02: " in html
    again = tmp_path / "again"
    build(catalog, again, TODAY)
    assert (again / "health.html").read_bytes() == (out / "health.html").read_bytes()


def test_outside_git_only_the_current_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    history = health_history(load_inventory(catalog, Options(today=TODAY)))
    assert history.per == "now" and history.note == "the catalog is not in a git repository"
    assert [p.day for p in history.points] == [TODAY]
    out = tmp_path / "site"
    build(catalog, out, TODAY)
    html = (out / "health.html").read_text(encoding="utf-8")
    assert "Only today's figures: the catalog is not in a git repository." in html
    assert html.count('class="chart trend-chart"') == 4
    assert "<code>working tree</code>" in html


def test_past_versions_decode_only_models_whose_file_changed(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A past version's models are decoded for their facts only where the file differs
    from both the working tree's and the previous version's (the others' facts are known),
    each from its own version's bytes, and are not kept by its inventory."""
    model = "models/fraud-detector.yaml"
    git_repo.commit("inventory", when="2026-11-01T09:00:00+00:00")
    for n, day in enumerate(["2026-11-02", "2026-11-03"]):
        git_repo.edit(model, "title: ", f"title: Edit {n} ")
        git_repo.commit(f"edit {n}", when=f"{day}T09:00:00+00:00")
    git_repo.edit(model, "title: ", "title: Working ")  # no version is the working tree's
    catalog = load_inventory(git_repo.catalog, Options(today=TODAY))
    list(catalog.valid())  # decoded, as the site's pages have them
    decoded: list[str] = []
    real = decode

    def counting(entry: Entry) -> Entity:
        decoded.append(entry.path)
        return real(entry)

    made: list[Inventory] = []
    real_inventory = Inventory

    def keeping(index: Index) -> Inventory:
        made.append(real_inventory(index))
        return made[-1]

    monkeypatch.setattr("modelinv.reports.health.decode", counting)
    monkeypatch.setattr("modelinv.site.health_history.Inventory", keeping)
    history = health_history(catalog, facts=health.Remembered())
    assert history.per == "commit" and len(history.points) == 3
    assert len(decoded) == 3 and all(path.endswith(f":catalog/{model}") for path in decoded)
    assert len({path.split(":")[0] for path in decoded}) == 3  # one per version
    assert made and all(
        version.held(entry) is None for version in made for entry in version.entries
    )
