"""Load what a report is made from: the catalog (with entities) and the usage data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import Options, load_inventory
from modelinv.inventory.inventory import Inventory
from modelinv.reports.usage import Usage, load_usage


class ReportError(Exception):
    """A report cannot be made (e.g. the policy file is invalid). Exit code 2."""


def load_inputs(
    catalog_dir: Path, usage_file: Path | None, today: dt.date | None
) -> tuple[Inventory, Usage]:
    """The catalog judged as of `today` and its usage data; raises ConfigError,
    UsageError or ReportError with a one-line message."""
    catalog = load_inventory(catalog_dir, Options(today=today, cache_dir=default_cache_dir()))
    if catalog.policy_findings:
        finding = catalog.policy_findings[0]
        raise ReportError(
            f"{finding.location}: {finding.code} {finding.message} "
            "(the reports judge by this policy: fix it first, see modelinv validate)"
        )
    usage = load_usage(usage_file) if usage_file is not None else Usage.none()
    return catalog, usage
