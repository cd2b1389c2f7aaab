"""A waiver names a rule that does not exist or cannot be waived.

**What it does.** Reports a `metadata.waivers` entry whose `rule` is not a rule code, or
is one of the YAML, schema or waiver rules, which cannot be waived (a file that does not
parse or validate carries no waivers that could be trusted), or ID003 (a duplicate id).

**Why it matters.** A waiver for a misspelt code suppresses nothing while looking like
an approved exception.

**Failing example.**

```yaml
metadata:
  waivers:
    - {rule: TM010, reason: Reviewer on leave, approvedBy: Ana Lima, expires: 2027-01-31}
```

**Use instead.** Use the code printed with the finding (`modelinv rules` lists them).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity

RULE = rule("WV002", "waiver-unknown-rule", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    for index, waiver in enumerate(entity.metadata.waivers):
        if waiver.rule not in file.waivable:
            yield RULE.at(
                doc.locate(("metadata", "waivers", index, "rule")),
                f"waiver names {waiver.rule}, which is not a rule that can be waived",
                hint="use the code printed with the finding; see modelinv rules",
            )
