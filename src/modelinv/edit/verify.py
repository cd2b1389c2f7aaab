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
    entry, found, _ = _findings(catalog, source, data)
    return entry, found


def _findings(
    catalog: Inventory, source: SourceFile, data: bytes
) -> tuple[Entry, list[Finding], list[Finding]]:
    """`file_findings`, and the findings on the other files of the catalog rules that read
    the index alone (those an active waiver does not set aside), judged with this file in
    place."""
    entry = filecheck.check_file(source, data, "auto", catalog.context)
    others = [e for e in catalog.entries if e.path != source.path]
    trial = Index(catalog.root, [*others, entry], catalog.context)
    found = list(entry.findings)
    elsewhere: list[Finding] = []
    for rule in CATALOG_RULES:
        # Another file's findings count only from the rules that read the index alone, the
        # part an edit changes: TMP001 lists the folder, where a concurrent edit's temporary
        # file may come and go between the two judgements (before and after this edit).
        judged_elsewhere = getattr(rule, "INDEX_ONLY", False)
        for finding in rule.check(trial):
            if finding.location.path == source.display:
                found.append(finding)
            elif judged_elsewhere:
                elsewhere.append(finding)
    kept, _ = apply_waivers(found, trial)
    kept_elsewhere, _ = apply_waivers(elsewhere, trial)
    return entry, kept, kept_elsewhere


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
    entry, after_findings, after_elsewhere = _findings(catalog, source, after)
    known, known_elsewhere = set(), set()
    if before is not None:
        _, before_findings, before_elsewhere = _findings(catalog, source, before)
        known = {_key(f) for f in before_findings}
        known_elsewhere = {_where(f) for f in before_elsewhere}
    introduced = [
        f for f in after_findings if f.severity is Severity.ERROR and _key(f) not in known
    ]
    reasons = [
        f"the result would not validate: {f.code} {f.message}"
        + (f" ({f.hint})" if f.hint else "")  # what to do, as `validate` says it
        for f in introduced
    ]
    if before is not None:
        # An edit of this file must not break another one either: archiving a model that
        # one in service still lists upstream gives that model a GR002 error. (A new file
        # is left out: its CODEOWNERS line is written after it, see `codeowners_after`.)
        reasons += [
            f"it would make another file fail validation: {f.location}: {f.code} {f.message}"
            + (f" ({f.hint})" if f.hint else "")
            for f in after_elsewhere
            if f.severity is Severity.ERROR and _where(f) not in known_elsewhere
        ]
    if reasons:
        raise Refused(source.display, reasons)
    return entry


def _key(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.message


def _where(finding: Finding) -> tuple[str, str, str]:
    return finding.location.path, finding.code, finding.message
