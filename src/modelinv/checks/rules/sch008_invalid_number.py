"""A number is negative, out of range, NaN or infinite.

**What it does.** Reports costs and latencies below zero, availability outside 0-100,
and `.nan`, `.inf` or overflowing numbers such as `1e400` anywhere.

**Why it matters.** Cost totals, SLO checks and metric trends silently break on NaN and
infinity; a negative cost is always a typo.

**Failing example.**

```yaml
spec:
  cost: {monthly: -4200, currency: USD}
  slo: {availability: .nan}
```

**Use instead.**

```yaml
spec:
  cost: {monthly: 4200, currency: USD}
  slo: {availability: 99.9}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH008", "invalid-number", Stage.SCHEMA, __doc__)
