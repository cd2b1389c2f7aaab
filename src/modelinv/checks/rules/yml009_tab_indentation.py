"""A tab character is used where YAML needs spaces.

**What it does.** Reports a tab that breaks the parse, typically one used to indent.

**Why it matters.** YAML forbids tabs for indentation; editors display them at different
widths, so the structure a reader sees is not the one the parser sees.

**Failing example.** (`→` marks a tab)

```yaml
spec:
→lifecycle: production
```

**Use instead.**

```yaml
spec:
  lifecycle: production
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML009", "tab-indentation", Stage.YAML, __doc__)
