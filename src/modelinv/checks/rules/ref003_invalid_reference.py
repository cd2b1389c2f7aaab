"""A reference is not of the form `kind:name`.

**What it does.** Reports reference fields whose text is not a known prefix (`team`,
`model`, `consumer`, `dataset`, `pipeline`, `feature-store`, `stream`), a colon and a
valid id.

**Why it matters.** A bare name (`payments-ml`) is ambiguous between kinds and cannot be
resolved reliably.

**Failing example.**

```yaml
spec:
  owner: payments-ml
```

**Use instead.**

```yaml
spec:
  owner: team:payments-ml
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("REF003", "invalid-reference", Stage.SCHEMA, __doc__)
