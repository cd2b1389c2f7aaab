"""Where a `build` spends its time: the steps the building process runs once per catalog,
and each stage of a model page, timed on their own in one process.

    python bench/build_stages.py [--models 10000] [--shape dag|chain] [--pages 2000]
                                 [--repeat 3]

Uses the generated catalog of bench/speed.py (bench/out/speed-N or speed-chain-N, made when
missing), loaded through a validate cache in a temporary folder (filled first, as `build`
finds it after a `validate`). Prints CPU seconds of each once-per-catalog step (what the
building process does before the workers start, then the reports and the index page it
makes while they render), and CPU microseconds per page of each model-page stage over
`--pages` models taken evenly: fetching the payload, the quick and the full inputs digest,
the dependency graph, the page's context (charts, checklist), its body, the layout, the
encoding, the content hash and the write (into a folder on /dev/shm when there is one).
Best of `--repeat` rounds, with the cyclic garbage collector off (as in `build`). The
figures add up to about one process's share of `modelinv build`; what they leave out is
imports, the side pages (review, health, teams, listings) and the workers' start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from speed import speed_catalog

from modelinv.checks.engine import Options, load_inventory
from modelinv.inventory.index import fetch_payload
from modelinv.model import Model
from modelinv.reports import render_json
from modelinv.reports.common import basis
from modelinv.reports.index import index_entries, index_policy
from modelinv.reports.retirement import retirement_report
from modelinv.reports.usage import Usage
from modelinv.site import model_html
from modelinv.site.builder import ref_hrefs
from modelinv.site.changes import NO_TRAIL
from modelinv.site.graph import DOWNSTREAM, UPSTREAM, GraphKeys, Reach, dependency_graph
from modelinv.site.model_html import model_body
from modelinv.site.model_pages import (
    digest_of,
    graph_key,
    linked_refs,
    model_page,
    own_digest,
    shown,
    topology_digest,
)
from modelinv.site.output import write_file
from modelinv.site.pages import Layout, environment, subset_hrefs

TODAY = dt.date(2026, 11, 26)


def cpu(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The least CPU time of `repeat` calls of `step`, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.thread_time()
        result = step()
        best = min(best, time.thread_time() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--shape", choices=("dag", "chain"), default="dag")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root, _ = speed_catalog(args.models, args.shape)
    name = root.name
    gc.disable()
    with tempfile.TemporaryDirectory(prefix="modelinv-stages-") as cache:
        options = Options(today=TODAY, cache_dir=Path(cache))
        load_inventory(root, options)  # fills the cache
        seconds, catalog = cpu(lambda: load_inventory(root, options), 1)
        print(f"{name}: {len(catalog.entries):,} files, {sys.version.split()[0]}")
        once: list[tuple[str, float]] = [("load (warm cache)", seconds)]
        once.append((("decode every entity"), cpu(lambda: list(catalog.valid()), 1)[0]))
        # Made once, on first use (by the first of the steps below otherwise).
        once.append(("relations of every ref", cpu(lambda: catalog.index.relations, 1)[0]))
        seconds, hrefs = cpu(lambda: ref_hrefs(catalog), args.repeat)
        once.append(("links of every ref", seconds))
        seconds, up = cpu(lambda: _with_tables(Reach(catalog, UPSTREAM)), args.repeat)
        once.append(("Reach: neighbour tables, upstream", seconds))
        seconds, down = cpu(lambda: _with_tables(Reach(catalog, DOWNSTREAM)), args.repeat)
        once.append(("Reach: neighbour tables, downstream", seconds))
        once.append(("Reach: counts, upstream", cpu(lambda: _counted(up), args.repeat)[0]))
        once.append(("Reach: counts, downstream", cpu(lambda: _counted(down), args.repeat)[0]))
        seconds, topology = cpu(lambda: topology_digest(catalog, hrefs), args.repeat)
        once.append(("topology digest", seconds))
        usage = Usage.none()
        seconds, retirement = cpu(lambda: retirement_report(catalog, usage), args.repeat)
        once.append(("retirement report", seconds))

        def index_json() -> int:
            entries = index_entries(catalog, usage, retirement, render_json.entity_json)
            chunks = render_json.index_chunks(basis(catalog, usage), index_policy(catalog), entries)
            return sum(len(chunk) for chunk in chunks)

        once.append(("index.json (--index-json only)", cpu(index_json, args.repeat)[0]))
        for step, seconds in once:
            print(f"  {step:40} {seconds:7.3f} CPU s")

        models = list(catalog.of_kind(Model))
        chosen = models[:: max(1, len(models) // args.pages)][: args.pages]
        stages = _page_stages(catalog, chosen, hrefs, up, down, topology, args.repeat)
        print(f"model pages ({len(chosen):,} of {len(models):,}), CPU us a page:")
        for stage, seconds in stages:
            print(f"  {stage:40} {seconds / len(chosen) * 1e6:7.1f}")
        # the body's parts (indented) are in "page body" already
        total = sum(seconds for stage, seconds in stages if stage[0] != " ") / len(chosen)
        print(f"  {'all':40} {total * 1e6:7.1f}  ({total * len(models):.2f} CPU s for all pages)")
    return 0


def _each(step: Callable[[Any], str], pages: list[Any]) -> list[str]:
    return [step(page) for page in pages]


def _with_tables(reach: Reach) -> Reach:
    """`reach` with its neighbour tables made (they are made on first use)."""
    assert reach.neighbours is not None
    return reach


def _counted(reach: Reach) -> int:
    reach._counts = None  # timing the work `count` does once
    return reach.count("")


def _page_stages(
    catalog: Any,
    chosen: list[Any],
    hrefs: dict[str, str],
    up: Reach,
    down: Reach,
    topology: str,
    repeat: int,
) -> list[tuple[str, float]]:
    env = environment()
    today = catalog.context.today
    layout = Layout.of(env, "model.html", "../", today)
    refs = [entry.ref or f"model:{entry.name}" for entry, _ in chosen]
    stages: list[tuple[str, float]] = []

    def stage(label: str, work: Callable[[], list[Any]]) -> list[Any]:
        seconds, result = cpu(work, repeat)
        stages.append((label, seconds))
        return result  # type: ignore[no-any-return]

    payloads = stage("payload", lambda: [fetch_payload(entry) for entry, _ in chosen])
    day = today.toordinal()
    no = ((), False)  # no git history
    owns = stage(
        "own digest",
        lambda: [
            own_digest(p, (day, ref, shown(()), None, entry.rel, no, False))
            for p, ref, (entry, _) in zip(payloads, refs, chosen, strict=True)
        ],
    )
    stage("quick digest", lambda: [digest_of(own, topology) for own in owns])
    reads: list[list[str]] = [[] for _ in refs]
    graphs = stage(
        "dependency graph",
        lambda: [
            dependency_graph(catalog, ref, hrefs, up, down, read)
            for ref, read in zip(refs, reads, strict=True)
        ],
    )
    links = stage(
        "page links",
        lambda: [
            tuple(sorted(subset_hrefs(hrefs, linked_refs(model)).items())) for _, model in chosen
        ],
    )
    keys = GraphKeys(catalog, hrefs, up, down)
    stage(
        "local digest (graph key)",
        lambda: [
            digest_of(own, ln, keys.of_graph(ref, g, read))
            for own, ln, ref, g, read in zip(owns, links, refs, graphs, reads, strict=True)
        ],
    )
    stage(
        "inputs digest",
        lambda: [
            digest_of(own, ln, graph_key(g)) for own, ln, g in zip(owns, links, graphs, strict=True)
        ],
    )
    pages = stage(
        "page context (charts, checklist)",
        lambda: [
            model_page(catalog, entry, model, dict(ln), g, (), None, NO_TRAIL, False)
            for (entry, model), ln, g in zip(chosen, links, graphs, strict=True)
        ],
    )
    bodies = stage("page body", lambda: [model_body(page) for page in pages])
    for section in model_html.SECTIONS:  # the body's parts, on their own
        stage(f"  body: {section.__name__.lstrip('_')}", partial(_each, section, pages))
    texts = stage(
        "layout",
        lambda: [layout.page(page.title, body) for page, body in zip(pages, bodies, strict=True)],
    )
    data = stage("encode", lambda: [text.encode("utf-8") for text in texts])
    stage("content hash", lambda: [hashlib.sha256(d).hexdigest() for d in data])
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        rounds = iter(range(repeat))

        def write() -> list[os.stat_result]:
            target = Path(folder) / str(next(rounds))
            target.mkdir()
            return [write_file(target, f"{i}.html", d, 0o644) for i, d in enumerate(data)]

        stage("write", write)
    return stages


if __name__ == "__main__":
    raise SystemExit(main())
