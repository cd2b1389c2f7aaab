"""Read `catalog/policy.yaml`: the policy, or its problems reported with the schema rules
like any catalog file's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from modelinv.checks.schema_stage import error_findings
from modelinv.findings import Finding
from modelinv.governance.policy import DEFAULT, POLICY_FILE, Policy
from modelinv.loader import load_path
from modelinv.loader.discover import shown_path


def load_policy(catalog_dir: Path, display_dir: str) -> tuple[Policy, list[Finding]]:
    """The catalog's policy (defaults when there is no file) and its problems, which are
    reported with the schema rules like any catalog file's."""
    path = catalog_dir / POLICY_FILE
    display = shown_path(display_dir, POLICY_FILE)
    if not path.exists() and not path.is_symlink():
        return DEFAULT, []
    doc = load_path(str(path), display)
    if doc.findings:
        return DEFAULT, doc.findings
    try:
        return Policy.model_validate(doc.data), []
    except ValidationError as exc:
        return DEFAULT, error_findings(doc, Policy, exc)


def invalid_policy(problems: Sequence[Finding], consequence: str) -> str | None:
    """The one line a command stops with when the policy file is not valid (`problems`, as
    `load_policy` gives them): its first problem, how many more, and `consequence` (what
    judging by the defaults instead would do, e.g. ", so nothing is edited"); None when it
    is valid."""
    if not problems:
        return None
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return (
        f"{first.location}: {first.code} {first.message}{more}: the policy file is not "
        f"valid{consequence}; fix it first (see modelinv validate)"
    )
