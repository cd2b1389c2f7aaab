"""Load what a report is made from: the catalog (with entities) and the usage data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import Options, load_inventory, require_files
from modelinv.discovery.observation import SourceError
from modelinv.governance.policy import Policy
from modelinv.inventory.inventory import Inventory
from modelinv.reports.usage import PROMETHEUS_PREFIX, Usage, load_usage


class ReportError(Exception):
    """A report cannot be made (e.g. the policy file is invalid). Exit code 2."""


def load_inputs(
    catalog_dir: Path, usage_file: str | Path | None, today: dt.date | None, *, cache: bool = True
) -> tuple[Inventory, Usage]:
    """The catalog judged as of `today` and its usage data (through the cache folder unless
    not `cache`); raises ConfigError, UsageError or ReportError with a one-line message."""
    cache_dir = default_cache_dir() if cache else None
    catalog = load_inventory(catalog_dir, Options(today=today, cache_dir=cache_dir))
    require_files(catalog.index, catalog_dir)
    if catalog.policy_findings:
        finding = catalog.policy_findings[0]
        raise ReportError(
            f"{finding.location}: {finding.code} {finding.message} "
            "(the reports judge by this policy: fix it first, see modelinv validate)"
        )
    return catalog, usage_from(usage_file, catalog.context.policy, catalog.context.today)


def usage_from(given: str | Path | None, policy: Policy, today: dt.date) -> Usage:
    """The usage data `--usage` names: a file, or `prometheus:URL` (a live Prometheus,
    read as the policy's `prometheus` block says). Raises UsageError or ReportError."""
    if given is None:
        return Usage.none()
    text = str(given)
    if text.startswith(PROMETHEUS_PREFIX):
        # Imported only here: the HTTP client is ~20 ms of every report's and build's start.
        from modelinv.discovery.prometheus import prometheus_usage

        try:
            url = text.removeprefix(PROMETHEUS_PREFIX)
            return prometheus_usage(url, policy.spec.prometheus, today)
        except SourceError as exc:
            raise ReportError(str(exc)) from None
    return load_usage(Path(text))
