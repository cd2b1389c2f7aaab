"""Model pages: one per valid model, rendered in worker processes when there are many.

Each page's inputs digest (everything it is rendered from) decides whether the previous
build's copy can be kept. Workers are forked, so they share the loaded catalog and the
links without sending them anywhere; what the building process works out after the fork
(`PageInputs`) goes to them in each span's share. Each writes its pages straight into the
staging folder and returns only (name, inputs, content hash) records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import marshal
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.sharedctypes import SynchronizedArray
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment

from modelinv.findings import Finding
from modelinv.gitdata.git import LogEntry
from modelinv.governance.lifecycle import retirement_steps
from modelinv.inventory.index import Entry, payload_digest
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports.model_facts import as_model
from modelinv.site.changes import NO_TRAIL, Trail
from modelinv.site.chart import metric_chart, passes
from modelinv.site.graph import Graph, GraphKey, GraphKeys, Reach, dependency_graph
from modelinv.site.model_html import model_body
from modelinv.site.output import Kept, Previous, stamp_of, write_file
from modelinv.site.pages import Layout, MetricView, ModelPage, subset_hrefs
from modelinv.site.safety import safe_url
from modelinv.support import lifetime
from modelinv.support.text import utf8

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 400
CHUNK = 200  # pages per task: progress is reported per finished task
WATCH_S = 0.25  # how often a side's progress is read while it is waited for


@dataclass(frozen=True, slots=True)
class Written:
    name: str  # the file's path under the output folder
    page: Kept | None  # a page's inputs digest, content hash and file identity
    reused: bool  # kept from the previous build
    page_counted: bool = True  # a page (counted as rendered or reused), not a data file


@dataclass(frozen=True, slots=True)
class ModelJob:
    """Everything a model page needs, shared with forked workers."""

    catalog: Inventory
    # the valid models' entries, each decoded only where its page is not kept
    entries: Sequence[Entry]
    hrefs: dict[str, str]
    by_path: dict[str, list[Finding]]
    base: str | None  # the forge URL of the catalog folder, ending in "/"
    up: Reach
    down: Reach
    graph_keys: GraphKeys  # on the same catalog, links and reaches
    previous: Previous
    root: Path  # the staging folder
    mode: int  # file mode of the pages
    env: Environment
    # Whether the pages' digests are worked out: a build that writes no manifest (no cache
    # folder, `--fresh`, `--no-cache`: the publish workflow's) keeps nothing for the next
    # one, and the digests are ~10% of a page's CPU.
    digests: bool = True


@dataclass(frozen=True, slots=True)
class PageInputs:
    """What the model pages are made from beyond the job the workers inherit, worked out by
    the building process once they are forked: the pages' change trails, the topology
    digest and, in a first build, the counts of refs each page's model reaches. Before,
    both processes waited for them (~0.3 s at 10,000 models, longer with a long history);
    now the worker starts on its side pages meanwhile, and each span of model pages is
    sent its pages' share (`share`)."""

    topology: str  # `topology_digest` of the catalog (links and relations)
    trails: dict[str, Trail]  # each file's commits the pages list
    history: bool  # whether the catalog's git history was read (for any file)
    # ref -> (refs reached upstream, downstream); None: worked out where needed (a rebuild
    # keeps most pages and may never need them)
    counts: dict[str, tuple[int, int]] | None

    def share(self, entries: Sequence[Entry]) -> PageInputs:
        """The part the pages of `entries` need."""
        trails = {e.rel: self.trails[e.rel] for e in entries if e.rel in self.trails}
        counts = self.counts
        if counts is not None:
            counts = {ref: counts[ref] for ref in map(page_ref, entries)}
        return PageInputs(self.topology, trails, self.history, counts)


def page_counts(job: ModelJob) -> dict[str, tuple[int, int]]:
    """Each page's (upstream, downstream) reach counts, from one pass over the catalog."""
    up, down = job.up.counts(), job.down.counts()
    return {ref: (up.get(ref, 0), down.get(ref, 0)) for ref in map(page_ref, job.entries)}


def page_ref(entry: Entry) -> str:
    return entry.ref or f"model:{entry.name}"


_JOB: list[ModelJob] = []  # the job a forked worker inherited

# What a page's digest is taken of (see `digest_of`): values marshal writes the same way
# whenever they are equal.
Plain = str | bytes | int | bool | None | tuple["Plain", ...]


