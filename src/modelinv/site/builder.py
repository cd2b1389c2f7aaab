"""Build the static site from a loaded catalog and its validation result: render one typed
context per page and stream each page to a fresh folder as soon as it is rendered (no page
is held until the end), then move the folder into place (see `site.output`).

Incremental: each model and team page records a digest of everything it is rendered from
(its entity, findings, bounded dependency lists, links, history, the judging date and the
site's own code); a page whose digest matches the previous build's signed manifest is
kept (hard-linked), not rendered. Parallel: model pages, and the review, health, team and
listing pages, are made by forked workers while this process makes the index and the
retirement page. Prints nothing; the output depends only on the input and the date it is
judged against."""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import Environment

from modelinv import __version__
from modelinv.findings import Finding, Result
from modelinv.gitdata.git import EarlyLog
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Consumer, DataAsset, Model, Team
from modelinv.reports.health import Remembered, health_report
from modelinv.reports.render_json import value_json
from modelinv.reports.review import review_report
from modelinv.reports.usage import Usage
from modelinv.site.changes import file_trails, start_trails
from modelinv.site.fact_store import FactStore
from modelinv.site.graph import DOWNSTREAM, UPSTREAM, GraphKeys, Reach
from modelinv.site.health_history import History, health_history, trend_charts
from modelinv.site.history_memo import HistoryMemo
from modelinv.site.model_pages import (
    ModelJob,
    PageInputs,
    Rendering,
    Written,
    default_jobs,
    digest,
    page_counts,
    topology_digest,
)
from modelinv.site.output import (
    Kept,
    Previous,
    Staging,
    absolute_path,
    check_output,
    manifest_key,
    output_key,
    read_previous,
    stamp_of,
    write_file,
    write_pieces,
)
from modelinv.site.pages import (
    CSP,
    HealthPage,
    IndexPage,
    Listed,
    ListingPage,
    Page,
    ReportPage,
    ShadowPage,
    TeamPage,
    environment,
    subset_hrefs,
)
from modelinv.site.report_pages import (
    HEALTH_PAGE,
    RETIREMENT_PAGE,
    REVIEW_PAGE,
    Reports,
    make_reports,
    report_files,
)
from modelinv.site.rows import model_row
from modelinv.site.safety import safe_url, script_json_texts
from modelinv.site.team_pages import team_views
from modelinv.support import lifetime
from modelinv.support.text import utf8

if TYPE_CHECKING:  # its reader is imported by `build --discovery` alone
    from modelinv.discovery.saved import SavedDiscovery

__all__ = ["CSP", "BuildResult", "SiteExport", "build_site", "ref_hrefs"]
STATIC_FILES = ("site.css", "index.js")


@dataclass(frozen=True, slots=True)
class SiteExport:
    """An export the site offers under `exports/`: its files (the export itself first),
    what it is, and how to make them (file name -> its bytes in pieces, made as they are
    written). Made by whichever process is free (see `Rendering`), one export at a time."""

    files: tuple[str, ...]
    summary: str
    make: Callable[[], dict[str, Iterable[bytes]]]


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: tuple[str, ...]  # POSIX paths under the output folder
    models: int
    findings: int
    rendered: int = 0  # pages rendered
    reused: int = 0  # pages copied from the previous build (inputs unchanged)


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


