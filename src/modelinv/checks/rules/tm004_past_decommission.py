"""A deprecated model is past its decommission date but not archived.

**What it does.** Reports a `deprecated` model whose `deprecation.decommission` date is
before today.

**Why it matters.** Consumers were told the model would stop on that date; if it still
runs, either the promise or the inventory is wrong, and the cost keeps running.

**Failing example.** On 2026-11-26:

```yaml
spec:
  lifecycle: deprecated
  deprecation: {notified: 2026-09-01, decommission: 2026-10-31, replacement: model:fraud-detector}
```

**Use instead.** Finish the retirement and `modelinv archive MODEL`, or move the date
(and tell the consumers).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model
from modelinv.support.wording import days_text

RULE = rule("TM004", "past-decommission", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "deprecated":
        return
    block = entity.spec.deprecation
    if block is not None and block.decommission < file.today:
        days = (file.today - block.decommission).days
        yield RULE.at(
            doc.locate(("spec", "deprecation", "decommission")),
            f"decommission date {block.decommission} passed {days_text(days)} ago; "
            "the model is still deprecated, not archived",
            hint="complete the retirement checklist and run modelinv archive",
        )
