"""A production model depends on a model still in development.

**What it does.** Reports a `production` model whose `upstream` lists a model at
`development`.

**Why it matters.** Production may only rest on models that went through staging, review
and the readiness checks; a development model can change or vanish at any time.

**Failing example.**

```yaml
spec:
  lifecycle: production
  upstream: [model:merchant-embedder]   # lifecycle: development
```

**Use instead.** Promote the dependency first (`modelinv promote merchant-embedder --to
staging`, then production).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index

RULE = rule("GR003", "production-on-development", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links_of("dependsOn"):
        if target is None or target.kind != "Model":
            continue
        if entry.facts.stage == "production" and target.facts.stage == "development":
            yield RULE.at(
                catalog.locate(entry, field.pointer),
                f"production model depends on {target.ref}, which is in development",
                hint=f"promote {target.ref} through staging first",
            )
