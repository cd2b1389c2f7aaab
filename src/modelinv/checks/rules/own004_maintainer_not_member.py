"""A model's maintainer is not a member of its owning team.

**What it does.** When the owning Team lists `members`, checks that the model's maintainer
email is one of theirs (compared case-insensitively).

**Why it matters.** Accountability is split when the named contact sits outside the team
that owns the model, and it often means the maintainer left the team.

**Failing example.** `team:payments-ml` lists Ana and Ben; the model says

```yaml
spec:
  owner: team:payments-ml
  maintainer: {name: Carla Diaz, email: carla.diaz@example.com}
```

**Use instead.** Name a member as maintainer, or add the maintainer to the team's members.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index

RULE = rule("OWN004", "maintainer-not-member", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    for entry, owner_ref in catalog.owners():
        if entry.kind != "Model" or not entry.valid or entry.facts.maintainer is None:
            continue
        owner = catalog.resolve(owner_ref)
        if owner is None or not owner.valid or not owner.facts.members:
            continue
        if entry.facts.maintainer not in owner.facts.members:
            yield RULE.at(
                catalog.locate(entry, ("spec", "maintainer", "email")),
                f"maintainer {entry.facts.maintainer} is not a member of {owner_ref}",
                hint=f"name a member of {owner_ref}, or add them to {owner.display}",
            )