class Rendering:
    """Model pages being rendered by forked workers while the building process goes on with
    the other pages (on two cores, one core no longer idles while the reports are made);
    `wait` collects them. Without workers (few pages, one job, no fork) `wait` renders them
    itself."""

    def __init__(
        self,
        job: ModelJob,
        jobs: int,
        sides: tuple[Callable[[], list[Written]], ...] = (),
        watch: Callable[[], tuple[str, int, int] | None] | None = None,
    ) -> None:
        """`sides` (module-level functions, so a worker can run them) make other pages from
        what the workers inherit; they start at once. The model pages start with
        `start_pages`. `watch` says how far a side a worker makes has come (a step and its
        counts, or None), read while `wait` waits for it."""
        self.job = job
        self.sides = sides
        self.watch = watch
        self.sides_done: list[Future[list[Written] | None]] = []
        self.claims: SynchronizedArray[int] | None = None
        self.inputs: PageInputs | None = None
        total = len(job.entries)
        (job.root / "models").mkdir(exist_ok=True)
        # Shared by the pages of every process: one step away up and down (cheap).
        job.up.neighbours, job.down.neighbours  # noqa: B018
        self.spans = [(i, min(i + CHUNK, total)) for i in range(0, total, CHUNK)]
        self.pool: ProcessPoolExecutor | None = None
        self.done: list[Future[list[Written] | None]] = []
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if jobs <= 1 or total < PARALLEL_MIN_PAGES or not can_fork:
            return
        _JOB[:] = [job]
        gc.freeze()  # the workers' garbage collector then leaves the shared objects unshared
        context = multiprocessing.get_context("fork")
        # This process is one of the `jobs`: it makes the reports and the index page, then
        # renders pages too (see `wait`). A worker more than the cores left would only
        # take turns with it, and every worker copies the pages of shared objects it
        # touches (reference counts are writes): at 10,000 models on two cores, two
        # workers took 4.9-5.0 s and 1.0 s of system time, one 4.65-4.8 s and 0.8 s.
        # Each side is queued for the workers and may also be taken by this process when
        # it is done with its own pages first (see `wait`): whichever process claims a side
        # makes it. On two cores the one worker made both sides one after the other while
        # this process idled (a rebuild at 10,000 models: ~0.75 s).
        # Spans are claimed the same way, after the sides: this process takes them from the
        # last one back, the workers from the first on. A queued task cannot be cancelled
        # once the pool has handed it to a worker's queue (one ahead of the one running), so
        # taking spans by cancelling them left this process idle for up to two spans
        # (~0.25 s at 10,000 models) while a worker finished the last ones.
        self.claims = context.Array("b", len(sides) + len(self.spans))
        _SIDES[:] = [(sides, self.claims)]
        self.pool = ProcessPoolExecutor(jobs - 1, mp_context=context)
        try:
            self.sides_done = [self.pool.submit(_side_inherited, n) for n in range(len(sides))]
        except BaseException:
            self.close()
            raise

    def start_pages(self, inputs: PageInputs) -> None:
        """Queue the spans of model pages for the workers, each with its share of
        `inputs` (the building process renders with all of it)."""
        self.inputs = inputs
        if self.pool is None:
            return
        entries, first = self.job.entries, len(self.sides)
        try:
            self.done = [
                self.pool.submit(
                    _render_claimed, first + number, start, stop, inputs.share(entries[start:stop])
                )
                for number, (start, stop) in enumerate(self.spans)
            ]
        except BaseException:
            self.close()
            raise

    def wait(self, tell: Callable[[str, int, int], None]) -> list[Written]:
        """Every page's record, in the order of `job.entries`. The building process, done
        with its own pages, renders the spans no worker has started yet, from the last one
        back (a cancelled task is one no worker took), while the workers go on from the
        front: on two cores its core would otherwise idle while the last pages are made."""
        total = len(self.job.entries)
        done: dict[int, list[Written]] = {}
        taken: list[Written] = []
        inputs = self.inputs
        if inputs is None:
            raise RuntimeError("model pages waited for before start_pages")
        try:
            if self.claims is not None:
                for number, side in enumerate(self.sides):
                    if _claim(self.claims, number):
                        taken += side()
            if self.done and self.claims is not None:
                for number in reversed(range(len(self.spans))):
                    if not _claim(self.claims, len(self.sides) + number):
                        break  # this one and every earlier one claimed by a worker
                    done[number] = _render_span(self.job, *self.spans[number], inputs)
            written: list[Written] = []
            for number, (start, stop) in enumerate(self.spans):
                if number in done:
                    written += done[number]
                elif self.done:
                    watched(self.done[number], self.watch, tell)  # it may wait behind a side
                    written += self.done[number].result() or ()
                else:
                    written += _render_span(self.job, start, stop, inputs)
                tell("model pages", stop, total)
            if self.sides_done:
                written += taken
                for future in self.sides_done:
                    watched(future, self.watch, tell)
                    written += future.result() or ()  # None: a side this process took
            else:
                for side in self.sides:
                    written += side()
        finally:
            self.close()
        return written

    def close(self) -> None:
        """Stop the workers (cancelling what they have not started) and forget the job."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            _JOB.clear()
            _SIDES.clear()
            # A one-shot process froze its catalog on purpose (`support.lifetime`): leave it
            # so; elsewhere give the collector back what the freeze above took.
            if not lifetime.one_shot():
                gc.unfreeze()


def watched(
    future: Future[list[Written] | None],
    watch: Callable[[], tuple[str, int, int] | None] | None,
    tell: Callable[[str, int, int], None],
) -> None:
    """Tell how far the sides have come (`watch`, if any) until `future` (a side, or a span
    of pages a worker takes after one) is done: a side can take much longer than the pages
    (the health history of a catalog whose models all change monthly: ~3 s a month)."""
    while watch is not None and not future.done():
        shown = watch()
        if shown is not None:
            tell(*shown)
        futures.wait([future], timeout=WATCH_S)


def _render_claimed(claim: int, start: int, stop: int, inputs: PageInputs) -> list[Written] | None:
    """The span's records, or None when the building process claimed it first."""
    return _render_span(_JOB[0], start, stop, inputs) if _claim(_SIDES[0][1], claim) else None


