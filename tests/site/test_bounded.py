"""A model page stays bounded whatever the catalog's shape (issue: a chain of 5,000 models
made 5,000 pages listing up to 5,000 refs each, a 2.2 GB site)."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build, model_yaml, team_yaml

from modelinv.checks.engine import Options, load_inventory
from modelinv.site.builder import ref_hrefs
from modelinv.site.graph import (
    DOWNSTREAM,
    DRAW_LIMIT,
    LIST_LIMIT,
    UPSTREAM,
    Reach,
    dependency_graph,
)
from modelinv.site.graph import _edge_path as edge_path

TODAY = dt.date(2026, 11, 26)


def name(i: int) -> str:
    return f"chain-{i:04d}"


def chain_catalog(root: Path, edges: dict[int, list[int]], count: int) -> Path:
    """Models 0..count-1; `edges[i]` are the models model i depends on."""
    (root / "models").mkdir(parents=True)
    (root / "teams").mkdir()
    (root / "teams" / "chain-team.yaml").write_text(team_yaml("chain-team"), encoding="utf-8")
    for i in range(count):
        upstream = ", ".join(f"model:{name(j)}" for j in edges.get(i, []))
        text = model_yaml(name(i), f"Chain {i}", "chain-team", upstream)
        (root / "models" / f"{name(i)}.yaml").write_text(text, encoding="utf-8")
    return root


def dependency_section(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index('<h2 id="dependencies">') : html.index('<h2 id="compliance">')]


@pytest.mark.parametrize("cycle", [False, True], ids=["chain", "cycle"])
def test_long_chain_pages_stay_bounded(tmp_path: Path, cycle: bool) -> None:
    count = 160
    edges = {i: [i - 1] for i in range(1, count)}
    if cycle:
        edges[0] = [count - 1]
    catalog = chain_catalog(tmp_path / "catalog", edges, count)
    out = tmp_path / "site"
    build(catalog, out, TODAY, history=False)
    middle = count // 2
    section = dependency_section(out / "models" / f"{name(middle)}.html")
    up_text, down_text = section.split("<p>Downstream", 1)
    # how many there are, then the nearest the graph leaves out (nearest first, up to
    # LIST_LIMIT in all), and the exact count of the rest; a drawn ref is not listed again
    first_paragraph = up_text.split("</p>", 1)[0]
    total_up = count - 1 if cycle else middle
    assert f"<p>Upstream: {total_up:,} refs (1 direct); not drawn below: " in first_paragraph
    listed = re.findall(r'<a href="\.\./models/(chain-\d+)\.html">model:', first_paragraph)
    assert listed == [name(middle - d) for d in range(DRAW_LIMIT + 1, LIST_LIMIT + 1)]
    assert f" and {total_up - LIST_LIMIT:,} more." in first_paragraph
    down_paragraph = down_text.split("</p>", 1)[0]
    total_down = count - 1 if cycle else count - 1 - middle
    assert f": {total_down:,} refs (1 direct); not drawn below: " in down_paragraph
    listed = re.findall(r'models/(chain-\d+)\.html">model:', down_paragraph)
    assert listed == [name(middle + d) for d in range(DRAW_LIMIT + 1, LIST_LIMIT + 1)]
    assert f" and {total_down - LIST_LIMIT:,} more." in down_paragraph
    graph = section[section.index("<svg") :]
    drawn_up = [name(middle - d) for d in range(1, DRAW_LIMIT + 1)]
    drawn_down = [name(middle + d) for d in range(1, DRAW_LIMIT + 1)]
    assert all(f"models/{n}.html" in graph for n in drawn_up + drawn_down)
    drawn = len(re.findall(r'<a href=|<g(?: class="center")?>', graph))  # the nodes
    assert drawn == 2 * DRAW_LIMIT + 1
    sizes = [p.stat().st_size for p in (out / "models").glob("*.html")]
    assert max(sizes) < 2 * min(sizes) + 8_000  # no page grows with the chain's length


def brute_force(edges: dict[str, list[str]], start: str) -> int:
    seen: set[str] = set()
    todo = list(edges.get(start, []))
    while todo:
        ref = todo.pop()
        if ref not in seen:
            seen.add(ref)
            todo += edges.get(ref, [])
    seen.discard(start)
    return len(seen)


@pytest.mark.parametrize("seed", range(6))
def test_reach_counts_match_a_walk(tmp_path: Path, seed: int) -> None:
    """The counts behind "and N more" (bit sets over strongly connected components) agree
    with a plain walk, cycles, self-loops and diamonds included."""
    rng = random.Random(seed)
    count = 40
    edges = {
        i: sorted({rng.randrange(count) for _ in range(rng.randint(0, 3))}) for i in range(count)
    }
    catalog_dir = chain_catalog(tmp_path / "catalog", edges, count)
    catalog = load_inventory(catalog_dir, Options(today=TODAY))
    for relations, key in ((UPSTREAM, "dependsOn"), (DOWNSTREAM, "dependencyOf")):
        reach = Reach(catalog, relations)
        table = {
            ref: catalog.related(ref, key) for ref in (f"model:{name(i)}" for i in range(count))
        }
        for ref in table:
            assert reach.count(ref) == brute_force(table, ref), (seed, relations, ref)


@pytest.mark.parametrize("seed", range(4))
def test_graph_edges_are_every_relation_between_drawn_nodes(tmp_path: Path, seed: int) -> None:
    """The graph finds its arrows from each drawn node's own upstream and consumer lists;
    they are every arrow any of the four relations makes between two drawn nodes (one
    pointing the way its layers go), cycles, self-loops and data assets included."""
    rng = random.Random(seed)
    count = 30
    edges = {
        i: sorted({rng.randrange(count) for _ in range(rng.randint(0, 3))}) for i in range(count)
    }
    catalogs = [chain_catalog(tmp_path / "catalog", edges, count), EXAMPLE_CATALOG]
    for catalog_dir in catalogs:
        catalog = load_inventory(catalog_dir, Options(today=TODAY))
        hrefs = ref_hrefs(catalog)
        tables = catalog.index.relations
        for entry in catalog.entries:
            if entry.kind != "Model" or entry.ref is None:
                continue
            graph = dependency_graph(catalog, entry.ref, hrefs)
            nodes = {n.ref: n for n in graph.nodes}
            expected = set()
            for a in graph.nodes:
                for b in graph.nodes:
                    # a depends on / is trained on b: an arrow b -> a, b to the left
                    if b.layer < a.layer and any(
                        b.ref in linked(tables, r, a.ref) for r in UPSTREAM
                    ):
                        expected.add(edge_path(nodes[b.ref], nodes[a.ref]))
                    # b depends on / consumes a: an arrow a -> b, b to the right
                    if b.layer > a.layer and any(
                        b.ref in linked(tables, r, a.ref) for r in DOWNSTREAM
                    ):
                        expected.add(edge_path(nodes[a.ref], nodes[b.ref]))
            assert {e.path for e in graph.edges} == expected, (catalog_dir, entry.ref)
            assert [e.path for e in graph.edges] == sorted(expected)


def linked(tables: dict[str, dict[str, list[str]]], relation: str, ref: str) -> list[str]:
    return tables.get(relation, {}).get(ref, [])


DATA = """apiVersion: modelinv/v1
kind: DataAsset
metadata: {{name: {name}, title: {title}}}
spec: {{type: dataset, owner: team:chain-team, status: active, location: "s3://bucket/{name}/"}}
"""
TRAINED = """  trainingData:
{sources}
"""


def mixed_catalog(root: Path, rng: random.Random, count: int, assets: int) -> Path:
    """Models that depend on models and data assets and are trained on data assets, often
    the same ones (a ref in two relations), self-loops and cycles included."""
    chain_catalog(root, {}, 0)
    (root / "data").mkdir()
    for a in range(assets):
        text = DATA.format(name=f"asset-{a}", title=f"Asset {a}")
        (root / "data" / f"asset-{a}.yaml").write_text(text, encoding="utf-8")
    for i in range(count):
        models = {f"model:{name(rng.randrange(count))}" for _ in range(rng.randint(0, 3))}
        data = {f"dataset:asset-{rng.randrange(assets)}" for _ in range(rng.randint(0, 2))}
        trained = {f"dataset:asset-{rng.randrange(assets)}" for _ in range(rng.randint(0, 2))}
        trained |= set(rng.sample(sorted(data), k=len(data) // 2))  # in both relations
        text = model_yaml(name(i), f"Model {i}", "chain-team", ", ".join(sorted(models | data)))
        if trained:
            sources = "\n".join(
                f"    - {{source: {ref}, from: 2025-01-01, to: 2025-06-30}}"
                for ref in sorted(trained)
            )
            text += TRAINED.format(sources=sources)
        (root / "models" / f"{name(i)}.yaml").write_text(text, encoding="utf-8")
    return root


def nearest_by_walk(
    tables: dict[str, dict[str, list[str]]], relations: tuple[str, ...], start: str
) -> tuple[list[tuple[str, int]], int, int]:
    """Every ref reachable from `start` over `relations` with its distance, nearest first
    and by name within a distance (the first LIST_LIMIT), how many there are, and how many
    are one step away: a full breadth-first walk, not the page's bounded one."""

    def step(ref: str) -> set[str]:
        return {t for relation in relations for t in tables.get(relation, {}).get(ref, [])}

    distance = {start: 0}
    layer, depth = [start], 0
    while layer:
        depth += 1
        layer = sorted({t for ref in layer for t in step(ref)} - set(distance))
        distance.update((ref, depth) for ref in layer)
    reached = sorted(((d, r) for r, d in distance.items() if r != start))
    return [(r, d) for d, r in reached][:LIST_LIMIT], len(reached), len(step(start) - {start})


