"""A value has the wrong type.

**What it does.** Reports a value whose type does not match the field: text where a
number is expected, a number where text is expected, `yes` where `true` is meant, a
single value where a list is expected. Types are strict: nothing is coerced.

**Why it matters.** Lax coercion is how `"no"` becomes `false` and `1.10` becomes `1.1`;
with strict types, what the file says is what the tool reads.

**Failing example.**

```yaml
spec:
  metrics:
    - {name: auc, value: "0.93", higherIsBetter: yes, evaluated: 2026-10-02}
```

**Use instead.**

```yaml
spec:
  metrics:
    - {name: auc, value: 0.93, higherIsBetter: true, evaluated: 2026-10-02}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH003", "wrong-type", Stage.SCHEMA, __doc__)
