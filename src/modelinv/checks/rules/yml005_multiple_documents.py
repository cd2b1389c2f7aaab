"""The file holds more than one YAML document.

**What it does.** Reports the start of the second document (`---`).

**Why it matters.** One entity per file keeps ids, file names, ownership (CODEOWNERS) and
history aligned; a second document would be ignored by some tools and read by others.

**Failing example.**

```yaml
apiVersion: modelinv/v1
kind: Team
---
apiVersion: modelinv/v1
kind: Team
```

**Use instead.** Put each entity in its own file.
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML005", "multiple-documents", Stage.YAML, __doc__)
