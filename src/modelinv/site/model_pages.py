"""Model pages: one per valid model, rendered in worker processes when there are many.

Each page's inputs digest (everything it is rendered from) decides whether the previous
build's copy can be kept. Workers are forked, so they share the loaded catalog, the links
and the dependency counts without sending them anywhere; each writes its pages straight
into the staging folder and returns only (name, inputs, content hash) records.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from modelinv.findings import Finding
from modelinv.gitdata.git import LogEntry
from modelinv.governance.lifecycle import retirement_checklist
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.site.chart import metric_chart, passes
from modelinv.site.graph import Graph, Reach, dependency_graph
from modelinv.site.output import Previous, write_file
from modelinv.site.pages import MetricView, ModelPage, subset_hrefs
from modelinv.site.safety import safe_url

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 400
CHUNK = 200  # pages per task: progress is reported per finished task


@dataclass(frozen=True, slots=True)
class Written:
    name: str  # the page's path under the output folder
    inputs: str  # digest of what it is rendered from
    sha256: str  # of its bytes
    reused: bool  # copied from the previous build


@dataclass(frozen=True, slots=True)
class ModelJob:
    """Everything a model page needs, shared with forked workers."""

    catalog: Inventory
    models: Sequence[tuple[Entry, Model]]
    hrefs: dict[str, str]
    by_path: dict[str, list[Finding]]
    base: str | None  # the forge URL of the catalog folder, ending in "/"
    changes: dict[str, tuple[LogEntry, ...]]
    up: Reach
    down: Reach
    previous: Previous
    root: Path  # the staging folder
    mode: int  # file mode of the pages
    env: Environment


_JOB: list[ModelJob] = []  # the job a forked worker inherited


def render_model_pages(
    job: ModelJob, jobs: int, tell: Callable[[str, int, int], None]
) -> list[Written]:
    """Render (or keep) every model page of `job`, in `jobs` forked processes when there
    are enough pages and the platform can fork; records in the order of `job.models`."""
    total = len(job.models)
    (job.root / "models").mkdir(exist_ok=True)
    job.up.count("")  # work out the counts once, before the workers share them
    job.down.count("")
    spans = [(i, min(i + CHUNK, total)) for i in range(0, total, CHUNK)]
    written: list[Written] = []
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or total < PARALLEL_MIN_PAGES or not can_fork:
        for start, stop in spans:
            written += _render_span(job, start, stop)
            tell("model pages", stop, total)
        return written
    _JOB[:] = [job]
    gc.freeze()  # the workers' garbage collector then leaves the shared objects unshared
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            starts, stops = [s for s, _ in spans], [e for _, e in spans]
            done = pool.map(_render_inherited, starts, stops)
            for stop, records in zip(stops, done, strict=True):
                written += records
                tell("model pages", stop, total)
    finally:
        _JOB.clear()
        gc.unfreeze()
    return written


def _render_inherited(start: int, stop: int) -> list[Written]:
    return _render_span(_JOB[0], start, stop)


def _render_span(job: ModelJob, start: int, stop: int) -> list[Written]:
    template = job.env.get_template("model.html")
    records = []
    for entry, model in job.models[start:stop]:
        ref = entry.ref or f"model:{entry.name}"
        graph = dependency_graph(job.catalog, ref, job.hrefs, job.up, job.down)
        page = model_page(
            job.catalog, entry, model, job.hrefs, graph, job.by_path, job.base, job.changes
        )
        name = f"models/{entry.name}.html"
        inputs = model_inputs(page)
        data = job.previous.reuse(name, inputs)
        reused = data is not None
        if data is None:
            data = template.render(page=page).encode("utf-8")
        write_file(job.root, name, data, job.mode)
        records.append(Written(name, inputs, hashlib.sha256(data).hexdigest(), reused))
    return records


def default_jobs() -> int:
    return os.cpu_count() or 1


def model_page(
    catalog: Inventory,
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
        subset_hrefs(hrefs, linked),
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


def model_inputs(page: ModelPage) -> str:
    """A digest of everything a model page is rendered from (the entry itself is not shown;
    its findings, path and history are listed separately)."""
    return digest(
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


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
