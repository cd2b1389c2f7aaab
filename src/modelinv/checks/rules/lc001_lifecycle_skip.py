"""A model's lifecycle moved in a way the lifecycle does not allow (checked with `--base`).

**What it does.** With `modelinv validate --base REF`, compares each model's
`spec.lifecycle` with its value at REF (a renamed model with its old id's). The allowed
moves are one step forward (development -> staging -> production -> deprecated ->
archived), abandoning early work (development or staging -> archived) and one step back
for a rollback (production -> staging, staging -> development). Anything else, such as
skipping staging or bringing an archived model back, is reported with the stages allowed
next. New models may start at any stage. A model whose file failed validation at REF (an
unknown field, say) is judged by the `spec.lifecycle` its YAML held there when that is
one of the stages, and the message says so: repairing a file does not hide a move. When
the file at REF tells no stage (it could not be read as YAML, or its `spec.lifecycle` is
missing or not a stage), the move cannot be judged, and LC008 says so instead.

**Why it matters.** Each stage is a gate: staging is where a model proves itself before
it serves production traffic, and deprecation is where consumers get their notice. A
skipped stage is a skipped review.

**Failing example.** At REF:

```yaml
spec:
  lifecycle: development
```

and in the pull request:

```yaml
spec:
  lifecycle: production
```

**Use instead.** Promote one stage per change: `development` -> `staging` first, then
`staging` -> `production` in a later change once the model is ready.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.gitdata.changes import changes, stage_before
from modelinv.governance.lifecycle import allowed_next, move_allowed
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model

RULE = rule("LC001", "lifecycle-skip", Stage.TRANSITION, __doc__)


def check(base: Inventory, head: Inventory) -> Iterator[Finding]:
    found = changes(base, head)
    for old, new in (*found.changed, *found.renamed):
        now = head.entity(new)
        before = stage_before(old)
        if not isinstance(now, Model) or before is None:
            continue
        after = now.spec.lifecycle
        if move_allowed(before, after):
            continue
        nexts = allowed_next(before)
        written = "" if old.valid else f" ({before} as written at {old.path}, invalid there)"
        yield RULE.at(
            head.locate(new, ("spec", "lifecycle")),
            f"lifecycle {before} -> {after} is not an allowed move{written}",
            hint=f"from {before} the next stage is {' or '.join(nexts)}: move one stage at a time"
            if nexts
            else f"{before} is the end state: register a new model instead",
        )
