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

from modelinv.catalog import Catalog
from modelinv.findings import Finding
from modelinv.graph import cycles
from modelinv.model import Model
from modelinv.rules.base import Stage, rule

RULE = rule("REF005", "dependency-cycle", Stage.CATALOG, __doc__)


def check(catalog: Catalog) -> Iterator[Finding]:
    edges: dict[str, list[str]] = {}
    entries = {}
    for entry, model in catalog.of_kind(Model):
        me = f"model:{model.metadata.name}"
        entries[me] = (entry, model)
        edges[me] = [r for r in model.spec.upstream or () if r.startswith("model:") and r != me]
    for cycle in cycles(edges):
        first = cycle[0]
        entry, model = entries[first]
        index = (model.spec.upstream or []).index(cycle[1])
        loop = " -> ".join([*cycle, first])
        yield RULE.at(
            catalog.locate(entry, ("spec", "upstream", index)),
            f"dependency cycle: {loop}",
            hint="remove or reverse one of these dependencies",
            related=tuple(catalog.locate(entries[m][0], ("spec", "upstream")) for m in cycle[1:]),
        )
