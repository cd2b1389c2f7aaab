"""A high- or limited-risk model in service is overdue for its compliance audit.

**What it does.** For `staging`, `production` and `deprecated` models with
`compliance.riskLevel` `high` or `limited`, checks that `compliance.lastAudit` is within
the policy's `auditIntervalDays` for that level (defaults: high 180, limited 365 days).

**Why it matters.** The EU AI Act and model-risk rules (SR 11-7) expect high-risk models
to be re-assessed on a schedule; an overdue audit is an audit finding waiting to happen.

**Failing example.** On 2026-11-26:

```yaml
spec:
  lifecycle: production
  compliance: {riskLevel: high, lastAudit: 2026-01-15}
```

**Use instead.** Audit it and record the date in `compliance.lastAudit`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.governance.lifecycle import AUDITED_STAGES, audit_due
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("TM002", "audit-overdue", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model) or entity.spec.lifecycle not in AUDITED_STAGES:
        return
    due = audit_due(entity, file.context)
    compliance = entity.spec.compliance
    if due is None or compliance is None:
        return
    if compliance.last_audit is None:
        yield RULE.at(
            doc.locate(("spec", "compliance"), key=True),
            f"{compliance.risk_level}-risk model was never audited",
            hint="record the last audit in compliance.lastAudit",
        )
    elif due < file.today:
        yield RULE.at(
            doc.locate(("spec", "compliance", "lastAudit")),
            f"{compliance.risk_level}-risk audit overdue since {due} "
            f"(last audit {compliance.last_audit})",
            hint="audit the model and update compliance.lastAudit",
        )
