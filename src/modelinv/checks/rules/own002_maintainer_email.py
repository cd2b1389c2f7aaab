"""A model's maintainer has no valid email address.

**What it does.** Checks that `spec.maintainer.email` is present and a syntactically valid
address.

**Why it matters.** The maintainer is the first person contacted about incidents, audits
and retirement; a name alone cannot be reached.

**Failing example.**

```yaml
spec:
  maintainer: {name: Ana Lima, email: ana.lima(at)example.com}
```

**Use instead.**

```yaml
spec:
  maintainer: {name: Ana Lima, email: ana.lima@example.com}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("OWN002", "maintainer-email", Stage.SCHEMA, __doc__)
