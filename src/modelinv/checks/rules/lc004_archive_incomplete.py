"""An archived model has not completed its retirement.

**What it does.** Checks an `archived` model: one that went through `deprecated` (it has a
deprecation block) needs its whole retirement checklist (consumers notified, traffic
migrated, artifacts and documentation archived with their location, serving
infrastructure removed), its decommission date reached and no deployments left; one
abandoned before production needs only to have no deployments left. A step dated after
today is not done yet.

**Why it matters.** "Archived" tells auditors and cost reviews the model is gone. A model
archived with live deployments is the shadow model the inventory exists to prevent.

**Failing example.**

```yaml
spec:
  lifecycle: archived
  deployments: [{environment: production, platform: kserve}]
```

**Use instead.** Finish the checklist (`modelinv retire-check MODEL` shows it), remove
the deployments, then `modelinv archive MODEL`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.governance.lifecycle import archive_blockers
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("LC004", "archive-incomplete", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "archived":
        return
    missing = archive_blockers(entity, file.context)
    if missing:
        yield RULE.at(
            doc.locate(("spec", "lifecycle")),
            f"archived model has not completed: {', '.join(missing)}",
            hint="see modelinv retire-check; record each step in spec.retirement",
        )
