"""An email address is malformed.

**What it does.** Checks the syntax of every email address (team contacts, members,
consumer contacts) with RFC-aware parsing; no network look-up is made. A model
maintainer's email is checked by OWN002.

**Why it matters.** Contacts are how deprecation notices and audit questions reach people.

**Failing example.**

```yaml
spec:
  contact: {email: payments-ml.example.com}
```

**Use instead.**

```yaml
spec:
  contact: {email: payments-ml@example.com}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH006", "invalid-email", Stage.SCHEMA, __doc__)
