"""An entity file was deleted (checked with `--base`).

**What it does.** With `modelinv validate --base REF`, reports every entity that exists
at REF but no longer in the working tree, unless it was renamed (see LC006). The finding
points at the deleted file's path (line 1) and says where it still is at REF.

**Why it matters.** The inventory is also the audit trail: which models existed, who owned
them and how they were retired must stay answerable, and references from other files and
the history of an id break when its file disappears. `archived` is a model's end state.

**Failing example.** `git rm catalog/models/legacy-scorer.yaml`

**Use instead.** Keep the file: set a model's `spec.lifecycle: archived` (after
`deprecated`, with the retirement checklist) and a data asset's `spec.status: retired`;
deprecate or retire other entities in their description instead of deleting them.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Location
from modelinv.gitdata.changes import changes
from modelinv.inventory.inventory import Inventory

RULE = rule("LC005", "entity-deleted", Stage.TRANSITION, __doc__)

KEEP_INSTEAD = {
    "Model": "set spec.lifecycle: archived, the end state that keeps the audit trail",
    "DataAsset": "set spec.status: deprecated or retired",
}
LABELS = {"Model": "model", "DataAsset": "data asset", "Team": "team", "Consumer": "consumer"}


def check(base: Inventory, head: Inventory) -> Iterator[Finding]:
    for old in changes(base, head).deleted:
        kind = old.kind or ""
        instead = KEEP_INSTEAD.get(kind, "deprecate or retire it in its description")
        yield RULE.at(
            Location(old.display, 1, 1),
            f"{LABELS.get(kind, kind)} '{old.name}' was deleted; it is at {old.path}",
            hint=f"keep the file and {instead}; restore it with: "
            f"git show {old.path} > {old.display}",
        )
