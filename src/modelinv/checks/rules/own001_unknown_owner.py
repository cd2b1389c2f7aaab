"""The owner is not a Team in the catalog.

**What it does.** Checks that every `spec.owner` (models, data assets, consumers) names a
Team file that exists, suggesting the closest team id.

**Why it matters.** A model without a resolvable owner is exactly the "shadow model" the
inventory exists to prevent: nobody is accountable for it.

**Failing example.**

```yaml
spec:
  owner: team:payment-ml
```

**Use instead.** Reference an existing team, or add its file under `teams/`:

```yaml
spec:
  owner: team:payments-ml
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index
from modelinv.model import parse_ref
from modelinv.support.suggest import Suggester

RULE = rule("OWN001", "unknown-owner", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    teams = Suggester(f"team:{name}" for name in catalog.ids("Team"))
    for entry, field, target in catalog.links_of("ownedBy"):
        if target is not None:
            continue
        ref = parse_ref(field.target)
        if ref is not None:
            yield RULE.at(
                catalog.locate(entry, field.pointer),
                f"owner '{field.target}' is not a team in the catalog",
                hint=teams.did_you_mean(field.target)
                or f"add teams/{ref.name}.yaml or name an existing team",
            )
