"""A model classified as an unacceptable risk has left development.

**What it does.** Reports a model whose `compliance.riskLevel` is `unacceptable` (an EU AI
Act prohibited practice) at any stage other than `development`.

**Why it matters.** Prohibited practices may not be placed on the market; such a model can
be researched but never staged, served or kept as deprecated.

**Failing example.**

```yaml
spec:
  lifecycle: staging
  compliance: {riskLevel: unacceptable}
```

**Use instead.** Keep it in `development` (or archive it), or redesign it and reclassify.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("LC007", "unacceptable-risk", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.compliance is None:
        return
    if entity.spec.compliance.risk_level == "unacceptable" and entity.spec.lifecycle not in (
        "development",
        "archived",
    ):
        yield RULE.at(
            doc.locate(("spec", "compliance", "riskLevel")),
            f"unacceptable-risk model is at {entity.spec.lifecycle}",
            hint="an EU AI Act prohibited practice may not leave development",
        )
