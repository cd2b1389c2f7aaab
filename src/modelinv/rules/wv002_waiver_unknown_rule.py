"""A waiver names a rule that does not exist or cannot be waived.

**What it does.** Reports a `metadata.waivers` entry whose `rule` is not a rule code, or
is one of the YAML, schema or waiver rules, which cannot be waived (a file that does not
parse or validate carries no waivers that could be trusted).

**Why it matters.** A waiver for a misspelt code suppresses nothing while looking like
an approved exception.

**Failing example.**

```yaml
metadata:
  waivers:
    - {rule: TM010, reason: Reviewer on leave, approvedBy: Ana Lima, expires: 2027-01-31}
```

**Use instead.** Use the code printed with the finding (`modelinv rules` lists them).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from modelinv.context import FileContext
from modelinv.findings import Finding
from modelinv.loader import Document
from modelinv.model import Entity
from modelinv.rules.base import Stage, rule

RULE = rule("WV002", "waiver-unknown-rule", Stage.ENTITY, __doc__)
UNWAIVABLE_STAGES = (Stage.YAML, Stage.SCHEMA)


def waivable(code: str, org_codes: Collection[str] = ()) -> bool:
    """A built-in rule outside the YAML, schema and waiver stages, or an organisation rule."""
    from modelinv.rules.registry import RULES  # the registry imports this module

    if code in org_codes:
        return True
    found = RULES.get(code)
    return found is not None and found.stage not in UNWAIVABLE_STAGES and code[:2] != "WV"


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    for index, waiver in enumerate(entity.metadata.waivers):
        if not waivable(waiver.rule, file.context.org_codes):
            yield RULE.at(
                doc.locate(("metadata", "waivers", index, "rule")),
                f"waiver names {waiver.rule}, which is not a rule that can be waived",
                hint="use the code printed with the finding; see modelinv rules",
            )
