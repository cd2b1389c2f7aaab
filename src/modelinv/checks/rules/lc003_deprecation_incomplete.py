"""A deprecated model has no complete deprecation block.

**What it does.** Checks that every `deprecated` model has `spec.deprecation` with the
date consumers were notified, a decommission date at least the policy's notice period
(`noticePeriodDays`, default 30) after it, and a `replacement` model or a `noReplacement`
reason.

**Why it matters.** Deprecation is a promise to consumers: when the model stops, and
what to use instead. Without it, consumers learn about the retirement when calls fail.

**Failing example.**

```yaml
spec:
  lifecycle: deprecated
  deprecation: {notified: 2026-11-20, decommission: 2026-11-30, replacement: model:fraud-detector}
```

**Use instead.** `modelinv deprecate MODEL --replacement model:fraud-detector
--decommission-date 2026-12-31` writes a valid block:

```yaml
spec:
  lifecycle: deprecated
  deprecation: {notified: 2026-11-20, decommission: 2026-12-31, replacement: model:fraud-detector}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.governance.lifecycle import deprecation_problems
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("LC003", "deprecation-incomplete", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "deprecated":
        return
    for problem in deprecation_problems(entity, file.context):
        yield RULE.at(
            doc.locate(("spec", "deprecation"), key=True),
            f"deprecated model: {problem}",
            hint="run modelinv deprecate, or fix spec.deprecation",
        )
