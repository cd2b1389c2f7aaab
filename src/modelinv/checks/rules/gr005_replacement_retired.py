"""A deprecated model's replacement is itself deprecated or archived.

**What it does.** Warns when a model that is not yet archived names, in
`deprecation.replacement`, a model that is deprecated or archived too, and names that
model's own replacement when it has one.

**Why it matters.** The replacement is where the notice sends every consumer, and the
deployment gate tells a pipeline to deploy it: a replacement on its way out (or gone)
sends them to a second migration, or to nothing. `deprecate` refuses such a replacement,
but the replacement can be deprecated later, and nothing else would say so.

**Failing example.** `model:merchant-embedder` is archived:

```yaml
spec:
  lifecycle: deprecated
  deprecation:
    notified: 2026-11-01
    decommission: 2027-01-31
    replacement: model:merchant-embedder
```

**Use instead.** Name the model that replaces it now (the replacement's own replacement,
say), and tell the consumers again:

```yaml
spec:
  deprecation:
    notified: 2026-11-01
    decommission: 2027-01-31
    replacement: model:card-fraud-gnn
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Index

RULE = rule("GR005", "replacement-retired", Stage.CATALOG, __doc__, severity=Severity.WARNING)
# Reads nothing but the index (see `checks.engine`).
INDEX_ONLY = True
LEAVING = ("deprecated", "archived")


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links_of("replacedBy"):
        if target is None or entry.facts.stage == "archived":
            continue
        if target.facts.stage not in LEAVING:
            continue
        successor = target.facts.replacement
        yield RULE.at(
            catalog.locate(entry, field.pointer),
            f"its replacement {target.ref} is {target.facts.stage}",
            hint=f"name {successor}, which replaces it, and notify the consumers again"
            if successor and successor != entry.ref
            else "name the model that replaces it now, and notify the consumers again",
        )
