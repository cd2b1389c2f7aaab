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

from modelinv.catalog import Catalog
from modelinv.findings import Finding
from modelinv.model import Model, Team, parse_ref
from modelinv.rules.base import Stage, rule

RULE = rule("OWN004", "maintainer-not-member", Stage.CATALOG, __doc__)


def check(catalog: Catalog) -> Iterator[Finding]:
    for entry, model in catalog.of_kind(Model):
        ref = parse_ref(model.spec.owner)
        owner = catalog.lookup(ref) if ref else None
        team = owner.entity if owner else None
        if not isinstance(team, Team) or not team.spec.members:
            continue
        emails = {m.email.lower() for m in team.spec.members}
        email = model.spec.maintainer.email
        if email.lower() not in emails:
            yield RULE.at(
                catalog.locate(entry, ("spec", "maintainer", "email")),
                f"maintainer {email} is not a member of {model.spec.owner}",
                hint=f"name a member of {model.spec.owner}, or add them to "
                f"{owner.display if owner else 'the team'}",
            )
