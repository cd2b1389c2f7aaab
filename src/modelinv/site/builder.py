"""Build the static site from a loaded catalog and its validation result: render one typed
context per page and stream each page to a fresh folder as soon as it is rendered (no page
is held until the end), then move the folder into place (see `site.output`).

Incremental: each model and team page records a digest of everything it is rendered from
(its entity, findings, bounded dependency lists, links, history, the judging date and the
site's own code); a page whose digest matches the previous build's signed manifest is
copied, not rendered. Prints nothing; the output depends only on the input and the date it
is judged against."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from modelinv import __version__
from modelinv.catalog import Catalog, Entry
from modelinv.findings import Finding, Result
from modelinv.gitrepo import LogEntry
from modelinv.lifecycle import retirement_checklist
from modelinv.model import Consumer, DataAsset, Model, Team
from modelinv.reports.common import days_text, number
from modelinv.reports.markdown import percent, requests
from modelinv.site.changes import file_histories
from modelinv.site.chart import Chart, metric_chart, passes
from modelinv.site.graph import DOWNSTREAM, UPSTREAM, Graph, Reach, dependency_graph
from modelinv.site.health_history import History, TrendChart, health_history, trend_charts
from modelinv.site.output import (
    Previous,
    Staging,
    absolute_path,
    check_output,
    manifest_key,
    read_previous,
)
from modelinv.site.report_pages import PageReport, make_reports
from modelinv.site.rows import model_row
from modelinv.site.safety import safe_url, script_json
from modelinv.site.team_pages import TeamView, team_views
from modelinv.usage import Usage

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
STATIC_FILES = ("site.css", "index.js")


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
    invalid: tuple[tuple[str, int], ...]  # (file, findings) for files that failed the schema


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
    rendered: int = 0  # pages rendered
    reused: int = 0  # pages copied from the previous build (inputs unchanged)


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
    env.filters["percent"] = percent
    env.filters["requests"] = requests
    env.filters["money"] = _money
    env.globals["CSP"] = CSP
    return env


def ref_hrefs(catalog: Catalog) -> dict[str, str]:
    hrefs: dict[str, str] = {}
    for entry in catalog.entries:
        if entry.ref is None or entry.entity is None:
            continue
        if isinstance(entry.entity, Model):
            hrefs[entry.ref] = f"models/{entry.name}.html"
        elif isinstance(entry.entity, Team):
            hrefs[entry.ref] = f"teams/{entry.name}.html"
        elif isinstance(entry.entity, DataAsset):
            hrefs[entry.ref] = f"data.html#{entry.name}"
        elif isinstance(entry.entity, Consumer):
            hrefs[entry.ref] = f"consumers.html#{entry.name}"
    return hrefs


def build_site(
    catalog: Catalog,
    result: Result,
    out: Path,
    *,
    repo_url: str | None = None,
    usage: Usage | None = None,
    history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Write the site for `catalog` (loaded with its entities) and `result` (its validation)
    to `out`, which is replaced as a whole. `usage` is the traffic the reports judge by
    (unknown without it). With `history`, the health page charts the health report over the
    catalog's git history. `progress(step, done, total)` is told how far the build is.
    `cache_dir` keeps the key that signs the page manifest; without it every page is
    rendered. Raises OutputError for an output folder that cannot be used."""

    def tell(step: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(step, done, total)

    catalog_dir = Path(catalog.root)
    check_output(out, catalog_dir)
    tool = _tool_digest()
    key = manifest_key(cache_dir)
    previous = read_previous(absolute_path(out), tool, key)
    staging = Staging(out, tool, key)
    try:
        counts = _render_all(catalog, result, staging, previous, repo_url, usage, history, tell)
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    return BuildResult(
        tuple(sorted(staging.files)), counts[0], len(result.findings), counts[1], counts[2]
    )


def _render_all(
    catalog: Catalog,
    result: Result,
    staging: Staging,
    previous: Previous,
    repo_url: str | None,
    usage: Usage | None,
    history: bool,
    tell: Callable[..., None],
) -> tuple[int, int, int]:
    """Render every page into `staging`; (model pages, pages rendered, pages reused)."""
    tell("reports")
    reports, report_files = make_reports(catalog, usage or Usage.none())
    day = catalog.context.today
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    hrefs = ref_hrefs(catalog)
    env = _environment()
    done_counts = [0, 0]  # rendered, reused

    def render(name: str, template: str, page: Page, inputs: str | None = None) -> None:
        if inputs is not None:
            old = previous.reuse(name, inputs)
            if old is not None:
                staging.write(name, old, inputs)
                done_counts[1] += 1
                return
        data = env.get_template(template).render(page=page).encode("utf-8")
        staging.write(name, data, inputs)
        done_counts[0] += 1

    models = list(catalog.of_kind(Model))
    rows = [
        model_row(entry, model, hrefs, reports.flags.get(model.metadata.name, ()))
        for entry, model in models
    ]
    invalid = tuple(
        (e.rel, len(by_path.get(e.display, ()))) for e in catalog.entries if not e.valid
    )
    render(
        "index.html",
        "index.html",
        IndexPage("", "Model inventory", day, hrefs, script_json(rows), len(rows), invalid),
    )
    del rows
    base = repo_url.rstrip("/") + "/" if repo_url and safe_url(repo_url) else None
    changes = file_histories(Path(catalog.root)) if history else {}
    up_reach, down_reach = Reach(catalog, UPSTREAM), Reach(catalog, DOWNSTREAM)
    for done, (entry, model) in enumerate(models, start=1):
        if done % 100 == 0 or done == len(models):
            tell("model pages", done, len(models))
        graph = dependency_graph(
            catalog, entry.ref or f"model:{entry.name}", hrefs, up_reach, down_reach
        )
        page = _model_page(catalog, entry, model, hrefs, graph, by_path, base, changes)
        render(f"models/{entry.name}.html", "model.html", page, _model_inputs(page))
    del changes
    for name, data in report_files.items():
        staging.write(name, data)
    del report_files
    tell("report pages")
    for name, title, report in reports.pages():
        if name != "health.html":
            render(name, name, ReportPage("", title, day, hrefs, report))
    past = health_history(catalog) if history else History((), "now", "history not read")
    render(
        "health.html",
        "health.html",
        HealthPage("", "Health", day, hrefs, reports.health, past, trend_charts(past)),
    )
    tell("team pages")
    for view in team_views(catalog, by_path, reports.health):
        refs = [view.ref, *(m.ref for _, rows in view.stages for m in rows)]
        refs += [o.ref for o in view.overdue]
        team_page = TeamPage("../", view.team.metadata.title, day, _subset(hrefs, refs), view)
        render(f"teams/{view.name}.html", "team.html", team_page, _digest(repr(team_page)))
    for name, heading, items in _listings(catalog):
        render(name, "listing.html", ListingPage("", heading, day, hrefs, heading, items))
    static = resources.files("modelinv.site") / "static"
    for name in STATIC_FILES:
        staging.write(f"static/{name}", static.joinpath(name).read_bytes())
    return len(models), done_counts[0], done_counts[1]


def _model_page(
    catalog: Catalog,
    entry: Entry,
    model: Model,
    hrefs: dict[str, str],
    graph: Graph,
    by_path: dict[str, list[Finding]],
    base: str | None,
    changes: dict[str, tuple[LogEntry, ...]],
) -> ModelPage:
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
    spec = model.spec
    linked = [spec.owner, *(t.source for t in spec.training_data or ())]
    linked += [*(spec.consumers or ())]
    if spec.deprecation and spec.deprecation.replacement:
        linked.append(spec.deprecation.replacement)
    return ModelPage(
        "../",
        model.metadata.title,
        catalog.context.today,
        _subset(hrefs, linked),
        entry,
        model,
        entry.ref or f"model:{entry.name}",
        graph,
        metrics,
        tuple(retirement_checklist(model, catalog.context)),
        tuple(by_path.get(entry.display, ())),
        safe_url(base + entry.rel) if base else None,
        entry.rel,
        changes.get(entry.rel, ()),
        bool(changes),
    )


def _subset(hrefs: dict[str, str], refs: Iterable[str]) -> dict[str, str]:
    """The links a page needs: its inputs then name only what it shows."""
    return {r: hrefs[r] for r in sorted(set(refs)) if r in hrefs}


def _model_inputs(page: ModelPage) -> str:
    """A digest of everything a model page is rendered from (the entry itself is not shown;
    its findings, path and history are listed separately)."""
    return _digest(
        repr(
            (
                page.root,
                page.title,
                page.today,
                sorted(page.hrefs.items()),
                page.model.model_dump_json(),
                page.ref,
                page.graph,
                page.metrics,
                page.checklist,
                page.findings,
                page.source_url,
                page.source_path,
                page.changes,
                page.in_git,
            )
        )
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


@cache
def _tool_digest() -> str:
    """What renders the pages: the site package (code, templates, static files) and the
    versions of modelinv and Jinja. A new version renders every page again."""
    digest = hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0".encode())
    package = resources.files("modelinv.site")
    for folder in (package, package / "templates", package / "static"):
        for item in sorted(folder.iterdir(), key=lambda t: t.name):
            if item.is_file() and not item.name.endswith(".pyc"):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:32]


def _money(amount: float, currency: str) -> str:
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{shown} {currency}"


def _listings(catalog: Catalog) -> list[tuple[str, str, tuple[Listed, ...]]]:
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
