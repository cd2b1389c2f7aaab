"""A value is not one of those the field allows.

**What it does.** Reports values outside an enumeration (lifecycle stage, risk level,
retraining schedule, data asset type, ...) with the closest allowed value, and values
that do not match a field's format (tags, currency codes, forge handles, `apiVersion`).

**Why it matters.** Reports, the site and governance rules group by these values; an
unknown stage or risk level would silently drop a model out of every view.

**Failing example.**

```yaml
spec:
  lifecycle: prod
  compliance: {riskLevel: medium}
```

**Use instead.**

```yaml
spec:
  lifecycle: production
  compliance: {riskLevel: limited}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH004", "invalid-value", Stage.SCHEMA, __doc__)
