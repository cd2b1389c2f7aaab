"""An entity's id was renamed (checked with `--base`).

**What it does.** With `modelinv validate --base REF`, reports an id that disappeared
while the same file now holds another id of the same kind, or while a new entity of the
same kind appeared whose content, apart from the id, is the same or nearly so (80% of
its values in common). The finding names the old id and where it was, and lists as related
locations the files that still refer to the old id (their REF001 findings come from the
rename).

**Why it matters.** References, dashboards, audit records and `modelinv history` follow
the id. A rename silently breaks every reference outside this repository and splits the
entity's history.

**Failing example.** `git mv catalog/models/churn-scorer.yaml
catalog/models/churn-predictor.yaml` and `name: churn-predictor` in it.

**Use instead.** Keep the id and change `metadata.title`, which is the display name. When
the id must change, update every reference to the old one in the same change.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.gitdata.changes import changes
from modelinv.inventory.inventory import Inventory

RULE = rule("LC006", "entity-renamed", Stage.TRANSITION, __doc__, severity=Severity.WARNING)


def check(base: Inventory, head: Inventory) -> Iterator[Finding]:
    for old, new in changes(base, head).renamed:
        kind = old.ref.partition(":")[0] if old.ref else (old.kind or "").lower()
        stale = [
            head.locate(entry, field.pointer)
            for entry, field in head.index.ref_fields()
            if old.ref is not None and field.target == old.ref
        ]
        still = (
            f"; {len(stale)} reference(s) to {old.ref} remain (REF001): "
            + ", ".join(str(s) for s in stale)
            if stale
            else ""
        )
        yield RULE.at(
            head.locate(new, ("metadata", "name")),
            f"{kind} id '{old.name}' renamed to '{new.name}' (was {old.path})",
            hint="references and history follow the id: keep the old id and change "
            f"metadata.title, or update every reference to {old.ref or repr(old.name)}{still}",
            related=tuple(stale),
        )
