"""The dependency graph of one model, laid out in layers at build time for an inline SVG.

Upstream (what the model depends on or is trained on, transitively) goes to the left,
downstream (models that depend on it, consumers of any of them) to the right.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from modelinv.inventory.inventory import Inventory

UPSTREAM = ("dependsOn", "trainedOn")
DOWNSTREAM = ("dependencyOf", "consumedBy")
MAX_NODES = 120  # per side: a bigger neighbourhood is listed, not drawn

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 190, 26, 60, 12, 8


@dataclass(frozen=True, slots=True)
class Node:
    ref: str
    label: str
    href: str | None
    x: int
    y: int
    layer: int  # 0 the model itself, < 0 upstream, > 0 downstream
    center: bool


@dataclass(frozen=True, slots=True)
class Edge:
    path: str  # SVG path data, numbers only


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    upstream: tuple[tuple[str, int], ...]  # (ref, distance), every one, drawn or not
    downstream: tuple[tuple[str, int], ...]
    truncated: bool


def _reach(catalog: Inventory, start: str, relations: tuple[str, ...]) -> dict[str, int]:
    """Every ref reachable from `start` over `relations`, with its shortest distance."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        ref = queue.popleft()
        for relation in relations:
            for target in catalog.related(ref, relation):
                if target not in seen:
                    seen[target] = seen[ref] + 1
                    queue.append(target)
    del seen[start]
    return seen


def _label(ref: str, limit: int = 27) -> str:
    return ref if len(ref) <= limit else ref[: limit - 1] + "\u2026"


def dependency_graph(catalog: Inventory, ref: str, href: dict[str, str]) -> Graph:
    """The layered graph around `ref`; `href` maps refs to relative page links."""
    up = _reach(catalog, ref, UPSTREAM)
    down = _reach(catalog, ref, DOWNSTREAM)
    up_sorted = sorted(up.items(), key=lambda kv: (kv[1], kv[0]))
    down_sorted = sorted(down.items(), key=lambda kv: (kv[1], kv[0]))
    truncated = len(up_sorted) > MAX_NODES or len(down_sorted) > MAX_NODES
    layers: dict[str, int] = {ref: 0}
    layers.update({r: -d for r, d in up_sorted[:MAX_NODES]})
    for r, d in down_sorted[:MAX_NODES]:
        layers.setdefault(r, d)
    columns: dict[int, list[str]] = {}
    for r, layer in sorted(layers.items(), key=lambda kv: (kv[1], kv[0])):
        columns.setdefault(layer, []).append(r)
    first = min(columns)
    rows = max(len(c) for c in columns.values())
    height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
    nodes: dict[str, Node] = {}
    for layer, refs in columns.items():
        x = PAD + (layer - first) * (NODE_W + COL_GAP)
        top = PAD + (rows - len(refs)) * (NODE_H + ROW_GAP) // 2
        for i, r in enumerate(refs):
            y = top + i * (NODE_H + ROW_GAP)
            nodes[r] = Node(r, _label(r), href.get(r), x, y, layer, r == ref)
    edges = []
    for source in sorted(nodes):
        for relation in UPSTREAM:  # source depends on target: draw target -> source
            for target in catalog.related(source, relation):
                if target in nodes and nodes[target].layer < nodes[source].layer:
                    edges.append(_edge(nodes[target], nodes[source]))
        for relation in DOWNSTREAM:  # target depends on / consumes source
            for target in catalog.related(source, relation):
                if target in nodes and nodes[target].layer > nodes[source].layer:
                    edges.append(_edge(nodes[source], nodes[target]))
    width = PAD * 2 + len(columns) * NODE_W + (len(columns) - 1) * COL_GAP
    return Graph(
        width,
        height,
        tuple(sorted(nodes.values(), key=lambda n: (n.layer, n.y))),
        tuple(sorted(set(edges), key=lambda e: e.path)),
        tuple(up_sorted),
        tuple(down_sorted),
        truncated,
    )


def _edge(a: Node, b: Node) -> Edge:
    x1, y1 = a.x + NODE_W, a.y + NODE_H // 2
    x2, y2 = b.x, b.y + NODE_H // 2
    mid = (x1 + x2) // 2
    return Edge(f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
