"""Inventory health over time: the health report run on past versions of the catalog.

The catalog's history is the first-parent line of HEAD that touched the catalog folder.
One point per month (the month's last commit), or one per commit when the history spans
less than two months (`PER_COMMIT_DAYS`). The versions are read in bulk, a group of them
at a time (`git ls-tree` each, then one `git cat-file --batch` a group: `indexes_at`),
checked file by file as the working tree is (but for the entity rules), and judged one
at a time by the same `health_report` as of the day its commit was committed (its
committer date: when it landed on the line, where a rebased commit's author date can be
months older). A file with the same path and bytes in two versions is parsed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.at_commit import indexes_at
from modelinv.gitdata.history import catalog_line
from modelinv.governance.context import Context
from modelinv.inventory.inventory import Inventory
from modelinv.reports.common import number
from modelinv.reports.health import HealthReport, Remembered, health_report
from modelinv.reports.usage import Usage
from modelinv.site.chart import Chart, series_chart
from modelinv.site.history_memo import HistoryMemo, point_name

PER_COMMIT_DAYS = 61  # a history shorter than this gets a point per commit


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date  # the day it was committed (to the line); the version is judged as of it
    commit: str  # short id; "" for the working tree
    health: HealthReport


@dataclass(frozen=True, slots=True)
class History:
    points: tuple[Point, ...]  # oldest first
    per: str  # "month", "commit" or "now"
    note: str | None  # why there is no history, when there is none
    cut: str | None = None  # why it starts later than the catalog did (a shallow clone)


def health_history(
    catalog: Inventory,
    current: HealthReport | None = None,
    facts: Remembered | None = None,
    memo: HistoryMemo | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> History:
    """The health at each chosen commit; only the current point (with a note) outside a
    git repository or without commits touching the catalog up to today. `current` is the
    catalog's health report without usage data, when the caller already made it, and
    `facts` the `Remembered` it was made with. With `memo`, the points it holds are
    taken from it, the others worked out and added (the caller saves it). `progress(done,
    total)` is told of each version worked out."""
    facts = facts or Remembered()
    now = Point(catalog.context.today, "", current or health_report(catalog, Usage.none(), facts))
    root = Path(catalog.root).resolve()
    try:
        shallow = gitrepo.shallow_commits(root)  # outside a repository, this raises
        top, prefix = gitrepo.in_repository(root)
        # Across moves of the catalog folder: each commit with where the folder was then.
        folder_of = dict(catalog_line(top, prefix))
        line = list(folder_of)
        infos = gitrepo.commit_infos(root, line)
    except gitrepo.NotARepository:
        return History((now,), "now", "the catalog is not in a git repository")
    except (gitrepo.GitError, ValueError):  # `modelinv build` says why on its output
        return History((now,), "now", "git could not read the catalog's repository")
    today = catalog.context.today
    # Each version as of the day it was committed to the line, not the day it was first
    # written: a rebased commit keeps its author's date, which can be months older than
    # its parent's (its version would be charted before the catalog existed).
    landed = {c: dt.date.fromisoformat(infos[c].committed[:10]) for c in line if c in infos}
    dated = [(landed[c], c) for c in line if c in landed and landed[c] <= today]  # newest first
    if not dated:
        return History((now,), "now", "no commit touches the catalog up to today")
    cut = None
    if line[-1] in shallow:  # the first-parent line ends where the clone does
        cut = (
            f"the history starts at {landed[line[-1]]} (commit {line[-1][:7]}): this site "
            "was built from a shallow clone of the repository, and older commits were not "
            "fetched"
        )
    per = "commit" if (dated[0][0] - dated[-1][0]).days < PER_COMMIT_DAYS else "month"
    chosen: list[tuple[dt.date, str]] = []
    months: set[tuple[int, int]] = set()
    for day, commit in dated:
        if per == "month":
            if (day.year, day.month) in months:
                continue
            months.add((day.year, day.month))
        chosen.append((day, commit))
    chosen.reverse()  # oldest first
    names = [point_name(catalog, commit, day) for day, commit in chosen]
    known = [memo.get(name) if memo is not None else None for name in names]
    unjudged = [pair for pair, health in zip(chosen, known, strict=True) if health is None]
    folders = [folder_of[commit] for _, commit in unjudged]
    made = iter(_points(catalog, unjudged, facts, progress, folders))  # none a memo holds
    points = []
    for name, (day, commit), kept in zip(names, chosen, known, strict=True):
        health = kept or next(made)
        if memo is not None and kept is None:
            memo.put(name, health)
        points.append(Point(day, commit[:7], health))
    return History(tuple(points), per, None, cut)


def _points(
    catalog: Inventory,
    chosen: list[tuple[dt.date, str]],
    facts: Remembered,
    progress: Callable[[int, int], None] | None = None,
    folders: list[str] | None = None,
) -> list[HealthReport]:
    """The health reports of the catalog at the `chosen` (day, commit)s, whose catalog
    folders in the repository were `folders` (where it moved: `catalog_line`)."""
    if not chosen:
        return []
    if progress is not None:
        progress(0, len(chosen))
    contexts = [Context(catalog.context.policy, day) for day, _ in chosen]
    # What validation refuses is left out of the figures too (`skip_refused`). Two jobs:
    # this runs in one of the build's processes, and its many past file versions (36
    # monthly versions of 10,000 models: ~4 CPU s of checks) were the build's slowest path
    # while the other process waited for it. The versions come one at a time (a catalog
    # whose 10,000 models all changed each month held every month's blobs and entries at
    # once: 5 months, 850 MB), checked without the entity rules, whose findings the page
    # does not show (a fifth of a check).
    versions = indexes_at(
        catalog.index,
        [commit for _, commit in chosen],
        contexts,
        skip_refused=True,
        jobs=2,
        rules=False,
        folders=folders,
    )
    # A file's entry is shared by every version holding the same bytes (the working tree's
    # where git finds it unchanged), and with it its model's facts: a model is decoded only
    # where its file differs from both the working tree and the previous version (10,000
    # models, 13 monthly versions with 300 files edited a month: 21,102 decodes -> 3,600),
    # and is not kept once its facts are worked out.
    reports = []
    for version in versions:
        reports.append(health_report(Inventory(version), Usage.none(), facts))
        facts.keep_only(catalog.index, version)  # what the next versions share, mostly
        if progress is not None:
            progress(len(reports), len(chosen))
    return reports


@dataclass(frozen=True, slots=True)
class TrendChart:
    title: str
    latest: str
    chart: Chart


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def trend_charts(history: History) -> tuple[TrendChart, ...]:
    """Line charts of the headline figures over the history's points."""
    points = history.points
    measures: list[tuple[str, str, str, bool, float | None, list[tuple[dt.date, float | None]]]]
    measures = [
        # (title, axis title, unit, whole numbers, upper bound, values)
        ("active models", "models", "", True, None, [(p.day, p.health.active) for p in points]),
        (
            "% current documentation",
            "% of active models",
            "%",
            False,
            100.0,
            [(p.day, _share(p.health.documentation_current, p.health.active)) for p in points],
        ),
        (
            "% meeting metric targets",
            "% of models with targets",
            "%",
            False,
            100.0,
            [(p.day, _share(p.health.meeting_targets, p.health.with_targets)) for p in points],
        ),
        (
            "average age (days)",
            "days",
            "",
            True,
            None,
            [(p.day, p.health.average_age_days) for p in points],
        ),
    ]
    charts = []
    for title, axis, unit, whole, ceiling, raw in measures:
        # one value per day, the day's last commit: the chart's x axis is the date
        by_day = {day: float(value) for day, value in raw if value is not None}
        series = sorted(by_day.items())
        if not series:
            continue
        if whole:
            series = [(day, round(value, 1)) for day, value in series]
        chart = series_chart(series, y_title=axis, unit=unit, bounds=(0.0, ceiling), whole=whole)
        latest = f"{series[-1][0]}: {number(series[-1][1])}{unit}"
        charts.append(TrendChart(title, latest, chart))
    return tuple(charts)
