"""The file is empty or holds only comments.

**What it does.** Reports a catalog file with no entity in it.

**Why it matters.** An empty file under `catalog/` is almost always a mistake: an
unfinished entry or a bad merge. Delete it or fill it in.

**Failing example.**

```yaml
# churn model: entry to be written
```

**Use instead.**

```yaml
apiVersion: modelinv/v1
kind: Model
metadata: {name: churn-predictor, title: Churn Predictor}
spec: {lifecycle: development, owner: team:growth-analytics,
       maintainer: {name: Li Wei, email: li.wei@example.com}}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML007", "empty-file", Stage.YAML, __doc__)
