"""A model lists itself as its own dependency.

**What it does.** Reports a model whose `spec.upstream` contains its own reference.

**Why it matters.** It is always a copy-paste mistake and it breaks dependency graphs.

**Failing example.** In `models/fraud-detector.yaml`:

```yaml
spec:
  upstream: [model:fraud-detector]
```

**Use instead.** List the models and data assets it really depends on.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("REF004", "self-reference", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model):
        return
    me = f"model:{entity.metadata.name}"
    for index, ref in enumerate(entity.spec.upstream or ()):
        if ref == me:
            yield RULE.at(
                doc.locate(("spec", "upstream", index)),
                f"{me} depends on itself",
                hint="remove it from spec.upstream",
            )
