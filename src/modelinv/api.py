"""The public entry points: each composes the layers (load, check, git) for one purpose.

`validate` is what `modelinv validate` runs; `check` the same on a catalog already loaded.
Prints nothing; problems in the catalog are findings, a run that cannot start raises
`ConfigError`.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.engine import ConfigError, Options, check_catalog, load_catalog
from modelinv.findings import Finding, Result
from modelinv.gitdata import git
from modelinv.gitdata.transitions import transition_findings
from modelinv.inventory.index import Catalog


def validate(root: Path | str, options: Options | None = None) -> Result:
    """Every check: per-file findings, the catalog-wide rules and, with `options.base`, the
    transition rules against the catalog at that git ref."""
    return check(load_catalog(root, options, entities=False), options)


def check(catalog: Catalog, options: Options | None = None) -> Result:
    """The result of `validate` for a catalog already loaded (e.g. with its entities, by a
    command that needs both, so the files are read once)."""
    extra: list[Finding] = []
    if options is not None and options.base is not None:
        try:
            extra = transition_findings(catalog, options.base, options.parser)
        except git.GitError as exc:
            raise ConfigError(f"--base: {exc}") from None
    return check_catalog(catalog, extra)
