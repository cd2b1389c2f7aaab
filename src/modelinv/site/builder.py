"""Build the static site: load and validate the catalog, render one typed context per page,
write every file atomically. Prints nothing; the output depends only on the input and the
date it is judged against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.exports.registry import EXPORTERS
from modelinv.findings import Finding
from modelinv.gitdata.git import LogEntry
from modelinv.governance.lifecycle import retirement_checklist
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Consumer, DataAsset, Model, Team
from modelinv.reports.common import days_text, money, number, signed
from modelinv.reports.markdown import percent, requests
from modelinv.reports.usage import Usage
from modelinv.site.changes import file_histories
from modelinv.site.chart import Chart, metric_chart, passes
from modelinv.site.graph import Graph, dependency_graph
from modelinv.site.health_history import History, TrendChart, health_history, trend_charts
from modelinv.site.report_pages import PageReport, make_reports
from modelinv.site.rows import model_row
from modelinv.site.safety import safe_url, script_json
from modelinv.site.team_pages import TeamView, team_views
from modelinv.support.atomic import write_bytes_atomic

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
STATIC_FILES = ("site.css", "index.js")

EXPORTS_FOLDER = "exports"


@dataclass(frozen=True, slots=True)
class Page:
    """What every page shares: the way back to the site root and the judging date."""

    root: str  # "" at the top, "../" one folder down
    title: str
    today: dt.date
    hrefs: dict[str, str]  # ref -> link relative to the site root


@dataclass(frozen=True, slots=True)
class IndexPage(Page):
    data: Markup  # the rows as JSON, safe inside a script element
    count: int
    invalid: tuple[tuple[str, tuple[Finding, ...]], ...]  # files that failed the schema
    exports: tuple[tuple[str, str], ...] = ()  # (file under exports/, what it is)


@dataclass(frozen=True, slots=True)
class MetricView:
    name: str
    value: float
    threshold: float | None
    higher_is_better: bool
    evaluated: dt.date
    passing: bool | None
    chart: Chart


@dataclass(frozen=True, slots=True)
class ModelPage(Page):
    entry: Entry
    model: Model
    ref: str
    graph: Graph
    metrics: tuple[MetricView, ...]
    checklist: tuple[tuple[str, bool, str], ...]
    findings: tuple[Finding, ...]
    source_url: str | None  # the YAML file on the forge, http(s) only
    source_path: str
    changes: tuple[LogEntry, ...]  # commits that changed the file, newest first
    in_git: bool


@dataclass(frozen=True, slots=True)
class Listed:
    """One team, data asset or consumer with its related entities."""

    anchor: str
    ref: str
    title: str
    description: str | None
    facts: tuple[tuple[str, str], ...]
    related: tuple[tuple[str, tuple[str, ...]], ...]  # (relation label, refs)
    links: tuple[tuple[str, str], ...]  # (title, url), url maybe not http(s)


@dataclass(frozen=True, slots=True)
class ListingPage(Page):
    heading: str
    items: tuple[Listed, ...]


@dataclass(frozen=True, slots=True)
class ReportPage(Page):
    report: PageReport


@dataclass(frozen=True, slots=True)
class HealthPage(ReportPage):
    history: History
    charts: tuple[TrendChart, ...]


@dataclass(frozen=True, slots=True)
class TeamPage(Page):
    view: TeamView


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[str, ...]  # POSIX paths under the output folder
    models: int
    findings: int


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("modelinv.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_url"] = safe_url
    env.filters["days"] = days_text
    env.filters["number"] = number
    env.filters["signed"] = signed
    env.filters["percent"] = percent
    env.filters["requests"] = requests
    env.filters["money"] = money
    env.globals["CSP"] = CSP
    return env


def ref_hrefs(catalog: Inventory) -> dict[str, str]:
    hrefs: dict[str, str] = {}
    for entry in catalog.entries:
        if entry.ref is None or not entry.valid:
            continue
        if entry.kind == "Model":
            hrefs[entry.ref] = f"models/{entry.name}.html"
        elif entry.kind == "Team":
            hrefs[entry.ref] = f"teams/{entry.name}.html"
        elif entry.kind == "DataAsset":
            hrefs[entry.ref] = f"data.html#{entry.name}"
        elif entry.kind == "Consumer":
            hrefs[entry.ref] = f"consumers.html#{entry.name}"
    return hrefs


def exports_beside(out: Path) -> tuple[tuple[str, str], ...]:
    """The exports already written into `out/exports/` (`modelinv export all --out
    site/exports`, run before the build), to link from the index page."""
    folder = out / EXPORTS_FOLDER
    return tuple(
        (e.filename, e.summary) for e in EXPORTERS.values() if (folder / e.filename).is_file()
    )


def build_site(
    catalog_dir: Path,
    out: Path,
    today: dt.date | None = None,
    repo_url: str | None = None,
    usage: Usage | None = None,
    history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildResult:
    """Write the site for the catalog at `catalog_dir` into `out`; `usage` is the traffic
    the reports judge by (unknown without it). With `history`, the health page charts the
    health report over the catalog's git history. `progress(step, done, total)` is told how
    far the build is (the CLI shows it on a terminal)."""

    def tell(step: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(step, done, total)

    options = Options(today=today)
    tell("reading the catalog")
    catalog = load_inventory(catalog_dir, options)
    result = check(catalog, options)  # the same files, read once
    reports, report_files = make_reports(catalog, usage or Usage.none())
    day = catalog.context.today
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    hrefs = ref_hrefs(catalog)
    env = _environment()
    pages: dict[str, bytes] = {}

    def render(name: str, template: str, page: Page) -> None:
        pages[name] = env.get_template(template).render(page=page).encode("utf-8")

    models = list(catalog.of_kind(Model))
    rows = [
        model_row(entry, model, hrefs, reports.flags.get(model.metadata.name, ()))
        for entry, model in models
    ]
    invalid = tuple(
        (e.rel, tuple(by_path.get(e.display, ()))) for e in catalog.entries if not e.valid
    )
    render(
        "index.html",
        "index.html",
        IndexPage(
            "",
            "Model inventory",
            day,
            hrefs,
            script_json(rows),
            len(rows),
            invalid,
            exports_beside(out),
        ),
    )
    base = repo_url.rstrip("/") + "/" if repo_url and safe_url(repo_url) else None
    changes = file_histories(catalog_dir) if history else {}
    for done, (entry, model) in enumerate(models, start=1):
        if done % 100 == 0 or done == len(models):
            tell("model pages", done, len(models))
        ref = entry.ref or f"model:{entry.name}"
        metrics = tuple(
            MetricView(
                m.name,
                m.value,
                m.threshold,
                m.higher_is_better,
                m.evaluated,
                passes(m),
                metric_chart(m),
            )
            for m in model.spec.metrics or ()
        )
        page = ModelPage(
            "../",
            model.metadata.title,
            day,
            hrefs,
            entry,
            model,
            ref,
            dependency_graph(catalog, ref, hrefs),
            metrics,
            tuple(retirement_checklist(model, catalog.context)),
            tuple(by_path.get(entry.display, ())),
            safe_url(base + entry.rel) if base else None,
            entry.rel,
            changes.get(entry.rel, ()),
            bool(changes),
        )
        render(f"models/{entry.name}.html", "model.html", page)
    pages.update(report_files)
    for name, title, report in reports.pages():
        if name != "health.html":
            render(name, name, ReportPage("", title, day, hrefs, report))
    past = health_history(catalog) if history else History((), "now", "history not read")
    render(
        "health.html",
        "health.html",
        HealthPage("", "Health", day, hrefs, reports.health, past, trend_charts(past)),
    )
    for view in team_views(catalog, by_path, reports.health):
        render(
            f"teams/{view.name}.html",
            "team.html",
            TeamPage("../", view.team.metadata.title, day, hrefs, view),
        )
    for name, heading, items in _listings(catalog):
        render(name, "listing.html", ListingPage("", heading, day, hrefs, heading, items))
    static = resources.files("modelinv.site") / "static"
    for name in STATIC_FILES:
        pages[f"static/{name}"] = static.joinpath(name).read_bytes()
    for name in sorted(pages):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, pages[name], durable=False)
    return BuildResult(tuple(sorted(pages)), len(models), len(result.findings))


def _listings(catalog: Inventory) -> list[tuple[str, str, tuple[Listed, ...]]]:
    teams = tuple(
        Listed(
            e.name,
            e.ref or "",
            t.metadata.title,
            t.metadata.description,
            tuple(
                (k, v)
                for k, v in (
                    ("email", t.spec.contact.email if t.spec.contact else None),
                    ("chat", t.spec.contact.chat if t.spec.contact else None),
                    ("handle", t.spec.handle),
                    ("members", ", ".join(m.name for m in t.spec.members)),
                )
                if v
            ),
            (("owns", tuple(catalog.related(e.ref or "", "ownerOf"))),),
            tuple((link.title, link.url) for link in t.metadata.links),
        )
        for e, t in catalog.of_kind(Team)
    )
    data = tuple(
        Listed(
            e.name,
            e.ref or "",
            d.metadata.title,
            d.metadata.description,
            (
                ("type", d.spec.type),
                ("status", d.spec.status),
                ("owner", d.spec.owner),
                ("location", d.spec.location),
            ),
            (
                ("used by", tuple(catalog.related(e.ref or "", "dependencyOf"))),
                ("training data of", tuple(catalog.related(e.ref or "", "trainingDataOf"))),
            ),
            tuple((link.title, link.url) for link in d.metadata.links),
        )
        for e, d in catalog.of_kind(DataAsset)
    )
    consumers = tuple(
        Listed(
            e.name,
            e.ref or "",
            c.metadata.title,
            c.metadata.description,
            (("type", c.spec.type), ("owner", c.spec.owner)),
            (("consumes", tuple(catalog.related(e.ref or "", "consumes"))),),
            tuple((link.title, link.url) for link in c.metadata.links),
        )
        for e, c in catalog.of_kind(Consumer)
    )
    return [
        ("teams.html", "Teams", teams),
        ("data.html", "Data assets", data),
        ("consumers.html", "Consumers", consumers),
    ]
