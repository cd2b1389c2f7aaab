"""A reference names no entity in the catalog.

**What it does.** Checks that every reference (upstream dependencies, consumers, training
data sources) names an existing entity, suggesting the closest existing reference.
Owners are checked by OWN001.

**Why it matters.** Dangling references hide real dependencies: impact analysis, the
dependency graph and retirement notices all follow them.

**Failing example.**

```yaml
spec:
  trainingData:
    - {source: dataset:card-transaction, from: 2023-01-01}
```

**Use instead.**

```yaml
spec:
  trainingData:
    - {source: dataset:card-transactions, from: 2023-01-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index
from modelinv.model import parse_ref
from modelinv.support.suggest import Suggester

RULE = rule("REF001", "unknown-reference", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    known: dict[str, list[str]] = {}
    for entry in catalog.entries:
        if entry.kind is not None and entry.ref is not None:
            known.setdefault(entry.kind, []).append(entry.ref)
    suggesters: dict[tuple[str, ...], Suggester] = {}
    for entry, field, target in catalog.links:
        if target is not None or field.relation == "ownedBy":
            continue
        ref = parse_ref(field.target)
        if ref is None:
            continue
        if field.allowed not in suggesters:
            candidates = [r for kind in field.allowed for r in known.get(kind, ())]
            suggesters[field.allowed] = Suggester(candidates)
        yield RULE.at(
            catalog.locate(entry, field.pointer),
            f"unknown reference '{field.target}'",
            hint=suggesters[field.allowed].did_you_mean(field.target)
            or f"no {ref.kind} named '{ref.name}': add it or fix the reference",
        )
