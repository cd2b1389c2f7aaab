"""`modelinv check-files`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from modelinv.checks.catalog_root import root_problem
from modelinv.checks.filecheck_paths import check_paths
from modelinv.checks.org_rules_file import OrgRuleError
from modelinv.cli.exits import EXIT_FINDINGS, complain, usage_error
from modelinv.cli.options import catalog_option, findings_format_option, print_result, today_option


@click.command("check-files")
# readable=False: an unreadable file is a YML010 finding, as `validate` reports it, not a
# usage error from click.
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, readable=False))
@catalog_option(
    "The catalog the files belong to (files outside it, or not *.yaml/*.yml, are skipped "
    "with a note on stderr; they do not fail the run)."
)
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
    A pre-commit hook passes every staged file: one outside the catalog or not a catalog
    file is named on stderr and skipped, never a failure. A directory is a usage error.
    """
    problem = root_problem(catalog_dir)
    missing = [str(path) for path in files if not path.exists() and not path.is_symlink()]
    folders = [str(path) for path in files if path.is_dir() and not path.is_symlink()]
    if problem is None and missing:
        problem = f"no such file: {', '.join(missing)}"
    if problem is None and folders:
        problem = (
            f"{', '.join(folders)}: a directory; check-files takes files "
            "(run `modelinv validate` for the whole catalog)"
        )
    if problem is not None:
        usage_error(problem)
    try:
        result, skipped = check_paths(files, catalog_dir, today)
    except OrgRuleError as exc:
        usage_error(str(exc))
    for left_out in skipped:
        complain(f"note: {left_out.path}: {left_out.why}")
    print_result(result, output_format)
    if result.failed(strict=strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)
