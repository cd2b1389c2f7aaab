"""`modelinv codeowners`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path, PurePosixPath

import click

from modelinv.checks.engine import ConfigError, load_index
from modelinv.cli.exits import EXIT_FINDINGS, usage_error
from modelinv.cli.options import catalog_option
from modelinv.generated.codeowners import (
    DEFAULT_PATH,
    first_difference,
    read_current,
    regenerate_command,
    render,
    repository_top,
    unified_diff,
)
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Index
from modelinv.loader.discover import shown_path, shown_root
from modelinv.support.atomic import write_output
from modelinv.support.safe_paths import symlink_on_path
from modelinv.support.unsafe_text import visible

# The same owners the policy's `spec.codeowners.fallback` accepts; \Z, not $: a trailing
# newline would start a new CODEOWNERS line.
_OWNER = re.compile(
    r"(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\Z"
)


@click.command()
@catalog_option(
    "Catalog folder (paths in CODEOWNERS are relative to the top of its git repository, "
    "else to the working directory)."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="The CODEOWNERS file. Default: .github/CODEOWNERS at the top of the catalog's git "
    "repository (where the forge and OWN005 read it), else in the working directory.",
)
@click.option(
    "--fallback",
    default=None,
    help="Owner of catalog files no team handle covers, of the policy file and of CODEOWNERS "
    "itself. Default: spec.codeowners.fallback in the catalog's policy.yaml.",
)
@click.option("--check", is_flag=True, help="Only check that the file is up to date.")
def codeowners(catalog_dir: Path, out: Path | None, fallback: str | None, check: bool) -> None:
    """Write CODEOWNERS: each entity file owned by its owning team's forge handle.

    Exit status: 0, 1 when --check finds the file missing or different, 2 for a usage or
    configuration error (no fallback owner, an invalid policy file).
    """
    if fallback is not None and not _OWNER.match(fallback):
        usage_error(f"--fallback: not an owner: {fallback!r}")
    try:
        catalog = load_index(catalog_dir)
    except ConfigError as exc:
        usage_error(str(exc))
    owner = fallback or _policy_fallback(catalog, catalog_dir)
    rerun = regenerate_command(shown_root(catalog_dir), fallback)
    if out is not None:
        rerun += f" --out {shlex.quote(str(out))}"
    top = repository_top(catalog_dir)
    if top is None:
        out = out or Path(DEFAULT_PATH)
        text = render(catalog, owner, shown_root(catalog_dir), _self_path(out, Path.cwd()))
    else:
        # Run from a subfolder of the repository, it writes and checks the file OWN005
        # judges, with the same paths, not one of its own under the working directory.
        out = out or Path(shown_root(top / DEFAULT_PATH))
        prefix = catalog_dir.resolve().relative_to(top).as_posix()
        text = render(catalog, owner, prefix, _self_path(out, top))
    if check:
        _check(out, text, rerun)
        return
    link = symlink_on_path(out)
    if link is not None:
        usage_error(f"{link} is a symbolic link; refusing to write {out} through it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_output(out, text.encode("utf-8"))
    except OSError as exc:
        usage_error(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"wrote {out}")


def _check(out: Path, text: str, rerun: str) -> None:
    current = read_current(out, str(out))
    if current.text is None:
        state = "missing" if current.missing else f"cannot be used: {current.problem}"
        click.echo(visible(f"{out}: {state} (run '{rerun}')"), err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    found = first_difference(current.text, text)
    if found is not None:
        where = f"{out}:{found.line}"
        click.echo(visible(f"{where}: out of date: {found.describe()} (run '{rerun}')"), err=True)
        for line in unified_diff(current.text, text, str(out)):
            click.echo(line, err=True)  # each made visible by `unified_diff`
        raise click.exceptions.Exit(EXIT_FINDINGS)
    click.echo(visible(f"{out} is up to date."))


def _policy_fallback(catalog: Index, catalog_dir: Path) -> str:
    policy = shown_path(shown_root(catalog_dir), POLICY_FILE)
    if catalog.policy_findings:
        first = catalog.policy_findings[0]
        usage_error(
            f"{first.location}: {first.code} {visible(first.message)} "
            "(fix the policy file, see modelinv validate, or pass --fallback)"
        )
    settings = catalog.context.policy.spec.codeowners
    if settings is None:
        usage_error(
            f"no fallback owner: set spec.codeowners.fallback in {policy} "
            "(e.g. codeowners: {fallback: '@acme/platform'}) or pass --fallback"
        )
    return settings.fallback


def _self_path(out: Path, top: Path) -> str:
    """Where CODEOWNERS lies relative to `top` (the repository's top, else the working
    directory), for its line owning itself; the default path when it lies elsewhere."""
    try:
        rel = out.absolute().parent.resolve().joinpath(out.name).relative_to(top.resolve())
    except ValueError:
        return DEFAULT_PATH
    posix = PurePosixPath(rel.as_posix())
    return DEFAULT_PATH if ".." in posix.parts else str(posix)
