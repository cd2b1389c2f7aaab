"""A reference points at a kind of entity the field does not accept, or uses the wrong prefix.

**What it does.** Reports references of the wrong kind (a model listed as a consumer, a
team as an upstream dependency) and data asset references whose prefix is not the asset's
type (`dataset:clickstream` when `clickstream` is a stream).

**Why it matters.** The prefix tells a reader what a dependency is without opening the
file; a wrong one misleads every reader and every report.

**Failing example.**

```yaml
spec:
  consumers: [model:merchant-embedder]
  upstream: [dataset:clickstream-events]   # a stream
```

**Use instead.**

```yaml
spec:
  upstream: [model:merchant-embedder, stream:clickstream-events]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index

RULE = rule("REF002", "disallowed-reference-kind", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links:
        actual = target.ref if target else None
        if actual is not None and actual != field.target:
            prefix = field.target.split(":", 1)[0]
            yield RULE.at(
                catalog.locate(entry, field.pointer),
                f"'{field.target}' is a {actual.split(':')[0]}, not a {prefix}",
                hint=f"write '{actual}'",
            )
