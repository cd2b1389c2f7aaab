"""A production model missed its scheduled retraining.

**What it does.** For `production` models with a periodic `retraining.schedule` (daily,
weekly, monthly, quarterly, yearly), reports when `lastRetrained` plus the period (plus the
policy's `retrainingGraceDays`) is before today, or when it was never retrained.
`on-demand` and `none` schedules are not checked.

**Why it matters.** A schedule nobody follows gives false comfort: the model keeps
serving on data that is older than its owners believe.

**Failing example.** On 2026-11-26:

```yaml
spec:
  lifecycle: production
  retraining: {schedule: monthly, lastRetrained: 2026-08-01}
```

**Use instead.** Retrain it and update `lastRetrained`, or change the schedule to what is
really done.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model
from modelinv.support.dates import days_after

RULE = rule("TM003", "retraining-overdue", Stage.ENTITY, __doc__, severity=Severity.WARNING)
PERIOD_DAYS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366}


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "production":
        return
    retraining = entity.spec.retraining
    if retraining is None or retraining.schedule not in PERIOD_DAYS:
        return
    if retraining.last_retrained is None:
        yield RULE.at(
            doc.locate(("spec", "retraining"), key=True),
            f"{retraining.schedule} retraining was never recorded",
            hint="record retraining.lastRetrained",
        )
        return
    grace = file.policy.spec.retraining_grace_days
    due = days_after(retraining.last_retrained, PERIOD_DAYS[retraining.schedule] + grace)
    if due < file.today:
        yield RULE.at(
            doc.locate(("spec", "retraining", "lastRetrained")),
            f"{retraining.schedule} retraining overdue since {due} "
            f"(last retrained {retraining.last_retrained})",
            hint="retrain and update lastRetrained, or fix the schedule",
        )
