"""A date is malformed, impossible, or a date range runs backwards.

**What it does.** Reports dates that are not `YYYY-MM-DD`, dates that do not exist
(`2024-02-30`), and training data ranges whose `from` is after their `to`.

**Why it matters.** Review, audit and retraining deadlines are computed from these dates.

**Failing example.**

```yaml
spec:
  compliance: {riskLevel: high, lastAudit: 2026-02-30}
  trainingData:
    - {source: dataset:card-transactions, from: 2025-06-30, to: 2023-01-01}
```

**Use instead.**

```yaml
spec:
  compliance: {riskLevel: high, lastAudit: 2026-02-28}
  trainingData:
    - {source: dataset:card-transactions, from: 2023-01-01, to: 2025-06-30}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH005", "invalid-date", Stage.SCHEMA, __doc__)
