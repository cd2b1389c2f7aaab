"""The id differs from the file name.

**What it does.** Checks that `metadata.name` equals the file name without its extension.

**Why it matters.** Readers find an entity by its file; a file named after one id and
holding another makes renames and reviews error-prone.

**Failing example.** `catalog/models/fraud-model.yaml` containing

```yaml
metadata:
  name: fraud-detector
```

**Use instead.** Rename the file to `catalog/models/fraud-detector.yaml`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity

RULE = rule("ID002", "id-file-mismatch", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    file_name = posixpath.basename(file.rel)
    stem, suffix = posixpath.splitext(file_name)
    if entity.metadata.name != stem:
        yield RULE.at(
            doc.locate(("metadata", "name")),
            f"id '{entity.metadata.name}' differs from the file name '{file_name}'",
            hint=f"rename the file to {entity.metadata.name}{suffix} or change the id",
        )
