"""A production model is overdue for its governance review.

**What it does.** Reports a `production` model whose `spec.review.lastReviewed` is older
than the policy's `reviewIntervalDays` (default 90: quarterly), or that was never reviewed.
"Today" is the clock, or `--today`.

**Why it matters.** Models drift, owners move, regulations change; the quarterly review is
when someone confirms the entry is still true and the model still worth running.

**Failing example.** On 2026-11-26:

```yaml
spec:
  lifecycle: production
  review: {lastReviewed: 2026-06-01}
```

**Use instead.** Review it and record it: `modelinv review MODEL`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.governance.lifecycle import stale
from modelinv.loader import Document
from modelinv.model import Entity, Model
from modelinv.support.wording import days_text

RULE = rule("TM001", "review-overdue", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle != "production":
        return
    days = file.policy.spec.review_interval_days
    review = entity.spec.review
    if review is None:
        yield RULE.at(
            doc.locate(("spec",), key=True),
            "production model was never reviewed",
            hint="record a review with modelinv review",
        )
    elif stale(review.last_reviewed, days, file.context):
        yield RULE.at(
            doc.locate(("spec", "review", "lastReviewed")),
            f"last reviewed {review.last_reviewed}, more than {days_text(days)} ago",
            hint="review it and record it with modelinv review",
        )
