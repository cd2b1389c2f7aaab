"""A model depends on an archived model or a retired data asset.

**What it does.** Reports a model that is not itself archived and lists an `archived`
model or a `retired` data asset in `upstream`. (Training on retired data is GR004.)

**Why it matters.** The dependency no longer exists: the model is either broken or
secretly depends on something nobody maintains.

**Failing example.** `dataset:legacy-credit-warehouse` is retired:

```yaml
spec:
  upstream: [dataset:legacy-credit-warehouse]
```

**Use instead.** Depend on the dataset that replaced it.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index

RULE = rule("GR002", "depends-on-retired", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True
GONE = ("archived", "retired")


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links_of("dependsOn"):
        if target is None or entry.kind != "Model":
            continue
        if entry.facts.stage != "archived" and target.facts.stage in GONE:
            yield RULE.at(
                catalog.locate(entry, field.pointer),
                f"depends on {target.facts.stage} {target.ref}",
                hint="depend on its replacement, or archive this model too",
            )
