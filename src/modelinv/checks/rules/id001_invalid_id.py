"""`metadata.name` is not a valid id.

**What it does.** Checks that the id is lowercase ASCII kebab-case (letters, digits,
single hyphens, no leading or trailing hyphen) and at most 63 characters.

**Why it matters.** The id is the file name, the reference other files use, a URL path on
the site and often a Kubernetes label value; one conservative format works everywhere.

**Failing example.**

```yaml
metadata:
  name: Fraud_Detector
```

**Use instead.**

```yaml
metadata:
  name: fraud-detector
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("ID001", "invalid-id", Stage.SCHEMA, __doc__)
