"""A waiver has expired.

**What it does.** Reports each `metadata.waivers` entry whose `expires` date is before
today. An expired waiver no longer suppresses anything, so the finding it covered is
reported again too.

**Why it matters.** Waivers are time-boxed exceptions: when one runs out, either the
problem was fixed (delete the waiver) or someone must approve a new one.

**Failing example.** On 2026-11-26:

```yaml
metadata:
  waivers:
    - {rule: TM001, reason: Reviewer on leave, approvedBy: Ana Lima, expires: 2026-10-31}
```

**Use instead.** Remove the waiver once the finding is fixed, or renew it with a new
approval:

```yaml
metadata:
  waivers:
    - {rule: TM001, reason: Review moved to the Q1 board, approvedBy: Ana Lima, expires: 2027-01-31}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity

RULE = rule("WV001", "waiver-expired", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    for index, waiver in enumerate(entity.metadata.waivers):
        if waiver.expires < file.today:
            yield RULE.at(
                doc.locate(("metadata", "waivers", index, "expires")),
                f"waiver for {waiver.rule} expired on {waiver.expires}",
                hint="remove it if the finding is fixed, or renew it with a new approval",
            )
