"""A team gives no way to contact it.

**What it does.** Checks that every Team has `spec.contact` with an email or a chat channel.

**Why it matters.** Owning a model means being reachable when it misbehaves.

**Failing example.**

```yaml
kind: Team
spec:
  handle: "@acme/payments-ml"
```

**Use instead.**

```yaml
kind: Team
spec:
  contact: {email: payments-ml@example.com, chat: "#payments-ml"}
  handle: "@acme/payments-ml"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Team

RULE = rule("OWN003", "team-without-contact", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Team):
        return
    contact = entity.spec.contact
    if contact is None or (contact.email is None and contact.chat is None):
        yield RULE.at(
            doc.locate(("spec", "contact") if contact else ("spec",), key=True),
            f"team '{entity.metadata.name}' has no contact email or chat channel",
            hint="add spec.contact.email or spec.contact.chat",
        )
