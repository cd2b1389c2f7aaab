"""`modelinv docs`."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from modelinv.cli.exits import usage_error
from modelinv.generated import rule_docs as generated


@click.command()
@click.option(
    "--readme", type=click.Path(path_type=Path), default=Path("README.md"), show_default=True
)
@click.option(
    "--reference", type=click.Path(path_type=Path), default=Path("docs/rules.md"), show_default=True
)
@click.option("--check", is_flag=True, help="Only check that the files are up to date.")
def docs(readme: Path, reference: Path, check: bool) -> None:
    """Regenerate the rule reference and the README's rule table from the rule docstrings."""
    try:
        changed = (
            generated.stale(readme, reference) if check else generated.write(readme, reference)
        )
    except OSError as exc:
        # Run elsewhere than the repository root, README.md is simply not there.
        usage_error(
            f"cannot read {exc.filename or 'a file'}: {exc.strerror or exc}; "
            "run from the repository root or give --readme and --reference"
        )
    except ValueError as exc:
        usage_error(f"{exc}; run from the repository root or give --readme and --reference")
    rerun = ["modelinv", "docs"]  # with the files checked, not ./README.md and docs/
    if readme != Path("README.md"):
        rerun += ["--readme", str(readme)]
    if reference != Path("docs/rules.md"):
        rerun += ["--reference", str(reference)]
    for path in changed:
        state = f"out of date (run '{shlex.join(rerun)}')" if check else "written"
        click.echo(f"{path}: {state}", err=check)
    if check and changed:
        raise click.exceptions.Exit(1)
