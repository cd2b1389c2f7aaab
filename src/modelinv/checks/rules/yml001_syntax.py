"""The file is not well-formed YAML.

**What it does.** Reports the first syntax error the YAML parser meets, at the line and
column where the parser gave up, and control characters YAML does not allow. A mapping or
list used as a key (`? [a, b]`) is reported here too: catalog keys are plain names.

**Why it matters.** Nothing else in the file can be checked until it parses.

**Failing example.**

```yaml
metadata:
  name: fraud-detector
  title: "Card Fraud Detector
```

**Use instead.**

```yaml
metadata:
  name: fraud-detector
  title: "Card Fraud Detector"
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML001", "yaml-syntax", Stage.YAML, __doc__)
