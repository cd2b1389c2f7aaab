"""Apply waivers: a finding on an entity that carries an active waiver for its rule is
set aside and counted, never silently lost."""

from __future__ import annotations

from collections.abc import Iterable

from modelinv.catalog import Catalog
from modelinv.findings import Finding
from modelinv.rules.wv002_waiver_unknown_rule import waivable


def apply_waivers(findings: Iterable[Finding], catalog: Catalog) -> tuple[list[Finding], int]:
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
        if finding.code in codes and waivable(finding.code, catalog.context.org_codes):
            waived += 1
        else:
            kept.append(finding)
    return kept, waived
