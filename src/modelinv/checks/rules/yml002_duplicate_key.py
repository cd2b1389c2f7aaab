"""A mapping has the same key twice.

**What it does.** Reports every repeated key in a mapping, pointing at the repetition and
naming the line of the first occurrence.

**Why it matters.** YAML parsers disagree on duplicates (PyYAML keeps the last, others
fail): the value a reader sees is not necessarily the value the tool uses.

**Failing example.**

```yaml
spec:
  lifecycle: production
  lifecycle: staging
```

**Use instead.**

```yaml
spec:
  lifecycle: staging
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML002", "duplicate-key", Stage.YAML, __doc__)
