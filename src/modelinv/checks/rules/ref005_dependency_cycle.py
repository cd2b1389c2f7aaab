"""Models depend on each other in a cycle.

**What it does.** Finds cycles among model-to-model `upstream` dependencies and reports
loops that together cover every model caught in one: in sorted order, the shortest loop
through each model not already shown. Each loop is reported on its first model in sorted
order, showing the whole loop.

**Why it matters.** A cycle means no model in it can be retrained, rolled back or retired
first; it is nearly always a wrong direction in one of the edges.

**Failing example.** `model:a` lists `model:b` upstream, and `model:b` lists `model:a`.

**Use instead.** Keep dependencies pointing one way (features -> embeddings -> scorer).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Entry, Index
from modelinv.model.references import Pointer
from modelinv.support.graph import cycles

RULE = rule("REF005", "dependency-cycle", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    edges: dict[str, list[str]] = {}
    where: dict[tuple[str, str], tuple[Entry, Pointer]] = {}
    for entry in catalog.entries:
        if entry.kind != "Model" or entry.ref is None:
            continue
        edges[entry.ref] = []
        for field in entry.refs:
            if field.relation == "dependsOn" and field.target.startswith("model:"):
                edges[entry.ref].append(field.target)
                where.setdefault((entry.ref, field.target), (entry, field.pointer))
    for cycle in cycles(edges):
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        entry, pointer = where[steps[0]]
        yield RULE.at(
            catalog.locate(entry, pointer),
            f"dependency cycle: {' -> '.join([*cycle, cycle[0]])}",
            hint="remove or reverse one of these dependencies",
            related=tuple(catalog.locate(*where[step]) for step in steps[1:]),
        )
