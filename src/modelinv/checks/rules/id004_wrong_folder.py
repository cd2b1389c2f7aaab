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
    found = misplaced(type(entity).__name__, doc, file.rel)
    if found is not None:
        yield found


def misplaced(kind_name: str, doc: Document, rel: str) -> Finding | None:
    """The finding for `doc`, an entity of the known kind `kind_name` whose file is `rel`
    (its path in the catalog), when that is not in its kind's folder (also for `history
    --at`, which reads a models folder's files without their schema)."""
    kind = KINDS[kind_name]
    if rel.startswith(kind.folder + "/"):
        return None
    return RULE.at(
        doc.locate(("kind",)),
        f"a {kind.name} must be under {kind.folder}/, not {rel}",
        hint=f"move it to {kind.folder}/{posixpath.basename(rel)}",
    )
