"""Check an edit before it is written: the new bytes parse to exactly the old data with
the edit applied, and the file gains no error that `modelinv validate` would report."""

from __future__ import annotations

from collections.abc import Sequence

from modelinv.checks import filecheck
from modelinv.checks.rules.registry import CATALOG_RULES
from modelinv.checks.waivers import apply_waivers
from modelinv.edit.ops import Op, expected
from modelinv.edit.result import Refused
from modelinv.edit.yaml_edit import EditError
from modelinv.findings import Finding, Severity
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader import load_bytes
from modelinv.loader.discover import SourceFile


def file_findings(
    catalog: Inventory, source: SourceFile, data: bytes
) -> tuple[Entry, list[Finding]]:
    """The entry `data` makes at `source`, and every finding on it that an active waiver
    does not set aside, catalog rules included, judged with this file in place of the one
    on disk."""
    entry = filecheck.check_file(source, data, "auto", catalog.context)
    others = [e for e in catalog.entries if e.path != source.path]
    trial = Index(catalog.root, [*others, entry], catalog.context)
    found = list(entry.findings)
    for rule in CATALOG_RULES:
        found += [f for f in rule.check(trial) if f.location.path == source.display]
    kept, _ = apply_waivers(found, trial)
    return entry, kept


def check_edit(
    catalog: Inventory, source: SourceFile, before: bytes | None, after: bytes, ops: Sequence[Op]
) -> Entry:
    """The entry of `after`; refuses when it is not `before` with `ops`, or is worse."""
    new = load_bytes(after, source.display)
    if new.findings:
        reasons = [f"the edit would not parse: {f.code} {f.message}" for f in new.findings]
        raise Refused(source.display, reasons)
    if before is not None:
        old = load_bytes(before, source.display)
        try:
            meant = expected(old.data, new.data, ops)
        except EditError as exc:
            raise Refused(source.display, [str(exc)]) from None
        if meant != new.data:
            raise Refused(source.display, ["the edit would change other values (a bug: report it)"])
    entry, after_findings = file_findings(catalog, source, after)
    known = set()
    if before is not None:
        known = {_key(f) for f in file_findings(catalog, source, before)[1]}
    introduced = [
        f for f in after_findings if f.severity is Severity.ERROR and _key(f) not in known
    ]
    if introduced:
        raise Refused(
            source.display,
            [
                f"the result would not validate: {f.code} {f.message}"
                + (f" ({f.hint})" if f.hint else "")  # what to do, as `validate` says it
                for f in introduced
            ],
        )
    return entry


def _key(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.message
