"""A required key is missing.

**What it does.** Reports each required key that is absent, at the mapping that should
hold it.

**Why it matters.** Every entity needs its identity (`metadata.name`, `metadata.title`) and
its kind's core fields (a model's lifecycle, owner and maintainer) to be governed at all.

**Failing example.**

```yaml
apiVersion: modelinv/v1
kind: Model
metadata: {name: churn-predictor, title: Churn Predictor}
spec: {lifecycle: development}
```

**Use instead.**

```yaml
apiVersion: modelinv/v1
kind: Model
metadata: {name: churn-predictor, title: Churn Predictor}
spec:
  lifecycle: development
  owner: team:growth-analytics
  maintainer: {name: Li Wei, email: li.wei@example.com}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH002", "missing-field", Stage.SCHEMA, __doc__)
