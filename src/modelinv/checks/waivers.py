"""Apply waivers: a finding on an entity that carries an active waiver for its rule is
set aside and counted, never silently lost. And the discovery grace period: an entry
`modelinv discover --write` made is incomplete on purpose, so its errors are warnings for
the policy's `discoveryGraceDays` after its discovery (then errors again)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from modelinv.checks.rules.registry import waivable_codes
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Index
from modelinv.support.dates import days_after


def apply_waivers(findings: Iterable[Finding], catalog: Index) -> tuple[list[Finding], int]:
    """(findings still reported, number waived). A waiver counts until its expiry date."""
    today = catalog.context.today.isoformat()
    active: dict[str, frozenset[str]] = {}
    for entry in catalog.entries:
        waivers = entry.facts.waivers
        if not waivers:
            continue  # most entries: no set built for them
        codes = frozenset(rule for rule, expires in waivers if expires >= today)
        if codes:
            active[entry.display] = codes
    kept, waived = [], 0
    allowed_codes = waivable_codes(catalog.context)
    grace = _in_grace(catalog)
    none: frozenset[str] = frozenset()  # shared: most findings' files have no waiver
    for finding in findings:
        codes = active.get(finding.location.path, none)
        if codes and finding.code in codes and finding.code in allowed_codes:
            waived += 1
        elif finding.severity is Severity.ERROR and finding.location.path in grace:
            until = grace[finding.location.path]
            kept.append(
                dataclasses.replace(
                    finding,
                    severity=Severity.WARNING,
                    message=f"{finding.message} [discovered entry: a warning until {until}]",
                )
            )
        else:
            kept.append(finding)
    return kept, waived


def _in_grace(catalog: Index) -> dict[str, str]:
    """display path -> last day of its grace, for discovered entries still in grace."""
    days = catalog.context.policy.spec.discovery_grace_days
    found = {}
    for entry in catalog.entries:
        if entry.facts.discovered is None:
            continue
        until = days_after(dt.date.fromisoformat(entry.facts.discovered), days)
        if catalog.context.today <= until:
            found[entry.display] = until.isoformat()
    return found