# The sides a forked worker inherited, with the flags saying which were claimed already.
_SIDES: list[tuple[tuple[Callable[[], list[Written]], ...], SynchronizedArray[int]]] = []


def _side_inherited(number: int) -> list[Written] | None:
    """Side `number`'s records, or None when the building process claimed it first."""
    sides, claims = _SIDES[0]
    return sides[number]() if _claim(claims, number) else None


def _claim(claims: SynchronizedArray[int], number: int) -> bool:
    """Whether this process is the first to claim side or span `number` (it then makes
    it)."""
    with claims.get_lock():
        if claims[number]:
            return False
        claims[number] = 1
        return True


class _Own(NamedTuple):
    """A page's own inputs, worked out before its dependency section (and then, from its
    links on, the digests only a page not kept on its quick digest needs)."""

    entry: Entry
    model: Model
    ref: str
    name: str  # the page's path under the output folder
    own: bytes  # `own_digest`: each of the page's digests starts from it
    findings: tuple[Finding, ...]
    source_url: str | None
    changes: Trail
    quick: str  # the quick digest
    links: tuple[tuple[str, str], ...] = ()  # the hrefs of `linked_refs(model)`, sorted
    local: str = ""  # the local digest


def _render_span(job: ModelJob, start: int, stop: int, span: PageInputs) -> list[Written]:
    """The records of pages `start` to `stop` of `job.entries`, each kept from the previous
    build or rendered and written. Each step runs over the whole span before the next
    (every page's digest, then every graph, every context, every body, every write): page
    by page, the same work took ~15-20% more CPU (10k: 371 -> 305 us a page; the chain,
    400 -> 318), the interpreter's caches going cold on each step's code and data.

    A page is kept on the first of its three digests that matches the previous build's:
    the quick one (no reference changed anywhere), the local one (none its links and
    dependency section are made from), the full one (its dependency section is the same)."""
    chosen = job.entries[start:stop]
    if span.counts is not None:
        counts = [(ref, span.counts[ref]) for ref in map(page_ref, chosen)]
        job.up.learn({ref: up for ref, (up, _) in counts})
        job.down.learn({ref: down for ref, (_, down) in counts})
    records: dict[str, Written] = {}
    pending = _keep_quick(job, chosen, span, records)
    # With the topology as the previous build's, a page missed its quick digest because its
    # own inputs changed, which its local digest holds too: no key is worked out to miss.
    pending = _keep_local(job, pending, records, span.topology != job.previous.topology)
    drawn = _keep_drawn(job, pending, records)
    del pending
    _render_drawn(job, drawn, span.history, records)
    return [records[f"models/{entry.name}.html"] for entry in chosen]


