"""The YAML nests deeper than any catalog entry needs.

**What it does.** Stops reading a file whose mappings and lists nest more than 32 levels
deep and reports where the limit was crossed.

**Why it matters.** Tens of thousands of nested `[` make recursive parsers and
validators crash; a real entry nests at most six levels.

**Failing example.**

```yaml
spec: {limitations: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
```

**Use instead.** Flat, explicit values as in the format reference.
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML011", "nesting-too-deep", Stage.YAML, __doc__)
