"""The dependency graph of one model, laid out in layers at build time for an inline SVG.

Upstream (what the model depends on or is trained on, transitively) goes to the left,
downstream (models that depend on it, consumers of any of them) to the right.

A page stays small whatever the catalog's shape: it draws the `DRAW_LIMIT` nearest refs on
each side, names the next nearest up to `LIST_LIMIT` in all (the page lists only those the
drawing leaves out: a ref is shown once), and says how many there are, how many of them
direct. Without the caps a chain of n models makes n pages of up to n refs each (O(n²)
bytes and time). The counts come from `Reach`, which works out every ref's transitive
neighbourhood size once for the whole catalog (bit sets over the graph's strongly connected
components), so no page walks more than its nearest refs.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from modelinv.inventory.inventory import Inventory
from modelinv.support.graph import strongly_connected

UPSTREAM = ("dependsOn", "trainedOn")
DOWNSTREAM = ("dependencyOf", "consumedBy")
LIST_LIMIT = 12  # refs listed per side; the rest are counted
DRAW_LIMIT = 5  # nodes drawn per side

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 190, 26, 60, 12, 8


# Named tuples, not frozen dataclasses: a page makes a few dozen of them and a frozen
# dataclass costs ~1.5 us to build (one `object.__setattr__` per field), a tenth of the
# graph's whole cost.
class Node(NamedTuple):
    ref: str
    label: str
    href: str | None
    x: int
    y: int
    layer: int  # 0 the model itself, < 0 upstream, > 0 downstream
    center: bool


class Edge(NamedTuple):
    path: str  # SVG path data, numbers only


class Linked(NamedTuple):
    """One listed ref: its page link relative to the site root (None when dangling) and its
    distance in steps."""

    ref: str
    href: str | None
    steps: int


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    upstream: tuple[Linked, ...]  # the nearest LIST_LIMIT, nearest first
    downstream: tuple[Linked, ...]
    upstream_more: int  # how many more upstream refs there are beyond those listed
    downstream_more: int
    upstream_direct: int  # how many of them are one step away
    downstream_direct: int


class Reach:
    """How many refs each ref reaches over some relations, transitively (itself excluded):
    for the whole catalog at once (`counts`: O(edges) big-integer ORs instead of a walk per
    page), or for a few refs, each by a walk of its own (`count`)."""

    # A walk visits each edge it crosses; one pass for the whole catalog costs about twenty
    # times the catalog's edges in walk steps (10,000 models: ~50,000 edges, 0.12-0.17 s a
    # side). Walks for a few pages (a rebuild that draws only the pages that changed) stop
    # at four times the edges, a fifth of a pass, and the pass answers the rest.
    WALK_BUDGET = 4

    def __init__(self, catalog: Inventory, relations: tuple[str, ...]) -> None:
        # Worked out on first use: a rebuild that keeps every page never needs them.
        self._catalog = catalog
        self._relations = relations
        self._neighbours: dict[str, list[str]] | None = None
        self._counts: dict[str, int] | None = None
        self._known: dict[str, int] = {}  # counts worked out by another process, or walked
        self._steps_left: int | None = None  # walk steps before the whole pass is cheaper

    @property
    def neighbours(self) -> dict[str, list[str]]:
        """Each ref's refs one step away over the relations (all of them in one sorted
        list without repeats): a page's walk asks one table per ref, not one per relation."""
        if self._neighbours is None:
            self._neighbours = _neighbours(self._catalog, self._relations)
        return self._neighbours

    def counts(self) -> dict[str, int]:
        """Every ref's count, from one pass over the whole catalog (a ref that reaches
        nothing is left out)."""
        if self._counts is None:
            self._counts = _reach_counts(self.neighbours)
        return self._counts

    def count(self, ref: str) -> int:
        """`ref`'s count: known (`learn`), walked, or, once the walks have cost more than a
        fraction of a whole pass, from the pass."""
        if self._counts is None:
            known = self._known.get(ref)
            if known is not None:
                return known
            if self._steps_left is None:
                self._steps_left = self.WALK_BUDGET * sum(map(len, self.neighbours.values()))
            walked = _reach_one(self.neighbours, ref, self._steps_left)
            if walked is not None:
                reached, steps = walked
                self._steps_left -= steps
                self._known[ref] = reached
                return reached
        return self.counts().get(ref, 0)

    def learn(self, counts: dict[str, int]) -> None:
        """Take these refs' counts as worked out elsewhere (by the process that forked this
        one, from the same catalog): `count` then answers for them without the pass over
        the whole catalog."""
        self._known.update(counts)


def _reach_one(graph: dict[str, list[str]], ref: str, budget: int) -> tuple[int, int] | None:
    """(how many refs `ref` reaches, itself excluded; the edges crossed), or None once the
    walk has crossed more than `budget` edges."""
    seen: set[str] = set()
    stack = list(graph.get(ref, ()))
    steps = len(stack)
    while stack:
        here = stack.pop()
        if here in seen:
            continue
        seen.add(here)
        further = graph.get(here, ())
        steps += len(further)
        if steps > budget:
            return None
        stack.extend(further)
    seen.discard(ref)  # on a cycle through `ref`: what it reaches, not itself
    return len(seen), steps


