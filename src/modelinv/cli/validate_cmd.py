"""`modelinv validate`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from modelinv.api import validate as run_validate
from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options
from modelinv.cli.exits import EXIT_FINDINGS, usage_error
from modelinv.cli.options import findings_format_option, print_result, today_option


@click.command()
@click.argument("catalog_dir", default="catalog", type=click.Path(path_type=Path))
@findings_format_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes checking files of a large catalog, this one included (default: one per core).",
)
@click.option(
    "--no-cache", is_flag=True, help="Re-check every file; do not read or write the cache."
)
@click.option(
    "--parser",
    type=click.Choice(["auto", "libyaml", "ruamel"]),
    default="auto",
    help="YAML event source (auto: libyaml when installed).",
)
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="Also check every change against the catalog where this branch met the git ref "
    "(e.g. origin/main; the ref itself when the branch is up to date): lifecycle moves, "
    "production readiness, deleted and renamed entities.",
)
@today_option
def validate(
    catalog_dir: Path,
    output_format: str | None,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
    parser: str,
    base: str | None,
    today: dt.date | None,
) -> None:
    """Check every file in CATALOG_DIR (default: catalog) and the references between them.

    Exit status: 0 clean (warnings allowed unless --strict), 1 findings, 2 usage error.
    """
    options = Options(
        parser=parser,  # type: ignore[arg-type]  # click.Choice guarantees the literal
        jobs=jobs,
        cache_dir=None if no_cache else default_cache_dir(),
        today=today,
        base=base,
    )
    try:
        result = run_validate(catalog_dir, options)
    except ConfigError as exc:
        usage_error(str(exc))
    print_result(result, output_format)
    if result.failed(strict=strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)