@pytest.mark.parametrize("seed", range(4))
def test_lists_and_counts_match_a_walk_over_every_relation(tmp_path: Path, seed: int) -> None:
    """Each side's listed refs, their distances, the count of the rest and the direct count
    are a walk over all of that side's relations at once: a data asset a model both
    depends on and is trained on is one ref, one step away, counted once."""
    rng = random.Random(seed)
    catalog_dir = mixed_catalog(tmp_path / "catalog", rng, count=40, assets=8)
    catalog = load_inventory(catalog_dir, Options(today=TODAY))
    assert not [f for f in catalog.index.entries if not f.valid]
    hrefs = ref_hrefs(catalog)
    tables = catalog.index.relations
    both = 0
    for entry in catalog.entries:
        if entry.kind != "Model" or entry.ref is None:
            continue
        graph = dependency_graph(catalog, entry.ref, hrefs)
        for relations, listed, more, direct in (
            (UPSTREAM, graph.upstream, graph.upstream_more, graph.upstream_direct),
            (DOWNSTREAM, graph.downstream, graph.downstream_more, graph.downstream_direct),
        ):
            expected, total, one_step = nearest_by_walk(tables, relations, entry.ref)
            assert [(item.ref, item.steps) for item in listed] == expected, (seed, entry.ref)
            assert len(listed) + more == total
            assert direct == one_step
        own = [set(linked(tables, r, entry.ref)) for r in UPSTREAM]
        both += len(own[0] & own[1])
    assert both  # the catalog has refs in both relations
