"""A production model's metrics were not evaluated recently.

**What it does.** For `production` models, reports each metric whose `evaluated` date is
older than the policy's `evaluationMaxAgeDays` (default 90).

**Why it matters.** A metric from last year says nothing about today's traffic; drift is
only caught by evaluating again.

**Failing example.** On 2026-11-26:

```yaml
spec:
  lifecycle: production
  metrics:
    - {name: auc, value: 0.93, threshold: 0.9, evaluated: 2026-03-01}
```

**Use instead.** Re-evaluate and record the new value (move the old one to `history`).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.governance.context import FileContext
from modelinv.governance.lifecycle import stale
from modelinv.loader import Document
from modelinv.model import Entity, Model
from modelinv.support.wording import days_text

RULE = rule("TM006", "evaluation-stale", Stage.ENTITY, __doc__, severity=Severity.WARNING)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "production":
        return
    days = file.policy.spec.evaluation_max_age_days
    for index, metric in enumerate(entity.spec.metrics or ()):
        if stale(metric.evaluated, days, file.context):
            yield RULE.at(
                doc.locate(("spec", "metrics", index, "evaluated")),
                f"metric {metric.name} evaluated {metric.evaluated}, "
                f"more than {days_text(days)} ago",
                hint="re-evaluate and record the new value",
            )
