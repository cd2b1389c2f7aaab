"""The file's `kind` is missing or not one of Model, Team, DataAsset, Consumer.

**What it does.** Reports an unknown or missing `kind`, suggesting the closest known one.
Nothing else in the file can be checked without it.

**Why it matters.** The kind decides the schema, the folder and how the entity can be
referenced.

**Failing example.**

```yaml
apiVersion: modelinv/v1
kind: model
```

**Use instead.**

```yaml
apiVersion: modelinv/v1
kind: Model
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH011", "unknown-kind", Stage.SCHEMA, __doc__)
