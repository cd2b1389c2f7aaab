"""A key that the format does not define.

**What it does.** Reports every key that is not part of the entity's schema, with the
closest known key as a suggestion.

**Why it matters.** A misspelt key (`lifecyle`) is otherwise silently ignored, and the
value the author meant to set is missing.

**Failing example.**

```yaml
spec:
  lifecyle: production
```

**Use instead.**

```yaml
spec:
  lifecycle: production
```

Organisation-specific data goes in `metadata.annotations`.
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH001", "unknown-field", Stage.SCHEMA, __doc__)
