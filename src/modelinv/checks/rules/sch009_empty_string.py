"""A text field is empty or only whitespace.

**What it does.** Reports empty or blank strings in fields that must say something.

**Why it matters.** `title: ""` or a blank limitation passes a presence check while
telling the reader nothing.

**Failing example.**

```yaml
metadata:
  title: ""
```

**Use instead.**

```yaml
metadata:
  title: Card Fraud Detector
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH009", "empty-string", Stage.SCHEMA, __doc__)
