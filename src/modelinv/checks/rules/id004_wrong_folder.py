"""An entity file is not in its kind's folder.

**What it does.** Checks that models live under `models/`, teams under `teams/`, data
assets under `data/` and consumers under `consumers/` (sub-folders below them are fine).

**Why it matters.** Folders are how people browse the catalog and how CODEOWNERS and
pre-commit target files; a team file among the models is missed by both.

**Failing example.** `catalog/models/payments-ml.yaml` with `kind: Team`.

**Use instead.** `catalog/teams/payments-ml.yaml`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import KINDS, Entity

RULE = rule("ID004", "wrong-folder", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    kind = KINDS[type(entity).__name__]
    if not file.rel.startswith(kind.folder + "/"):
        yield RULE.at(
            doc.locate(("kind",)),
            f"a {kind.name} must be under {kind.folder}/, not {file.rel}",
            hint=f"move it to {kind.folder}/{posixpath.basename(file.rel)}",
        )
