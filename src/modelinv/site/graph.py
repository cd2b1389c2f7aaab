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


# Advance widths in 1/2048 em of DejaVu Sans, the sans-serif font of Debian's browsers and
# one of the widest: a label measured with it fits any narrower font too.
_WIDTHS = {
    **dict.fromkeys("abdgnopqu", 1300),
    "c": 1126,
    "e": 1260,
    "f": 721,
    "h": 1298,
    **dict.fromkeys("ijl", 569),
    "k": 1186,
    "m": 1995,
    "r": 842,
    "s": 1067,
    "t": 803,
    **dict.fromkeys("vxy", 1212),
    "w": 1675,
    "z": 1075,
    **dict.fromkeys("0123456789", 1303),
    ":": 690,
    ";": 690,
    "-": 739,
    ".": 651,
    "_": 1024,
    "/": 690,
    " ": 651,
    **dict.fromkeys("ABKRX", 1430),
    **dict.fromkeys("CDGHNOQU", 1612),
    "I": 604,
    "J": 604,
    **dict.fromkeys("EFLPSTYZ", 1405),
    "M": 1767,
    "V": 1401,
    "W": 2025,
}
_EM = 2048  # anything else (accents, other scripts) counts as a full em: it may be wide
FONT_PX = 12
LABEL_PX = NODE_W - 16  # the text starts 8 px into the box and must end 8 px before its edge
ELLIPSIS = "\u2026"


def text_width(text: str, font_px: int = FONT_PX) -> float:
    """An upper estimate of `text`'s width in pixels at `font_px`."""
    return sum(_WIDTHS.get(c, _EM) for c in text) * font_px / _EM


def fit_label(ref: str, room: float = LABEL_PX) -> str:
    """`ref` when it fits in `room` pixels, else its longest head that fits with an ellipsis
    (the node's <title> then gives the full name on hover)."""
    if text_width(ref) <= room:
        return ref
    head = ref
    while head and text_width(head + ELLIPSIS) > room:
        head = head[:-1]
    return head + ELLIPSIS


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
            nodes[r] = Node(r, fit_label(r), href.get(r), x, y, layer, r == ref)
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
