"""The file uses an anchor (`&a`), an alias (`*a`) or a merge key (`<<`).

**What it does.** Reports the first anchor, alias or merge key and stops reading the
file there, so an alias bomb costs nothing.

**Why it matters.** Aliases make one line of text stand for many values (the "billion
laughs" alias bomb), and they hide what an entry really says from a reviewer reading a
diff. Each catalog file states its values in full.

**Failing example.**

```yaml
spec:
  maintainer: &ana {name: Ana Lima, email: ana.lima@example.com}
  review: {reviewer: *ana}
```

**Use instead.**

```yaml
spec:
  maintainer: {name: Ana Lima, email: ana.lima@example.com}
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML004", "yaml-anchor", Stage.YAML, __doc__)