def _neighbours(catalog: Inventory, relations: tuple[str, ...]) -> dict[str, list[str]]:
    table: dict[str, set[str]] = {}
    for relation in relations:
        for source, targets in catalog.index.relations.get(relation, {}).items():
            table.setdefault(source, set()).update(targets)
    return {source: sorted(targets) for source, targets in table.items()}


def _reach_counts(graph: dict[str, list[str]]) -> dict[str, int]:
    """One bit set per strongly connected component, in reverse topological order: what a
    component reaches is what its successors reach, the successors themselves and, when it
    is a cycle, its own members."""
    nodes = sorted(set(graph) | {t for targets in graph.values() for t in targets})
    number = {ref: i for i, ref in enumerate(nodes)}
    succ = [[number[t] for t in graph.get(ref, ())] for ref in nodes]
    components, component = strongly_connected(succ)
    reach: list[int] = []
    counts: dict[str, int] = {}
    for here, members in enumerate(components):
        bits = own = 0
        for member in members:
            own |= 1 << member
            for target in succ[member]:
                if component[target] != here:
                    bits |= reach[component[target]] | (1 << target)
        if len(members) > 1 or any(m in succ[m] for m in members):
            bits |= own
        reach.append(bits)
        total = bits.bit_count()
        for member in members:
            counts[nodes[member]] = total - ((bits >> member) & 1)
    return counts


def _nearest(
    table: dict[str, list[str]], start: str, limit: int, read: list[str] | None = None
) -> list[tuple[str, int]]:
    """Breadth first from `start` over `table` (source -> targets): up to `limit` refs with
    their distance, nearest first (by name within a distance); never walks further than it
    lists. `read` is given every ref whose targets the walk looked up: the walk is a
    function of those lists alone."""
    seen = {start}
    layer = [start]
    found: list[tuple[str, int]] = []
    distance = 0
    while layer and len(found) < limit:
        if read is not None:
            read += layer
        distance += 1
        fresh: set[str] = set()
        for ref in layer:
            fresh.update(table.get(ref, ()))
        fresh -= seen
        seen |= fresh
        layer = sorted(fresh)
        found += [(r, distance) for r in layer[: limit - len(found)]]
    return found


GraphKey = tuple[int, int, bytes]


class GraphKeys:
    """Keys that stand for `dependency_graph`'s result without working it out: equal keys,
    equal graphs. A rebuild after a reference edit no longer matches any page's quick
    digest (it covers every relation of the catalog), and working out every page's graph to
    find the few that changed cost more than the rest of such a rebuild (10,000 models,
    bench/build_stages.py: ~130 us a page for the graph and its digest, ~20 us for this
    key and the page's local digest).

    A graph is made from the lists its two walks read (`_nearest`, which is a function of
    them alone), the reach counts it shows, and, for the refs it lists or draws, their
    links, what they depend on or are trained on, and their consumers (its edges). The key
    holds the counts and every ref the walks read or list with a stamp of all of those of
    its lists and its link (one digest of all four, the ref's stamp; the key joins the
    stamps in the refs' order): two walks that read the same refs with the same lists take
    the same steps, so the same key means the same graph. The converse need not hold (a list
    that changed without changing the graph gives a new key; the page's full inputs
    digest then finds it the same)."""

    def __init__(self, catalog: Inventory, href: dict[str, str], up: Reach, down: Reach) -> None:
        self._href = href
        self._up, self._down = up, down
        self._consumers = catalog.index.relations.get("consumedBy", {})
        self._stamps: dict[str, bytes] = {}  # made on first use, in each process

    def key(self, ref: str) -> GraphKey:
        """The key of `ref`'s graph, from its walks alone."""
        read: list[str] = []
        up_sorted = _nearest(self._up.neighbours, ref, LIST_LIMIT, read)
        down_sorted = _nearest(self._down.neighbours, ref, LIST_LIMIT, read)
        # as `dependency_graph`: a count only where a list is full (-1: none shown)
        up_total = self._up.count(ref) if len(up_sorted) >= LIST_LIMIT else -1
        down_total = self._down.count(ref) if len(down_sorted) >= LIST_LIMIT else -1
        read += (r for r, _ in up_sorted)
        read += (r for r, _ in down_sorted)
        return self._key(ref, up_total, down_total, read)

    def of_graph(self, ref: str, graph: Graph, read: list[str]) -> GraphKey:
        """The same key as `key(ref)`, from `ref`'s graph and the refs its walks read (as
        `dependency_graph` gave them): a page rendered anyway walks once."""
        up, down = graph.upstream, graph.downstream
        up_total = graph.upstream_more + len(up) if len(up) >= LIST_LIMIT else -1
        down_total = graph.downstream_more + len(down) if len(down) >= LIST_LIMIT else -1
        listed = [*read, *(linked.ref for linked in up), *(linked.ref for linked in down)]
        return self._key(ref, up_total, down_total, listed)

    def _key(self, ref: str, up_total: int, down_total: int, refs: list[str]) -> GraphKey:
        stamps, stamp = self._stamps, self._stamp
        joined = b"".join([stamps.get(r) or stamp(r) for r in sorted({ref, *refs})])
        return up_total, down_total, joined

    def _stamp(self, ref: str) -> bytes:
        """A digest of the ref and of its lists and link (of a fixed size: joined, the
        stamps of two sequences of refs are equal only when each is)."""
        lists = (
            ref,
            tuple(self._up.neighbours.get(ref, ())),
            tuple(self._down.neighbours.get(ref, ())),
            tuple(self._consumers.get(ref, ())),
            self._href.get(ref),
        )
        made = self._stamps[ref] = hashlib.blake2b(marshal.dumps(lists, 0), digest_size=16).digest()
        return made


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


