"""A model at staging or production lacks some of the twelve attribute groups.

**What it does.** For models whose lifecycle is `staging` or `production`, checks that every
attribute group is filled in and lists the missing ones: title; lifecycle; owner and
maintainer; `deployments`; `trainingData`; `metrics`; `upstream`; `consumers`;
`compliance`; `cost`; `retraining`; `limitations`. Lists must be non-empty, except
`upstream` and `consumers`, where an explicit `[]` records "none".

**Why it matters.** An inventory entry is only useful to auditors, on-call engineers and
cost reviews when it is complete, and a model that serves traffic must be.

**Failing example.**

```yaml
spec:
  lifecycle: production
  owner: team:payments-ml
  maintainer: {name: Ana Lima, email: ana.lima@example.com}
```

**Use instead.** Fill in every group (see the format reference), or keep the model at
`development` until it is ready.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.completeness import missing_groups
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("CMP001", "incomplete-model", Stage.ENTITY, __doc__)

GOVERNED_STAGES = ("staging", "production")


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle not in GOVERNED_STAGES:
        return
    missing = missing_groups(entity)
    if missing:
        yield RULE.at(
            doc.locate(("spec", "lifecycle")),
            f"{entity.spec.lifecycle} model is missing: {', '.join(missing)}",
            hint="fill in every attribute group, or keep the model in development",
        )
