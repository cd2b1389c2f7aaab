"""`modelinv schema`."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from modelinv.cli.exits import usage_error
from modelinv.generated import schemas
from modelinv.support.safe_paths import symlink_on_path


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
    if out_dir.exists() and not out_dir.is_dir():
        usage_error(f"{out_dir} is not a directory; give the folder of the schema files")
    if check:
        drift = schemas.drift(out_dir)
        rerun = ["modelinv", "schema"]
        if out_dir != Path("schemas"):
            rerun += ["--out", str(out_dir)]  # the files checked, not ./schemas
        for name, state in drift.items():
            click.echo(f"{out_dir / name}: {state} (run '{shlex.join(rerun)}')", err=True)
        if drift:
            raise click.exceptions.Exit(1)
        click.echo(f"Schemas in {out_dir} are up to date.")
        return
    link = symlink_on_path(out_dir)
    if link is not None:  # as build and codeowners: it would write wherever the link points
        usage_error(
            f"--out {out_dir}: {link} is a symbolic link; the schemas are only written to a "
            "real folder (remove the link or choose another --out)"
        )
    try:
        written = schemas.write(out_dir)
    except OSError as exc:
        usage_error(f"cannot write the schemas to {out_dir}: {exc.strerror or exc}")
    for name in written:
        click.echo(f"wrote {out_dir / name}")
