"""A model in service was trained on a retired data asset.

**What it does.** Warns when a model that is not archived lists a `retired` data asset as
a `trainingData` source.

**Why it matters.** The model cannot be retrained or reproduced as documented; the next
retraining needs a new source, and lineage questions have no live answer.

**Failing example.**

```yaml
spec:
  trainingData:
    - {source: dataset:legacy-credit-warehouse, from: 2019-01-01, to: 2021-12-31}
```

**Use instead.** Retrain on the asset that replaced it and update `trainingData`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Index

RULE = rule("GR004", "trained-on-retired", Stage.CATALOG, __doc__, severity=Severity.WARNING)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    for entry, field, target in catalog.links_of("trainedOn"):
        if target is None or entry.kind != "Model":
            continue
        if entry.facts.stage != "archived" and target.facts.stage == "retired":
            yield RULE.at(
                catalog.locate(entry, field.pointer),
                f"trained on retired {target.ref}",
                hint="retrain on its replacement before the next scheduled retraining",
            )
