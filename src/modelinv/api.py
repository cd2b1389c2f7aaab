"""The public entry points: each composes the layers (load, check, git) for one purpose.

`validate` is what `modelinv validate` runs; `check` the same on a catalog already loaded.
Prints nothing; problems in the catalog are findings, a run that cannot start raises
`ConfigError`.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.engine import ConfigError, Options, check_index, load_index, require_files
from modelinv.findings import Finding, Result
from modelinv.gitdata import git
from modelinv.gitdata.transitions import transition_findings
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory


def validate(root: Path | str, options: Options | None = None) -> Result:
    """Every check: per-file findings, the catalog-wide rules and, with `options.base`, the
    transition rules against the catalog at that git ref."""
    index = load_index(root, options)
    if options is None or options.base is None:
        # Nothing to check is almost always the wrong folder; with --base, deleting every
        # file is a change to report, not a usage error.
        require_files(index, root)
    return check(index, options)


def check(loaded: Index | Inventory, options: Options | None = None) -> Result:
    """The result of `validate` for a catalog already loaded (e.g. an inventory, by a
    command that needs entities too, so the files are read once)."""
    index = loaded.index if isinstance(loaded, Inventory) else loaded
    extra: list[Finding] = []
    if options is not None and options.base is not None:
        try:
            extra = transition_findings(index, options.base, options.parser, options.job_count)
        except git.GitError as exc:
            raise ConfigError(f"--base: {exc}") from None
    return check_index(index, extra)
