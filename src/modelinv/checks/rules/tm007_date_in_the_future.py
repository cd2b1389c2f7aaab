"""A model records something as done on a day that has not come yet.

**What it does.** Reports a model whose dates of past events lie after today: `created`,
`review.lastReviewed`, `compliance.lastAudit`, a metric's `evaluated` (its history's too),
`retraining.lastRetrained`, `documentation.updated`, a training data range's `from` and
`to`, `deprecation.notified` and `discovered.when`. A day ahead is allowed: whoever
recorded it may live in a time zone where tomorrow has begun. Dates that plan something
(`deprecation.decommission`, the retirement checklist's steps, a waiver's `expires`) may
lie in the future. "Today" is the clock, or `--today`.

**Why it matters.** Every time-based check counts from these dates: a review dated 2062
instead of 2026 keeps TM001 quiet for decades, and an evaluation dated next year keeps
TM006, LC002 and the deployment gate satisfied. A typo would hide overdue governance.

**Failing example.** On 2026-11-26:

```yaml
spec:
  review: {lastReviewed: 2062-09-15}
```

**Use instead.** Record the day it happened: `review: {lastReviewed: 2026-09-15}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model
from modelinv.model.references import Pointer
from modelinv.support.dates import days_after

RULE = rule("TM007", "date-in-the-future", Stage.ENTITY, __doc__)

# A recorder's day may be ahead of the checking machine's by up to a day (time zones).
SLACK_DAYS = 1


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model):
        return
    latest = days_after(file.context.today, SLACK_DAYS)  # --today 9999-12-31 included
    for pointer, day in _event_dates(entity):
        if day > latest:
            yield RULE.at(
                doc.locate(pointer),
                f"{'.'.join(map(str, pointer))} is {day}, after today ({file.context.today})",
                hint="record the day it happened (a typo in the year?)",
            )


def _event_dates(model: Model) -> Iterator[tuple[Pointer, dt.date]]:
    """Each date of the model that records a past event, with where it is written."""
    spec = model.spec
    if spec.created is not None:
        yield ("spec", "created"), spec.created
    if spec.review is not None:
        yield ("spec", "review", "lastReviewed"), spec.review.last_reviewed
    if spec.compliance is not None and spec.compliance.last_audit is not None:
        yield ("spec", "compliance", "lastAudit"), spec.compliance.last_audit
    for number, metric in enumerate(spec.metrics or ()):
        yield ("spec", "metrics", number, "evaluated"), metric.evaluated
        for point, past in enumerate(metric.history):
            yield ("spec", "metrics", number, "history", point, "evaluated"), past.evaluated
    if spec.retraining is not None and spec.retraining.last_retrained is not None:
        yield ("spec", "retraining", "lastRetrained"), spec.retraining.last_retrained
    if spec.documentation is not None and spec.documentation.updated is not None:
        yield ("spec", "documentation", "updated"), spec.documentation.updated
    for number, data in enumerate(spec.training_data or ()):
        yield ("spec", "trainingData", number, "from"), data.from_
        if data.to is not None:
            yield ("spec", "trainingData", number, "to"), data.to
    if spec.deprecation is not None:
        yield ("spec", "deprecation", "notified"), spec.deprecation.notified
    if spec.discovered is not None:
        yield ("spec", "discovered", "when"), spec.discovered.when
