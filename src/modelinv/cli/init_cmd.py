"""`modelinv init [DIR]`: a new inventory repository that validates at once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from modelinv import __version__
from modelinv.adoption.pin import UPSTREAM, Pin, installed_pin
from modelinv.adoption.scaffold import CODEOWNERS, Settings, codeowners_text, plan
from modelinv.checks.engine import ConfigError
from modelinv.cli.exits import EXIT_USAGE, complain, usage_error
from modelinv.generated.codeowners import repository_top
from modelinv.support.atomic import write_text_atomic
from modelinv.support.safe_paths import symlink_on_path


def _ask(value: str | None, flag: str, question: str, default: str | None = None) -> str:
    """The flag's value, else an answer when someone is at the terminal, else the default,
    else a usage error."""
    if value is not None:
        return value
    if not sys.stdin.isatty():
        if default is not None:
            return default
        usage_error(f"{flag} is required when not run at a terminal")
    answer: str = click.prompt(question, default=default)
    return answer


def _pin(repo: str | None, ref: str | None) -> Pin:
    installed = installed_pin()
    if ref is None and installed is None:
        usage_error(
            "cannot tell which modelinv commit this is (it was not installed from a git URL): "
            "pass --ref with a commit SHA of the modelinv repository, e.g. "
            f"--ref $(git ls-remote https://github.com/{repo or UPSTREAM} HEAD | cut -f1)"
        )
    if ref is None and installed is not None:
        return Pin(repo or installed.repo, installed.ref)
    return Pin(repo or (installed.repo if installed else UPSTREAM), ref or "")


@click.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path())
@click.option("--org", help="The GitHub organisation (team handles are @ORG/TEAM).")
@click.option(
    "--fallback-owner",
    help="Owner of catalog files no team handle covers, and of the policy (default @ORG/platform).",
)
@click.option(
    "--ref",
    help="The modelinv commit SHA the workflows and hooks pin (default: the commit this "
    "modelinv was installed from with pip from a git URL).",
)
@click.option(
    "--modelinv-repo",
    metavar="OWNER/NAME",
    help=f"The GitHub repository of modelinv to pin (default: where it was installed from, "
    f"else {UPSTREAM}).",
)
def init(
    directory: Path,
    org: str | None,
    fallback_owner: str | None,
    ref: str | None,
    modelinv_repo: str | None,
) -> None:
    """Scaffold an inventory repository in DIRECTORY: a catalog with examples, a policy,
    pre-commit hooks, the validate and publish workflows and CODEOWNERS."""
    chosen_org = _ask(org, "--org", "GitHub organisation")
    default_owner = f"@{chosen_org}/platform"
    if fallback_owner is None and org is None:  # someone is answering questions: ask this too
        fallback_owner = _ask(None, "--fallback-owner", "Fallback owner", default_owner)
    settings = Settings(
        org=chosen_org,
        fallback_owner=fallback_owner or default_owner,
        pin=_pin(modelinv_repo, ref),
        version=__version__,
        today=dt.date.today(),
    )
    problems = settings.problems()
    if problems:
        for problem in problems:
            complain(problem)
        raise click.exceptions.Exit(EXIT_USAGE)
    if directory.exists() and not directory.is_dir():
        usage_error(f"{directory}: not a directory")
    # DIRECTORY itself a link (or a folder on the way to it below the working directory):
    # every file would land wherever it points. Checked first: nothing is written.
    linked = symlink_on_path(directory)
    if linked is not None:
        usage_error(
            f"{linked}: a symbolic link; init never writes through one, nothing written "
            "(give the real folder)"
        )
    top = repository_top(directory)
    if top is not None and top != directory.resolve():
        # GitHub reads .github/ (workflows, CODEOWNERS) and pre-commit its config only at
        # the top of a repository: the scaffold would not run, nor would it validate (OWN005
        # reads the repository's CODEOWNERS).
        usage_error(
            f"{directory} is inside the git repository {top}, not at its top, where GitHub "
            "reads .github/ (workflows, CODEOWNERS) and pre-commit .pre-commit-config.yaml: "
            f"nothing written (run init at {top}, or in a folder of its own)"
        )
    files = plan(settings)
    targets = sorted([*files, CODEOWNERS])
    there = [rel for rel in targets if (directory / rel).exists() or (directory / rel).is_symlink()]
    # A link among the folders (`.github -> /elsewhere`) would send a write out of DIRECTORY.
    base = directory.absolute()
    found = (symlink_on_path(base / rel, base) for rel in targets)
    links = sorted(
        {str(link) for link in found if link is not None} - {str(base / rel) for rel in there}
    )
    for rel in there:
        complain(f"{directory / rel}: already exists")
    for link in links:
        complain(f"{link}: a symbolic link; init never writes through one")
    if there or links:
        click.echo("modelinv: nothing written; init never overwrites a file", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    try:
        owners = codeowners_text(directory, settings.fallback_owner)
    except ConfigError as exc:  # the scaffold always has a catalog: this is a bug
        raise RuntimeError(f"the scaffolded catalog does not load: {exc}") from exc
    (directory / CODEOWNERS).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(directory / CODEOWNERS, owners)
    click.echo(f"wrote {len(files) + 1} files to {directory}")
    if not settings.pin.is_commit:
        click.echo(
            f"note: modelinv is pinned at '{settings.pin.ref}', not a commit SHA: make sure "
            f"github.com/{settings.pin.repo} has it (zizmor asks for SHAs in uses:)",
            err=True,
        )
    click.echo(
        "next: git init, replace the EXAMPLE team and model, `modelinv validate`, "
        "`pre-commit install`, commit and push (see README.md)"
    )