def build_site(
    catalog: Inventory,
    result: Result,
    out: Path,
    *,
    repo_url: str | None = None,
    usage: Usage | None = None,
    history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    discovery: SavedDiscovery | None = None,
    exports: Sequence[SiteExport] = (),
    index_json: bool = False,
) -> BuildResult:
    """Write the site for `catalog` (loaded with its entities) and `result` (its validation)
    to `out`, which is replaced as a whole. `usage` is the traffic the reports judge by
    (unknown without it). With `history`, the health page charts the health report over the
    catalog's git history. `progress(step, done, total)` is told how far the build is.
    `cache_dir` keeps the key that signs the page manifest; without it every page is
    rendered. Model pages are rendered by `jobs` processes (default: one per core) when
    there are many. Raises OutputError for an output folder that cannot be used. With
    `discovery` (a saved `modelinv discover --format json`), a "Shadow models" page is
    added and the health page counts shadow and orphan models, linking it. `exports` are
    written under `exports/` and linked from the index page; each is made by whichever
    process is free while the others render pages, and its bytes dropped once written.
    With `index_json`, the index report is written as `index.json` too."""

    def tell(step: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(step, done, total)

    catalog_dir = Path(catalog.root)
    check_output(out, catalog_dir)
    tool = _tool_digest()
    key = manifest_key(cache_dir)
    previous = read_previous(absolute_path(out), tool, key)
    staging = Staging(out, tool, key)
    jobs = jobs or default_jobs()
    try:
        # The collector paused: the build makes millions of small objects (10,000 decoded
        # models, report rows, page fragments) and hardly any cycle; each collection walked
        # every one of them again (in one process at 10k, decoding and the retirement and
        # index reports took 4.5 CPU-s with collections, 1.5 without).
        store = FactStore(cache_dir, key, catalog_dir)
        with lifetime.gc_paused():
            counts = _render_all(
                catalog,
                result,
                staging,
                previous,
                store,
                HistoryMemo(cache_dir, key, catalog_dir) if history and cache_dir and key else None,
                repo_url,
                usage,
                history,
                tell,
                jobs,
                discovery,
                exports,
                index_json,
            )
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    return BuildResult(
        tuple(sorted(staging.files)), counts[0], len(result.findings), counts[1], counts[2]
    )


def _render_all(
    catalog: Inventory,
    result: Result,
    staging: Staging,
    previous: Previous,
    store: FactStore,
    memo: HistoryMemo | None,
    repo_url: str | None,
    usage: Usage | None,
    history: bool,
    tell: Callable[..., None],
    jobs: int,
    discovery: SavedDiscovery | None,
    exports: Sequence[SiteExport],
    index_json: bool,
) -> tuple[int, int, int]:
    """Render every page into `staging`; (model pages, pages rendered, pages reused).

    The models' facts and rows are prepared first (kept in `store` between builds: only
    changed models are decoded). The workers are then forked (they share them) and start
    on the side pages; this process works out what only the model pages need, queues them
    in spans, makes the report and index pages, and then takes the spans no worker has
    claimed."""
    tell("reports")
    # git reads the change trails' history on another core while this process decodes the
    # models (a long history: ~0.8 ms of git a commit at 10,000 files, which the start of
    # the build otherwise waited for).
    early = start_trails(Path(catalog.root)) if history else None
    try:
        by_path: dict[str, list[Finding]] = {}
        for finding in result.findings:
            by_path.setdefault(finding.location.path, []).append(finding)
        hrefs = ref_hrefs(catalog)
        env = environment()
        done_counts = [0, 0]  # rendered, reused
        store.prepare(catalog)
        models = catalog.entries_of(Model)
        base = repo_url.rstrip("/") + "/" if repo_url and safe_url(repo_url) else None
        catalog.index.relations  # noqa: B018  (every process needs them: before the fork)
        up, down = Reach(catalog, UPSTREAM), Reach(catalog, DOWNSTREAM)
        job = ModelJob(
            catalog,
            models,
            hrefs,
            by_path,
            base,
            up,
            down,
            GraphKeys(catalog, hrefs, up, down),
            previous,
            staging.root,
            staging.mode,
            env,
            staging.key is not None,
        )
        for folder in ("reports", "static", "teams", *(("exports",) if exports else ())):
            staging.folder(folder)  # before the workers write into them
        side = SideJob(
            catalog,
            hrefs,
            usage or Usage.none(),
            env,
            staging.root,
            staging.mode,
            by_path,
            store,
            _links_key(hrefs) if staging.key is not None else "",
            history,
            discovery,
            previous,
            memo,
            tuple(exports),
            staging.key is not None,
        )
        _SIDE[:] = [side]
        # The exports last: ~5 CPU s at 10,000 models, taken by whichever process is free.
        made = tuple(partial(_export_side, number) for number in range(len(exports)))
        # The worker starts on the side pages now; what only the model pages need is
        # worked out here meanwhile, then sent with their spans.
        rendering = Rendering(
            job,
            jobs,
            (_health_and_team_pages, _review_outputs, _listing_pages, _save_facts, *made),
            partial(history_progress, side.judged),
        )
    except BaseException:
        _SIDE.clear()
        if early is not None:
            early.close()  # stops git
        raise
    try:
        inputs = _page_inputs(job, history, early)
        staging.topology = inputs.topology
        rendering.start_pages(inputs)

        def render(
            name: str, template: str, page: Page, inputs: str | None = None, whole: bool = True
        ) -> None:
            """Render a page unless it can be kept; not `whole`: written as it is rendered,
            in pieces (a large page is never held as one text and its bytes)."""
            done_counts[0] += 1
            if inputs is not None and staging.keep(name, inputs, previous):
                done_counts[0] -= 1
                done_counts[1] += 1
            elif whole or inputs is not None:
                data = utf8(env.get_template(template).render(page=page))
                staging.write(name, data, inputs)
            else:
                pieces = env.get_template(template).generate(page=page)
                staging.write_pieces(name, (utf8(piece) for piece in pieces))

        reports = _other_pages(
            catalog,
            by_path,
            hrefs,
            models,
            staging,
            render,
            store,
            usage,
            tell,
            tuple((name, export.summary) for export in exports for name in export.files),
            index_json,
        )
        for record in rendering.wait(tell):
            staging.record(record.name, record.page)
            if record.page_counted:
                done_counts[1 if record.reused else 0] += 1
    finally:
        rendering.close()
        _SIDE.clear()
    del reports
    return len(models), done_counts[0], done_counts[1]


def _page_inputs(job: ModelJob, history: bool, early: EarlyLog | None) -> PageInputs:
    """What the model pages need beyond `job`: the change trails (from `early`, which is
    closed), the topology digest and, in a first build, the reach counts."""
    try:
        trails = file_trails(Path(job.catalog.root), early=early) if history else {}
    finally:
        if early is not None:
            early.close()  # stops git if reading its output failed
    topology = topology_digest(job.catalog, job.hrefs)
    # A first build renders every page, and after a reference edit every page's local
    # digest needs its counts: then one pass over the catalog here, which the spans share
    # (each process made its own). Otherwise most pages are kept on their quick digest and
    # the counts may never be needed (a worker that does works them out itself).
    changed = not job.previous.pages or job.previous.topology != topology
    counts = page_counts(job) if changed else None
    return PageInputs(topology, trails, bool(trails), counts)


def _other_pages(
    catalog: Inventory,
    by_path: dict[str, list[Finding]],
    hrefs: dict[str, str],
    models: list[Entry],
    staging: Staging,
    render: Callable[..., None],
    store: FactStore,
    usage: Usage | None,
    tell: Callable[..., None],
    listed: tuple[tuple[str, str], ...],
    index_json: bool,
) -> Reports:
    """The retirement report's files, the index page (linking the `listed`
    exports: file name, what it is) and the retirement page (the other processes make the
    rest: see `_review_outputs`, `_listing_pages`, `_health_and_team_pages` and
    `_export_side`); with
    `index_json`, `index.json` too."""
    day = catalog.context.today
    reports = make_reports(catalog, usage or Usage.none(), staging.write_pieces, index_json, store)
    rows = (
        model_row(store.row(entry), entry, facts.name, hrefs, reports.flags.get(facts.name, ()))
        for entry in models
        for facts in (store.facts(catalog, entry),)
    )
    # failing validation, or a second file for an id: left out of the pages
    invalid = tuple((e.rel, tuple(by_path.get(e.display, ()))) for e in catalog.left_out())
    index = IndexPage(
        "",
        "Model inventory",
        day,
        hrefs,
        script_json_texts(rows),  # row by row: the rows are never all held
        len(models),
        invalid,
        listed,
    )
    render("index.html", "index.html", index, whole=False)
    del index
    del rows
    tell("report pages")
    name, title = RETIREMENT_PAGE
    render(name, name, ReportPage("", title, day, hrefs, reports.retirement))
    return reports


@dataclass(frozen=True, slots=True)
class SideJob:
    """What the workers making the review, health, team and listing pages read (inherited
    when they are forked)."""

    catalog: Inventory
    hrefs: dict[str, str]
    usage: Usage
    env: Environment
    root: Path  # the staging folder
    mode: int
    by_path: dict[str, list[Finding]]
    facts: FactStore  # the models' facts, prepared
    hrefs_key: str  # a digest of `hrefs` (`output.output_key`), for the pages' keys
    history: bool
    discovery: SavedDiscovery | None
    previous: Previous
    memo: HistoryMemo | None  # past versions' health kept in the cache folder
    exports: tuple[SiteExport, ...]
    digests: bool  # whether the team pages' digests are worked out (see `ModelJob`)
    # Past versions judged, of how many: written by the process making the health page,
    # read by this one while it waits for it (`history_progress`).
    judged: ctypes.Array[ctypes.c_int] = dataclasses.field(
        default_factory=lambda: multiprocessing.RawArray(ctypes.c_int, 2)
    )


_SIDE: list[SideJob] = []


def _export_side(number: int) -> list[Written]:
    """Make export `number` and write its files under `exports/`."""
    job = _SIDE[0]
    export = job.exports[number]
    files = export.make()
    if set(files) != set(export.files):  # an exporter that does not list what it makes
        raise ValueError(f"the export made {sorted(files)}, not its files {export.files}")
    written = []
    for name in export.files:
        write_pieces(job.root, f"exports/{name}", files.pop(name), job.mode)
        written.append(Written(f"exports/{name}", None, False, False))
    return written


class _Files:
    """What a side writes into the staging folder, each file it makes recorded for the
    manifest with the key of what it was made from (`output.output_key`), so the next
    build keeps the file while that is the same (without a manifest, `job.digests`
    false, there are no keys and every file is made)."""

    def __init__(self, job: SideJob) -> None:
        self.job = job
        self.written: list[Written] = []

    def key(self, *parts: str | bytes) -> str | None:
        return output_key(*parts) if self.job.digests else None

    def write(self, name: str, data: bytes, *, page: bool = False, key: str | None = None) -> None:
        info = write_file(self.job.root, name, data, self.job.mode)
        known = Kept(key, hashlib.sha256(data).hexdigest(), stamp_of(info)) if key else None
        self.written.append(Written(name, known, False, page))

    def keep_or_make(
        self, name: str, key: str | None, make: Callable[[], bytes], *, page: bool = False
    ) -> None:
        """Keep `name` from the previous build when it was made from the same `key`, else
        write what `make` gives."""
        if key is not None:
            kept = self.job.previous.keep(name, key, self.job.root)
            if kept is not None:
                self.written.append(Written(name, kept, True, page))
                return
        self.write(name, make(), page=page, key=key)

    def render(self, name: str, template: str, page: Page) -> bytes:
        return utf8(self.job.env.get_template(template).render(page=page))


def _review_outputs() -> list[Written]:
    """The review report's page and files, each kept when the report is the previous
    build's (its JSON, its whole value, is the same) and so are the links: at 10,000
    models with 3,600 reviews due they take ~0.5 CPU s to make."""
    job = _SIDE[0]
    files = _Files(job)
    review = review_report(job.catalog, job.usage, facts=job.facts)
    json_bytes, markdown = report_files(review)
    report = files.key(json_bytes)
    files.keep_or_make("reports/review.json", report, lambda: json_bytes)
    files.keep_or_make("reports/review.md", report, markdown)
    name, title = REVIEW_PAGE
    page = ReportPage("", title, job.catalog.context.today, job.hrefs, review)
    page_key = files.key(report, name, title, job.hrefs_key) if report else None
    files.keep_or_make(name, page_key, lambda: files.render(name, name, page), page=True)
    return files.written


def _listing_pages() -> list[Written]:
    """The teams, data assets and consumers pages, each kept when what it lists and the
    links are the previous build's, and the static files."""
    job = _SIDE[0]
    files = _Files(job)
    day = job.catalog.context.today
    for name, heading, items in _listings(job.catalog):
        listing = ListingPage("", heading, day, job.hrefs, heading, items)
        key = files.key(name, heading, day.isoformat(), job.hrefs_key, value_json(items))
        files.keep_or_make(
            name, key, partial(files.render, name, "listing.html", listing), page=True
        )
    static = resources.files("modelinv.site") / "static"
    for name in STATIC_FILES:
        files.write(f"static/{name}", static.joinpath(name).read_bytes())
    return files.written


def _save_facts() -> list[Written]:
    """Keep the models' facts for the next build (`FactStore.save`): by whichever process
    is free, not at the end of the building process's path (~0.08 s at 10,000 models)."""
    _SIDE[0].facts.save()
    return []


def _health_and_team_pages() -> list[Written]:
    """The health report, its page (with the catalog's history) and files, the shadow page
    and the team pages (which show the health report's cost rows): made by a worker. The
    report's files and page are kept as `_review_outputs` keeps the review's."""
    job = _SIDE[0]
    catalog, hrefs = job.catalog, job.hrefs
    day = catalog.context.today
    files = _Files(job)
    written = files.written

    facts = Remembered()  # each model's, for the report and every past version's
    entries = catalog.entries_of(Model)
    facts.learn(entries, job.facts(catalog, entries))
    health = health_report(catalog, job.usage, facts)
    json_bytes, markdown = report_files(health)
    report = files.key(json_bytes)
    files.keep_or_make("reports/health.json", report, lambda: json_bytes)
    files.keep_or_make("reports/health.md", report, markdown)
    without_usage = health if job.usage.source is None else None  # history has no usage

    def judging(done: int, total: int) -> None:
        job.judged[0], job.judged[1] = done, total

    past = (
        health_history(catalog, without_usage, facts, job.memo, judging)
        if job.history
        else History((), "now", "history not read")
    )
    if job.memo is not None:
        job.memo.save()
    name, title = HEALTH_PAGE
    charts = trend_charts(past)  # made from `past`: in the key with it
    page = HealthPage("", title, day, hrefs, health, past, charts, job.discovery)
    page_key = None
    if report and job.discovery is None:  # with a saved discovery, made every time
        page_key = files.key(report, name, title, job.hrefs_key, value_json(past))
    files.keep_or_make(name, page_key, lambda: files.render(name, name, page), page=True)
    if job.discovery is not None:
        shadow = ShadowPage("", "Shadow models", day, hrefs, job.discovery)
        files.write("shadow.html", files.render("shadow.html", "shadow.html", shadow), page=True)
    for view in team_views(catalog, job.by_path, health, job.facts):
        refs = [view.ref, *(m.ref for _, rows in view.stages for m in rows)]
        refs += [o.ref for o in view.overdue]
        links = subset_hrefs(hrefs, refs)
        team_page = TeamPage("../", view.team.metadata.title, day, links, view)
        name = f"teams/{view.name}.html"
        key = digest(repr(team_page)) if job.digests else None
        files.keep_or_make(
            name, key, partial(files.render, name, "team.html", team_page), page=True
        )
    return written


def history_progress(judged: ctypes.Array[ctypes.c_int]) -> tuple[str, int, int] | None:
    """How far the health history has come ("health history", past versions judged, of
    how many: `SideJob.judged`), once it has versions to judge."""
    done, total = judged[0], judged[1]
    return ("health history", done, total) if total else None


def _links_key(hrefs: dict[str, str]) -> str:
    """A digest of every ref's link (which entities the catalog has, and where their pages
    are): in the key of every page kept whole that links refs."""
    return output_key("\n".join(f"{ref} {href}" for ref, href in hrefs.items()))


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
