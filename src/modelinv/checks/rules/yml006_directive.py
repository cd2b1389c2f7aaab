"""The file starts with a `%YAML` or `%TAG` directive.

**What it does.** Reports every directive line.

**Why it matters.** `%YAML 1.1` switches parsers to other typing rules (`no` becomes
false, `010` becomes 8) and `%TAG` introduces tags; catalog files are YAML 1.2 without
either.

**Failing example.**

```yaml
%YAML 1.1
---
apiVersion: modelinv/v1
```

**Use instead.**

```yaml
apiVersion: modelinv/v1
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML006", "yaml-directive", Stage.YAML, __doc__)
