"""A waiver waives nothing.

**What it does.** After every other check has run, reports each active `metadata.waivers`
entry whose rule found nothing in its file: the exception it grants is not in use. Expired
waivers (WV001) and waivers naming a rule that cannot be waived (WV002) are left to those
rules. A waiver for a rule checked only with `--base` (LC001, LC002, LC005, LC006, LC008)
is not judged: a run without `--base` cannot tell whether it is needed.

**Why it matters.** A waiver is an approved exception, and an audit reads the list of them
as the catalog's open exceptions. One left behind after its problem was fixed overstates
them, and it silently covers the same problem if it comes back before the waiver expires.
A warning: it blocks nothing, and `--strict` fails on it.

**Failing example.** On 2026-11-26, a model reviewed on 2026-09-15 (TM001 finds nothing):

```yaml
metadata:
  waivers:
    - {rule: TM001, reason: Reviewer on leave, approvedBy: Ana Lima, expires: 2027-01-31}
```

**Use instead.** Remove the waiver once its finding is fixed; add it back, with a new
approval, if the finding comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Index

RULE = rule("WV003", "waiver-unused", Stage.WAIVERS, __doc__, severity=Severity.WARNING)


def check(index: Index, findings: Iterable[Finding], judged: frozenset[str]) -> Iterator[Finding]:
    """`findings`: every finding of the run, before waivers; `judged`: the codes a waiver
    is judged for (the waivable codes whose rules ran)."""
    today = index.context.today.isoformat()
    found = {(f.location.path, f.code) for f in findings}
    for entry in index.entries:
        for number, (code, expires) in enumerate(entry.facts.waivers):
            if expires < today or code not in judged or (entry.display, code) in found:
                continue
            yield RULE.at(
                index.locate(entry, ("metadata", "waivers", number, "rule")),
                f"the waiver for {code} waives nothing: {code} finds no problem in this file",
                hint="remove the waiver; add it back, with a new approval, if the finding returns",
            )
