"""A model's lifecycle move could not be checked: REF tells no stage (with `--base`).

**What it does.** With `modelinv validate --base REF`, reports a model that is valid in
the working tree while its file at REF failed validation in a way that leaves its stage
there unknown: the file did not load as YAML (a syntax error, a refused file), or it had
no `spec.lifecycle` string, or one that is not a lifecycle stage. LC001 cannot judge such
a move, so this says so at the working tree's `spec.lifecycle`, with why the stage at REF
is unknown and the codes that file had there. (When the file at REF failed validation but
its `spec.lifecycle` names a stage, LC001 judges the move from it and this stays silent.)

**Why it matters.** A move nobody checked must not look like a move that passed: a broken
version at REF would otherwise hide an archived model brought back, or a skipped stage.
It is a warning, not an error: the typical change is the one that repairs the broken
file, and blocking it would keep the catalog broken. A reviewer reads the stage at REF
by hand (`git show`, or `modelinv history MODEL`, which reads invalid versions too) and
decides; `--strict` makes it fail the run. Readiness is still enforced: a model at
`production` whose stage at REF is unknown is judged by LC002 as one entering production.

**Failing example.** At REF, a file that does not load:

```yaml
spec:
  lifecycle: archived
  owner: [team:payments-ml
```

and in the pull request, the repaired file:

```yaml
spec:
  lifecycle: development
  owner: team:payments-ml
```

**Use instead.** Repair a broken file without moving its lifecycle, and move the
lifecycle in a later change, which LC001 then checks. When the repair must set the stage,
say in the pull request what the stage was and have the move reviewed.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.gitdata.changes import changes, stage_before, unread_stage
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model

RULE = rule(
    "LC008", "lifecycle-move-unchecked", Stage.TRANSITION, __doc__, severity=Severity.WARNING
)


def check(base: Inventory, head: Inventory) -> Iterator[Finding]:
    found = changes(base, head)
    for old, new in (*found.changed, *found.renamed):
        now = head.entity(new)
        if not isinstance(now, Model) or old.kind != "Model" or stage_before(old) is not None:
            continue
        codes = ", ".join(sorted({f.code for f in old.findings}))
        yield RULE.at(
            head.locate(new, ("spec", "lifecycle")),
            f"lifecycle move to {now.spec.lifecycle} not checked: {old.path} failed "
            f"validation{f' ({codes})' if codes else ''} and {unread_stage(old)}",
            hint=f"read its stage there (git show {old.path}, or modelinv history "
            f"{new.name}) and check that the move to {now.spec.lifecycle} is allowed",
        )
