"""A model's documentation is out of date.

**What it does.** For `staging` and `production` models, reports documentation whose
`updated` date is older than the policy's `documentationMaxAgeDays` (default 180), or that
has no `updated` date. A missing documentation block is CMP001's business.

**Why it matters.** A model card nobody has touched for a year no longer describes the
model that is serving.

**Failing example.** On 2026-11-26:

```yaml
spec:
  documentation: {url: "https://wiki.example.com/fraud/model-card", updated: 2025-09-01}
```

**Use instead.** Update the model card and its `updated` date.
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

RULE = rule("TM005", "documentation-stale", Stage.ENTITY, __doc__, severity=Severity.WARNING)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle not in ("staging", "production"):
        return
    documentation = entity.spec.documentation
    days = file.policy.spec.documentation_max_age_days
    if documentation is not None and stale(documentation.updated, days, file.context):
        when = documentation.updated or "never"
        yield RULE.at(
            doc.locate(("spec", "documentation", "updated")),
            f"documentation last updated {when}, more than {days_text(days)} ago",
            hint="update the model card and documentation.updated",
        )
