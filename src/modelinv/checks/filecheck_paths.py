"""The per-file stage alone, on a list of paths: what a pre-commit hook checks per file.

Loader, schema and entity rules only; references between files and other catalog-wide
rules need the whole catalog (`modelinv validate`). Prints nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.checks.org_rules_file import load_org_rules
from modelinv.checks.policy_file import load_policy
from modelinv.findings import Finding, Result
from modelinv.governance.context import Context
from modelinv.governance.policy import POLICY_FILE
from modelinv.loader.discover import SUFFIXES, SourceFile, shown_path, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes

_NOT_YAML = "not a catalog file (only .yaml and .yml files are), not checked"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path given to check that is not a catalog file, and why, for the user."""

    path: str  # as given
    why: str


def sources_of(paths: Iterable[Path], catalog_dir: Path) -> tuple[list[SourceFile], list[Skipped]]:
    """The catalog files among `paths`, and the others (outside the catalog, not YAML),
    which are not catalog entities and are left out, each with why. A catalog file is what
    `validate` lists: a `*.yaml`/`*.yml` entry, or one of the names it refuses (YML010): a
    link to a folder, a `*.YAML` file (`miscased_suffix`). A path that does not exist is
    left out without a word (the command refuses it first)."""
    root = catalog_dir.resolve()
    shown = shown_root(catalog_dir)
    found: dict[str, SourceFile] = {}
    skipped: list[Skipped] = []
    for path in paths:
        absolute = path.absolute()
        if not absolute.exists() and not absolute.is_symlink():
            continue
        try:
            rel = absolute.parent.resolve().joinpath(absolute.name).relative_to(root)
        except ValueError:
            skipped.append(Skipped(str(path), f"outside the catalog {shown}, not checked"))
            continue
        posix = rel.as_posix()
        folder_link = absolute.is_symlink() and absolute.is_dir()
        if not posix.lower().endswith(SUFFIXES) and not folder_link:
            skipped.append(Skipped(str(path), _NOT_YAML))
            continue
        found[posix] = SourceFile(str(root / rel), shown_path(shown, posix), posix)
    return [found[rel] for rel in sorted(found)], skipped


def check_paths(
    paths: Iterable[Path],
    catalog_dir: Path,
    today: dt.date | None = None,
    parser: ParserName = "auto",
) -> tuple[Result, list[Skipped]]:
    """Per-file findings for the catalog files among `paths`, and the paths left out."""
    policy, policy_findings = load_policy(catalog_dir, shown_root(catalog_dir))
    # OrgRuleError (a bad rule file) propagates: the command reports it and exits 2.
    org_rules = load_org_rules(catalog_dir, shown_root(catalog_dir))
    context = Context(policy, today or dt.date.today(), org_rules)
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    sources, skipped = sources_of(paths, catalog_dir)
    for source in sources:
        if source.rel == POLICY_FILE:
            findings += policy_findings
            continue
        entry = check_file(source, read_bytes(source.path, source.display), parser, context)
        findings += entry.findings
        if entry.valid and entry.kind is not None:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return Result.of(findings, len(sources), counts), skipped
