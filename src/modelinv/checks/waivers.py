"""Apply waivers: a finding on an entity that carries an active waiver for its rule is
set aside and counted, never silently lost."""

from __future__ import annotations

from collections.abc import Iterable

from modelinv.checks.rules.registry import waivable
from modelinv.findings import Finding
from modelinv.inventory.index import Index


def apply_waivers(findings: Iterable[Finding], catalog: Index) -> tuple[list[Finding], int]:
    """(findings still reported, number waived). A waiver counts until its expiry date."""
    today = catalog.context.today.isoformat()
    active: dict[str, set[str]] = {}
    for entry in catalog.entries:
        codes = {rule for rule, expires in entry.facts.waivers if expires >= today}
        if codes:
            active[entry.display] = codes
    kept, waived = [], 0
    for finding in findings:
        codes = active.get(finding.location.path, set())
        allowed = waivable(finding.code) or finding.code in catalog.context.org_codes
        if finding.code in codes and allowed:
            waived += 1
        else:
            kept.append(finding)
    return kept, waived
