"""A metric's history holds an evaluation newer than the metric's own value.

**What it does.** Reports each point of a metric's `history` whose `evaluated` date lies
after the metric's top-level `evaluated`. The top-level `value` and `evaluated` are by
definition the newest evaluation; `history` keeps the earlier ones. A point dated the same
day as the top-level one is not reported: the order within a day is not recorded.

**Why it matters.** Everything that judges a metric reads its top-level `value` and
`evaluated`: the threshold and freshness checks of promotion (LC002) and the deployment
gate, TM006, and the reports (retirement's "metrics below threshold", health). A newer
evaluation left in `history` is ignored by all of them: it may miss its threshold while
every report says the metric is fine.

**Failing example.**

```yaml
spec:
  metrics:
    - name: auc
      value: 0.934
      threshold: 0.9
      evaluated: 2026-10-02
      history:
        - {value: 0.87, evaluated: 2026-11-20}
```

**Use instead.** Record the newest evaluation at the top, the one it replaces in
`history`:

```yaml
spec:
  metrics:
    - name: auc
      value: 0.87
      threshold: 0.9
      evaluated: 2026-11-20
      history:
        - {value: 0.934, evaluated: 2026-10-02}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.governance.context import FileContext
from modelinv.loader import Document
from modelinv.model import Entity, Model

RULE = rule("TM008", "history-after-evaluation", Stage.ENTITY, __doc__)


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    if not isinstance(entity, Model):
        return
    for number, metric in enumerate(entity.spec.metrics or ()):
        for point, past in enumerate(metric.history):
            if past.evaluated > metric.evaluated:
                yield RULE.at(
                    doc.locate(("spec", "metrics", number, "history", point, "evaluated")),
                    f"metric {metric.name}: history point evaluated {past.evaluated} is "
                    f"newer than the metric's evaluated {metric.evaluated}",
                    hint=(
                        "move the newest evaluation to the metric's value and evaluated, "
                        "and the one they hold now into history"
                    ),
                )