@cache  # the same refs are drawn on many pages
def fit_label(ref: str, room: float = LABEL_PX) -> str:
    """`ref` when it fits in `room` pixels, else its longest head that fits with an ellipsis
    (the node's <title> then gives the full name on hover). One pass over the characters
    (widths are whole 1/2048 em units, so the sums are exact)."""
    widths = [_WIDTHS.get(c, _EM) for c in ref]
    limit = room * _EM / FONT_PX  # `room` in font units
    if sum(widths) <= limit:
        return ref
    budget = limit - _WIDTHS.get(ELLIPSIS, _EM)
    used = cut = 0
    for width in widths:
        if used + width > budget:
            break
        used += width
        cut += 1
    return ref[:cut] + ELLIPSIS


def dependency_graph(
    catalog: Inventory,
    ref: str,
    href: dict[str, str],
    up_reach: Reach | None = None,
    down_reach: Reach | None = None,
    read: list[str] | None = None,
) -> Graph:
    """The layered graph around `ref`; `href` maps refs to links relative to the site root.
    Pass one `Reach` per side when drawing many pages (it is built once for all). `read` is
    given the refs whose lists the walks read (for `GraphKeys.of_graph`)."""
    up_reach = up_reach or Reach(catalog, UPSTREAM)
    down_reach = down_reach or Reach(catalog, DOWNSTREAM)
    up_table, down_table = up_reach.neighbours, down_reach.neighbours
    consumers = catalog.index.relations.get("consumedBy", {})
    up_sorted = _nearest(up_table, ref, LIST_LIMIT, read)
    down_sorted = _nearest(down_table, ref, LIST_LIMIT, read)
    up_next, down_next = up_table.get(ref, ()), down_table.get(ref, ())
    up_direct = len(up_next) - (ref in up_next)  # a ref naming itself is not counted
    down_direct = len(down_next) - (ref in down_next)
    up_total = up_reach.count(ref) if len(up_sorted) >= LIST_LIMIT else len(up_sorted)
    down_total = down_reach.count(ref) if len(down_sorted) >= LIST_LIMIT else len(down_sorted)
    layers: dict[str, int] = {ref: 0}
    layers.update({r: -d for r, d in up_sorted[:DRAW_LIMIT]})
    for r, d in down_sorted[:DRAW_LIMIT]:
        layers.setdefault(r, d)
    columns: dict[int, list[str]] = {}
    for layer, r in sorted((layer, r) for r, layer in layers.items()):
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
    # The edges between drawn nodes, found from each node's own (short) lists: what it
    # depends on or is trained on, drawn to its left, and its consumers, drawn to its right.
    # `dependencyOf` adds nothing: it is `dependsOn` inverted (the index builds both from
    # the same references), and a data asset's list of users can be long.
    paths: set[str] = set()
    for source, node in nodes.items():
        for target in up_table.get(source, ()):  # source depends on target: target -> source
            other = nodes.get(target)
            if other is not None and other.layer < node.layer:
                paths.add(_edge_path(other, node))
        for target in consumers.get(source, ()):  # target consumes source
            other = nodes.get(target)
            if other is not None and other.layer > node.layer:
                paths.add(_edge_path(node, other))
    width = PAD * 2 + len(columns) * NODE_W + (len(columns) - 1) * COL_GAP
    return Graph(
        width,
        height,
        tuple(nodes.values()),  # made column by column, top to bottom: (layer, y) order
        tuple(Edge(path) for path in sorted(paths)),
        tuple(Linked(r, href.get(r), d) for r, d in up_sorted),
        tuple(Linked(r, href.get(r), d) for r, d in down_sorted),
        up_total - len(up_sorted),
        down_total - len(down_sorted),
        up_direct,
        down_direct,
    )


def _edge_path(a: Node, b: Node) -> str:
    """SVG path data of the curve from the right side of `a` to the left side of `b`."""
    x1, y1 = a.x + NODE_W, a.y + NODE_H // 2
    x2, y2 = b.x, b.y + NODE_H // 2
    mid = (x1 + x2) // 2
    return f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
