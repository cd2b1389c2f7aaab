"""Inventory health over time: the health report run on past versions of the catalog.

The catalog's history is the first-parent line of HEAD that touched the catalog folder.
One point per month (the month's last commit), or one per commit when the history spans
less than two months (`PER_COMMIT_DAYS`). Each version is read in bulk (`git ls-tree`,
then one `git cat-file --batch` for every version's files together), checked file by file
as the working tree is, and judged as of its commit's date by the same `health_report`.
A file with the same path and bytes in two versions is parsed once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.transitions import catalog_file
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile
from modelinv.loader.read import MAX_FILE_BYTES
from modelinv.reports.health import HealthReport, health_report
from modelinv.reports.usage import Usage
from modelinv.site.chart import Chart, series_chart

PER_COMMIT_DAYS = 61  # a history shorter than this gets a point per commit


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date  # the commit's (author) date; the version is judged as of this day
    commit: str  # short id; "" for the working tree
    health: HealthReport


@dataclass(frozen=True, slots=True)
class History:
    points: tuple[Point, ...]  # oldest first
    per: str  # "month", "commit" or "now"
    note: str | None  # why there is no history, when there is none


def health_history(catalog: Inventory) -> History:
    """The health at each chosen commit; only the current point (with a note) outside a
    git repository or without commits touching the catalog up to today."""
    now = Point(catalog.context.today, "", health_report(catalog, Usage.none()))
    root = Path(catalog.root).resolve()
    try:
        top = gitrepo.toplevel(root).resolve()
        entries = gitrepo.log(root, "--first-parent", "HEAD", "--", ".", files=False)
    except gitrepo.GitError:
        return History((now,), "now", "the catalog is not in a git repository")
    today = catalog.context.today
    dated = [(dt.date.fromisoformat(e.date[:10]), e.commit) for e in entries]
    dated = [(day, commit) for day, commit in dated if day <= today]  # newest first
    if not dated:
        return History((now,), "now", "no commit touches the catalog up to today")
    per = "commit" if (dated[0][0] - dated[-1][0]).days < PER_COMMIT_DAYS else "month"
    chosen: list[tuple[dt.date, str]] = []
    months: set[tuple[int, int]] = set()
    for day, commit in dated:
        if per == "month":
            if (day.year, day.month) in months:
                continue
            months.add((day.year, day.month))
        chosen.append((day, commit))
    prefix = root.relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix
    points = _points(catalog, root, prefix, list(reversed(chosen)))
    return History(tuple(points), per, None)


def _points(
    catalog: Inventory, root: Path, prefix: str, chosen: list[tuple[dt.date, str]]
) -> list[Point]:
    trees = {
        commit: [
            f
            for f in gitrepo.list_files(root, commit, prefix)
            if catalog_file(f.path[len(prefix) + 1 :] if prefix else f.path)
            and f.kind == "blob"
            and f.mode != gitrepo.SYMLINK_MODE
        ]
        for _, commit in chosen
    }
    blobs = gitrepo.read_blobs(root, sorted({f.oid for files in trees.values() for f in files}))
    parsed: dict[tuple[str, str], Entry] = {}
    points = []
    for day, commit in chosen:
        context = Context(catalog.context.policy, day)
        entries = []
        for file in trees[commit]:
            rel = file.path[len(prefix) + 1 :] if prefix else file.path
            key = (rel, file.oid)
            if key not in parsed:
                data = blobs.get(file.oid)
                if data is None or len(data) > MAX_FILE_BYTES:
                    continue  # what validation refuses is left out of the figures too
                source = SourceFile(f"{commit}:{file.path}", rel, rel)
                parsed[key] = check_file(source, data, "auto", context)
            entries.append(parsed[key])
        version = Inventory(Index(catalog.root, entries, context))
        points.append(Point(day, commit[:7], health_report(version, Usage.none())))
    return points


@dataclass(frozen=True, slots=True)
class TrendChart:
    title: str
    latest: str
    chart: Chart


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def trend_charts(history: History) -> tuple[TrendChart, ...]:
    """Line charts of the headline figures over the history's points."""
    measures: list[tuple[str, str, list[tuple[dt.date, float | None]]]] = [
        ("active models", "{value:g}", [(p.day, float(p.health.active)) for p in history.points]),
        (
            "% current documentation",
            "{value:g}%",
            [
                (p.day, _share(p.health.documentation_current, p.health.active))
                for p in history.points
            ],
        ),
        (
            "% meeting metric targets",
            "{value:g}%",
            [
                (p.day, _share(p.health.meeting_targets, p.health.with_targets))
                for p in history.points
            ],
        ),
        (
            "average age (days)",
            "{value:g}",
            [(p.day, p.health.average_age_days) for p in history.points],
        ),
    ]
    charts = []
    for title, label, raw in measures:
        series = [(day, value) for day, value in raw if value is not None]
        if not series:
            continue
        chart = series_chart(series, label=label, floor=0.0)
        charts.append(
            TrendChart(title, f"{series[-1][0]}: {label.format(value=series[-1][1])}", chart)
        )
    return tuple(charts)
