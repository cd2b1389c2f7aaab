"""Text holds control, bidirectional or invisible characters.

**What it does.** Reports control characters (other than tab and newline), bidirectional
overrides (U+202A-U+202E, U+2066-U+2069) and, in ids, references and keys, every invisible
formatting character such as the zero-width space (U+200B), naming the code point.

**Why it matters.** Such characters make two different ids look identical (`fraud-detector`
and `fraud\u200b-detector`) or make text display differently from what it says ("Trojan
Source"), which defeats review.

**Failing example.** An id containing an invisible zero-width space:

```yaml
metadata:
  name: "fraud\u200b-detector"
```

**Use instead.**

```yaml
metadata:
  name: fraud-detector
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH010", "unsafe-characters", Stage.SCHEMA, __doc__)