def _keep_quick(
    job: ModelJob,
    chosen: Sequence[Entry],
    span: PageInputs,
    records: dict[str, Written],
) -> list[_Own]:
    """The pages not kept on their quick digest: the page's own inputs and the whole
    catalog's links and relations, which decide its links and dependency section. When
    they are all as before (an edit elsewhere that changed no reference), the page is kept
    without working out anything of its graph."""
    day = job.catalog.context.today.toordinal()  # digests take plain values only
    pending: list[_Own] = []
    for entry in chosen:
        ref = entry.ref or f"model:{entry.name}"
        name = f"models/{entry.name}.html"
        findings = tuple(job.by_path.get(entry.display, ()))
        source_url = safe_url(job.base + entry.rel) if job.base else None
        changes = span.trails.get(entry.rel, NO_TRAIL)
        own, quick = b"", ""
        if job.digests:
            inputs = (day, ref, shown(findings), source_url, entry.rel, trail_key(changes))
            own = own_digest(payload_digest(entry), (*inputs, span.history))
            quick = digest_of(own, span.topology)
            kept = job.previous.keep(name, quick, job.root, by="quick")
            if kept is not None:
                records[name] = Written(name, kept, True)
                continue
        model = as_model(job.catalog.entity(entry))  # decoded only for a page not kept
        pending.append(_Own(entry, model, ref, name, own, findings, source_url, changes, quick))
    return pending


def _keep_local(
    job: ModelJob, pending: list[_Own], records: dict[str, Written], tried: bool
) -> list[_Own]:
    """The pages not kept on their local digest either (when `tried`): the page's own
    inputs, its links and a key of what its dependency section is made from (`GraphKeys`),
    without the graph. After a reference edit every quick digest misses; this finds the
    pages the edit does not reach. A page new to this build, or not `tried`, gets its key
    from its graph (`_keep_drawn`). Each page returned has its links."""
    unsure: list[_Own] = []
    for own in pending:
        links = tuple(sorted(subset_hrefs(job.hrefs, linked_refs(own.model)).items()))
        page = own._replace(links=links)
        if tried and page.name in job.previous.pages:
            page = page._replace(local=_local_digest(page, job.graph_keys.key(page.ref)))
            kept = job.previous.keep(page.name, page.local, job.root, by="local")
            if kept is not None:
                known = Kept(kept.inputs, kept.sha256, kept.stamp, page.quick, page.local)
                records[page.name] = Written(page.name, known, True)
                continue
        unsure.append(page)
    return unsure


class _Drawn(NamedTuple):
    """A page to render: its own inputs, its graph and its full inputs digest."""

    own: _Own
    graph: Graph
    inputs: str


def _keep_drawn(job: ModelJob, pending: list[_Own], records: dict[str, Written]) -> list[_Drawn]:
    """The pages to render: those not kept on their full digest either, of everything the
    page shows (its graph drawn)."""
    drawn: list[_Drawn] = []
    for own in pending:
        read: list[str] = []
        graph = dependency_graph(job.catalog, own.ref, job.hrefs, job.up, job.down, read)
        page = own
        if not job.digests:
            drawn.append(_Drawn(page, graph, ""))
            continue
        if not page.local:
            page = page._replace(
                local=_local_digest(page, job.graph_keys.of_graph(page.ref, graph, read))
            )
        inputs = digest_of(page.own, page.links, graph_key(graph))
        kept = job.previous.keep(page.name, inputs, job.root)
        if kept is not None:
            known = Kept(inputs, kept.sha256, kept.stamp, page.quick, page.local)
            records[page.name] = Written(page.name, known, True)
        else:
            drawn.append(_Drawn(page, graph, inputs))
    return drawn


def _render_drawn(
    job: ModelJob, drawn: list[_Drawn], history: bool, records: dict[str, Written]
) -> None:
    """Render and write `drawn`, each step over all of them."""
    layout = _layout(job.env, job.catalog.context.today)
    pages = [
        model_page(
            job.catalog,
            d.own.entry,
            d.own.model,
            dict(d.own.links),
            d.graph,
            d.own.findings,
            d.own.source_url,
            d.own.changes,
            history,
        )
        for d in drawn
    ]
    bodies = [model_body(page) for page in pages]
    texts = [utf8(layout.page(page.title, body)) for page, body in zip(pages, bodies, strict=True)]
    del pages, bodies
    written = [
        write_file(job.root, d.own.name, data, job.mode)
        for d, data in zip(drawn, texts, strict=True)
    ]
    for d, data, info in zip(drawn, texts, written, strict=True):
        sha = hashlib.sha256(data).hexdigest() if job.digests else ""
        known = Kept(d.inputs, sha, stamp_of(info), d.own.quick, d.own.local)
        records[d.own.name] = Written(d.own.name, known, False)


def _local_digest(page: _Own, graph: GraphKey) -> str:
    """A page's local digest: its own inputs, its links and `graph`, the key of its
    dependency section."""
    return digest_of(page.own, page.links, graph)


@lru_cache(maxsize=4)  # one layout a build (per process), not one a span
def _layout(env: Environment, today: dt.date) -> Layout:
    return Layout.of(env, "model.html", "../", today)


