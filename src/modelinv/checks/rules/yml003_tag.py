"""A node carries an explicit YAML tag (`!!python/object`, `!!str`, `!custom`).

**What it does.** Reports every explicit tag. Catalog files are plain data: strings,
numbers, booleans, dates, lists and mappings, all expressed without tags.

**Why it matters.** Tags such as `!!python/object/apply` are how YAML loaders are made to
run code; custom tags make a file mean different things to different tools.

**Failing example.**

```yaml
metadata:
  name: !!python/object/apply:os.system ["id"]
```

**Use instead.** Quote a value that must stay a string:

```yaml
metadata:
  name: fraud-detector
  title: "2024"
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML003", "yaml-tag", Stage.YAML, __doc__)
