"""Text holds control, bidirectional or invisible characters.

**What it does.** Reports control characters (other than tab and newline), bidirectional
overrides (U+202A-U+202E, U+2066-U+2069) and, in ids, references and keys, every invisible
formatting character such as the zero-width space (U+200B), naming the code point. A lone
surrogate (from an escape such as `"\\ud800"`) counts as a control character. A raw NEXT
LINE (U+0085) is refused anywhere in the file, comments included, and a raw LINE or
PARAGRAPH SEPARATOR (U+2028, U+2029) anywhere but inside a value that keeps it (quoted
or plain text), each at its exact position: YAML 1.1 parsers end the line there and
YAML 1.2 parsers do not, so the file would mean different things to different tools, and
a value would silently lose the character.

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
