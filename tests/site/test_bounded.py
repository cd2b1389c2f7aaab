"""A model page stays bounded whatever the catalog's shape (issue: a chain of 5,000 models
made 5,000 pages listing up to 5,000 refs each, a 2.2 GB site)."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

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
TEAM = """apiVersion: modelinv/v1
kind: Team
metadata: {name: chain-team, title: Chain team}
spec:
  members: [{name: Sofia Becker, email: sofia.becker@example.com, role: Tech Lead}]
"""
MODEL = """apiVersion: modelinv/v1
kind: Model
metadata: {{name: {name}, title: {title}}}
spec:
  lifecycle: development
  owner: team:chain-team
  maintainer: {{name: Sofia Becker, email: sofia.becker@example.com}}
  upstream: [{upstream}]
"""


def name(i: int) -> str:
    return f"chain-{i:04d}"


def chain_catalog(root: Path, edges: dict[int, list[int]], count: int) -> Path:
    """Models 0..count-1; `edges[i]` are the models model i depends on."""
    (root / "models").mkdir(parents=True)
    (root / "teams").mkdir()
    (root / "teams" / "chain-team.yaml").write_text(TEAM, encoding="utf-8")
    for i in range(count):
        upstream = ", ".join(f"model:{name(j)}" for j in edges.get(i, []))
        text = MODEL.format(name=name(i), title=f"Chain {i}", upstream=upstream)
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
