"""The per-file stage alone, on a list of paths: what a pre-commit hook checks per file.

Loader, schema and entity rules only; references between files and other catalog-wide
rules need the whole catalog (`modelinv validate`). Prints nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.checks.org_rules_file import load_org_rules
from modelinv.checks.policy_file import load_policy
from modelinv.findings import Finding, Result
from modelinv.governance.context import Context
from modelinv.governance.policy import POLICY_FILE
from modelinv.loader.discover import SUFFIXES, SourceFile, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes


def sources_of(paths: Iterable[Path], catalog_dir: Path) -> list[SourceFile]:
    """The catalog files among `paths`; others (outside the catalog, not YAML, deleted)
    are not catalog entities and are left out."""
    root = catalog_dir.resolve()
    shown = shown_root(catalog_dir)
    found: dict[str, SourceFile] = {}
    for path in paths:
        absolute = path.absolute()
        try:
            rel = absolute.parent.resolve().joinpath(absolute.name).relative_to(root)
        except ValueError:
            continue
        posix = rel.as_posix()
        if not posix.endswith(SUFFIXES) or (not absolute.exists() and not absolute.is_symlink()):
            continue
        display = posix if shown == "." else f"{shown}/{posix}"
        found[posix] = SourceFile(str(root / rel), display, posix)
    return [found[rel] for rel in sorted(found)]


def check_paths(
    paths: Iterable[Path],
    catalog_dir: Path,
    today: dt.date | None = None,
    parser: ParserName = "auto",
) -> Result:
    """Per-file findings for the catalog files among `paths`."""
    policy, policy_findings = load_policy(catalog_dir, shown_root(catalog_dir))
    # OrgRuleError (a bad rule file) propagates: the command reports it and exits 2.
    org_rules = load_org_rules(catalog_dir, shown_root(catalog_dir))
    context = Context(policy, today or dt.date.today(), org_rules)
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    sources = sources_of(paths, catalog_dir)
    for source in sources:
        if source.rel == POLICY_FILE:
            findings += policy_findings
            continue
        entry = check_file(source, read_bytes(source.path, source.display), parser, context)
        findings += entry.findings
        if entry.valid and entry.kind is not None:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return Result.of(findings, len(sources), counts)
