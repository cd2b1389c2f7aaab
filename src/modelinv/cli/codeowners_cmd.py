"""`modelinv codeowners`."""

from __future__ import annotations

import re
from pathlib import Path

import click

from modelinv.checks.engine import ConfigError, load_index
from modelinv.cli.exits import EXIT_FINDINGS, EXIT_USAGE
from modelinv.cli.options import catalog_option
from modelinv.generated.codeowners import render
from modelinv.loader.discover import shown_root
from modelinv.support.atomic import write_text_atomic

_OWNER = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?$|^[^@\s]+@[^@\s]+$")


@click.command()
@catalog_option("Catalog folder (paths in CODEOWNERS are relative to the working directory).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path(".github/CODEOWNERS"),
    show_default=True,
    help="The CODEOWNERS file.",
)
@click.option(
    "--fallback",
    default="@org/platform",
    show_default=True,
    help="Owner of catalog files no team handle covers (and of the policy file).",
)
@click.option("--check", is_flag=True, help="Only check that the file is up to date.")
def codeowners(catalog_dir: Path, out: Path, fallback: str, check: bool) -> None:
    """Write CODEOWNERS: each entity file owned by its owning team's forge handle."""
    if not _OWNER.match(fallback):
        click.echo(f"modelinv: --fallback: not an owner: {fallback!r}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    try:
        catalog = load_index(catalog_dir)
    except ConfigError as exc:
        click.echo(f"modelinv: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    text = render(catalog, fallback, shown_root(catalog_dir))
    if check:
        try:
            current = out.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            current = None
        if current != text:
            state = "missing" if current is None else "out of date"
            click.echo(f"{out}: {state} (run 'modelinv codeowners')", err=True)
            raise click.exceptions.Exit(EXIT_FINDINGS)
        click.echo(f"{out} is up to date.")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, text)
    click.echo(f"wrote {out}")
