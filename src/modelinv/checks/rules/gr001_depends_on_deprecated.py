"""A model depends on a deprecated model or data asset.

**What it does.** Warns when a model that is not itself on the way out (`deprecated` or
`archived`) lists a deprecated model or data asset in `upstream` or `trainingData`,
naming the replacement and the decommission date when the deprecated model has them.

**Why it matters.** Its dependency is going away; the owners should plan the migration
before the decommission date, not after.

**Failing example.** `model:legacy-fraud-scorer` is deprecated (replacement
`model:fraud-detector`, decommission 2026-12-31):

```yaml
spec:
  upstream: [model:legacy-fraud-scorer]
```

**Use instead.**

```yaml
spec:
  upstream: [model:fraud-detector]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Index

RULE = rule("GR001", "depends-on-deprecated", Stage.CATALOG, __doc__, severity=Severity.WARNING)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True
LEAVING = ("deprecated", "archived")


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links_of("dependsOn", "trainedOn"):
        if target is None:
            continue
        if entry.kind != "Model" or entry.facts.stage in LEAVING:
            continue
        if target.facts.stage != "deprecated":
            continue
        details = []
        if target.facts.replacement:
            details.append(f"use {target.facts.replacement}")
        if target.facts.decommission:
            details.append(f"it is decommissioned on {target.facts.decommission}")
        yield RULE.at(
            catalog.locate(entry, field.pointer),
            f"depends on deprecated {target.ref}",
            hint="; ".join(details) or "plan the migration to its successor",
        )
