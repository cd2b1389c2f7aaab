"""`modelinv schema`."""

from __future__ import annotations

from pathlib import Path

import click

from modelinv.generated import schemas


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder of the JSON Schema files.",
)
@click.option("--check", is_flag=True, help="Only check that the files are up to date.")
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schemas generated from the entity model (or --check them)."""
    if check:
        stale = schemas.stale(out_dir)
        for name in stale:
            click.echo(f"{out_dir / name}: out of date (run 'modelinv schema')", err=True)
        if stale:
            raise click.exceptions.Exit(1)
        click.echo(f"Schemas in {out_dir} are up to date.")
        return
    for name in schemas.write(out_dir):
        click.echo(f"wrote {out_dir / name}")
