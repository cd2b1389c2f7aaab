"""A model enters production without being ready for it (checked with `--base`).

**What it does.** With `modelinv validate --base REF`, finds every model whose lifecycle
is `production` in the working tree but was not at REF (promoted, or new), and checks
that it is ready: every attribute group filled in, metrics evaluated recently and on the
right side of their thresholds, a risk level that is allowed at all, an up-to-date audit
for high- and limited-risk models, a production deployment, and current documentation
(thresholds from the policy file). One finding per model lists every reason. A model
whose file failed validation at REF has the stage that file wrote there (as for LC001):
one that said `production` is not judged again, and one whose stage there cannot be read
is judged as entering production.

**Why it matters.** Promotion is the moment a model starts to affect people and money;
the time-based rules only catch decay later. Readiness checked on the pull request that
promotes keeps unready models out of production in the first place.

**Failing example.** A promotion from `staging` to `production` of a model whose only
deployment is in staging, whose AUC is below its threshold and which has no
documentation:

```yaml
spec:
  lifecycle: production
  deployments:
    - {environment: staging, platform: kserve}
  metrics:
    - {name: auc, value: 0.85, threshold: 0.9, evaluated: 2026-11-20}
```

**Use instead.** Fix every listed reason first (deploy to production, re-train until the
metric passes, link the model card in `documentation`), or keep the model at `staging`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.gitdata.changes import changes, stage_before
from modelinv.governance.lifecycle import production_blockers
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model

RULE = rule("LC002", "production-not-ready", Stage.TRANSITION, __doc__)


def check(base: Inventory, head: Inventory) -> Iterator[Finding]:
    found = changes(base, head)
    previous = found.previous()
    for new in (*(n for _, n in found.changed), *(n for _, n in found.renamed), *found.added):
        model = head.entity(new)
        if not isinstance(model, Model) or model.spec.lifecycle != "production":
            continue
        old = previous.get(id(new))
        before = stage_before(old) if old else None
        if before == "production":
            continue
        blockers = production_blockers(model, head.context)
        if blockers:
            if old is None:
                how = "new model at production"
            elif before is None:
                how = "moved to production from an unknown stage (see LC008)"
            else:
                how = f"{before} -> production"
            yield RULE.at(
                head.locate(new, ("spec", "lifecycle")),
                f"{how}, but not ready: {'; '.join(blockers)}",
                hint="fix every reason before promoting, or keep the model at staging",
            )