def topology_digest(catalog: Inventory, hrefs: dict[str, str]) -> str:
    """A digest of everything beyond a model's own file that its page's links and
    dependency section are made from: every ref's link, every relation (the nearest refs,
    their distances and the counts of the rest all follow from these)."""
    hasher = hashlib.blake2b(marshal.dumps(sorted(hrefs.items()), 0), digest_size=20)
    relations = catalog.index.relations
    for name in sorted(relations):
        hasher.update(marshal.dumps((name, sorted(relations[name].items())), 0))
    return hasher.hexdigest()


def shown(findings: tuple[Finding, ...]) -> tuple[tuple[Plain, ...], ...]:
    """What a page shows of its findings, as plain tuples (for the inputs digest)."""
    return tuple(
        (f.severity.value, f.location.line, f.location.column, f.code, f.message, f.hint)
        for f in findings
    )


def default_jobs() -> int:
    return os.cpu_count() or 1


def linked_refs(model: Model) -> list[str]:
    """The refs a model page links outside its dependency section."""
    spec = model.spec
    linked = [spec.owner, *(t.source for t in spec.training_data or ())]
    linked += [*(spec.consumers or ())]
    if spec.deprecation and spec.deprecation.replacement:
        linked.append(spec.deprecation.replacement)
    return linked


def model_page(
    catalog: Inventory,
    entry: Entry,
    model: Model,
    links: dict[str, str],
    graph: Graph,
    findings: tuple[Finding, ...],
    source_url: str | None,
    changes: Trail,
    history: bool,
) -> ModelPage:
    """The context of one model page; `links` are the hrefs of `linked_refs(model)`;
    `history`: whether the catalog's git history was read."""
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
    return ModelPage(
        "../",
        model.metadata.title,
        catalog.context.today,
        links,
        entry,
        model,
        entry.ref or f"model:{entry.name}",
        graph,
        metrics,
        tuple(retirement_steps(model, catalog.context)),
        findings,
        source_url,
        entry.rel,
        changes,
        history,
    )


def graph_key(graph: Graph) -> tuple[Plain, ...]:
    """Everything the dependency section shows, as plain tuples (for `digest_of`). Nodes,
    edges and listed refs are named tuples: every field of theirs is in the key."""
    return (
        graph.width,
        graph.height,
        tuple(map(tuple, graph.nodes)),
        tuple(map(tuple, graph.edges)),
        tuple(map(tuple, graph.upstream)),
        tuple(map(tuple, graph.downstream)),
        graph.upstream_more,
        graph.downstream_more,
        graph.upstream_direct,
        graph.downstream_direct,
    )


def own_digest(entity: bytes, inputs: tuple[Plain, ...]) -> bytes:
    """The digest of a page's own inputs: its entity's JSON, by its digest (`entity`:
    `index.payload_digest`, from the cache's table, so a kept page's JSON is not even
    read), and `inputs` (the day, its ref, its findings as shown, its source link, its
    file, its history). Each of the page's digests (`digest_of`) starts from it."""
    hasher = hashlib.blake2b(entity, digest_size=20)
    hasher.update(marshal.dumps(inputs, 0))
    return hasher.digest()


def digest_of(payload: bytes, *parts: Plain) -> str:
    """A digest of everything a page is rendered from: the entity's JSON (its title, data,
    metrics and checklist all derive from it and the date) and the rest, plain values
    (tuples, text, bytes, whole numbers, booleans, None) written by marshal. Format 0 writes neither
    shared references nor interning flags, so equal values always give equal bytes; it
    refuses anything else (a date, a dataclass) rather than digesting it loosely. About
    three times cheaper than their `repr`, which every model page of every build took."""
    hasher = hashlib.blake2b(payload, digest_size=20)
    hasher.update(marshal.dumps(parts, 0))
    return hasher.hexdigest()


def trail_key(trail: Trail) -> tuple[Plain, ...]:
    """What a page lists of its file's commits, as plain values (for `digest_of`)."""
    first = log_key(trail.first) if trail.first is not None else None
    return (tuple(map(log_key, trail.newest)), trail.left_out, first)


def log_key(change: LogEntry) -> tuple[Plain, ...]:
    """A commit of a file's history as plain values, for `digest_of`."""
    return tuple(getattr(change, name) for name in _LOG_FIELDS)


_LOG_FIELDS = tuple(field.name for field in dataclasses.fields(LogEntry))


def digest(text: str) -> str:
    return hashlib.blake2b(utf8(text), digest_size=20).hexdigest()
