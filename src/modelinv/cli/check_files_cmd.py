"""`modelinv check-files`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from modelinv.cli.options import catalog_option, findings_format_option, print_result, today_option
from modelinv.filecheck_paths import check_paths
from modelinv.org_rules_load import OrgRuleError

EXIT_FINDINGS = 1
EXIT_USAGE = 2


@click.command("check-files")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@catalog_option("The catalog the files belong to (files outside it are skipped).")
@findings_format_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@today_option
def check_files(
    files: tuple[Path, ...],
    catalog_dir: Path,
    output_format: str | None,
    strict: bool,
    today: dt.date | None,
) -> None:
    """Check FILES on their own: syntax, schema and per-file rules (fast, for pre-commit).

    References between files need the whole catalog: run `modelinv validate` for those.
    """
    if not catalog_dir.is_dir():
        click.echo(f"modelinv: catalog directory not found: {catalog_dir}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    try:
        result = check_paths(files, catalog_dir, today)
    except OrgRuleError as exc:
        click.echo(f"modelinv: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    print_result(result, output_format)
    if result.failed(strict=strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)
