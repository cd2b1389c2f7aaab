"""The edit commands: `new model`, `promote`, `deprecate`, `retire-check`, `archive`,
`review`. Each parses options, calls `modelinv.edit`, prints, and picks the exit code:
0 done (or nothing to do), 1 refused, 2 usage (or a write through a symbolic link)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from modelinv import edit
from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options, load_inventory
from modelinv.checks.policy_file import invalid_policy
from modelinv.cli.exits import EXIT_FINDINGS, EXIT_USAGE, complain, usage_error
from modelinv.cli.options import catalog_option, parse_date, today_option
from modelinv.inventory.inventory import Inventory
from modelinv.reports.markdown import plural
from modelinv.support.unsafe_text import visible

F = TypeVar("F", bound=Callable[..., Any])


def _common(function: F) -> F:
    return catalog_option()(today_option(function))


def _load(catalog_dir: Path, today: dt.date | None) -> Inventory:
    """The catalog, or a usage error: a configuration error, or a policy file that is not
    valid (the commands would otherwise judge by the default thresholds, e.g. a 30-day
    notice period where the organisation asks for 60)."""
    try:
        catalog = load_inventory(catalog_dir, Options(today=today, cache_dir=default_cache_dir()))
    except ConfigError as exc:
        usage_error(str(exc))
    message = invalid_policy(catalog.policy_findings, ", so nothing is edited")
    if message is not None:
        usage_error(message)
    return catalog


def _refuse(exc: edit.Refused) -> NoReturn:
    for reason in exc.reasons:
        complain(f"{exc.display}: {reason}")
    raise click.exceptions.Exit(EXIT_USAGE if isinstance(exc, edit.LinkRefused) else EXIT_FINDINGS)


def _run(make: Callable[[], edit.Change]) -> edit.Change:
    """Compute the change, write it, say what happened; a refusal or a failed write exits 1
    with the file untouched."""
    try:
        change = edit.edit_locked(make)
    except edit.Refused as exc:
        _refuse(exc)
    except OSError as exc:
        complain(f"cannot write the file: {exc.strerror or exc}")
        raise click.exceptions.Exit(EXIT_FINDINGS) from None
    if change.changed:
        click.echo(visible(f"{change.display}: {change.summary}"))
    else:
        click.echo(visible(f"{change.display}: nothing to change: {change.summary}"))
    for note in change.notes:
        click.echo(visible(f"note: {note}"))
    return change


@click.group("new")
def new() -> None:
    """Create a catalog entry."""


@new.command("model")
@click.argument("name")
@click.option("--owner", required=True, metavar="team:NAME", help="The owning team.")
@click.option("--maintainer-name", required=True, help="The maintainer's name.")
@click.option("--maintainer-email", required=True, help="The maintainer's email address.")
@click.option("--title", help="Human-readable name (default: from the id).")
@_common
def new_model(
    name: str,
    owner: str,
    maintainer_name: str,
    maintainer_email: str,
    title: str | None,
    catalog_dir: Path,
    today: dt.date | None,
) -> None:
    """Create models/NAME.yaml: a valid development model owned by a team of the catalog,
    and add its line to the repository's CODEOWNERS when modelinv generates that file."""
    catalog = _load(catalog_dir, today)
    change = _run(
        lambda: edit.new_model(catalog, name, owner, maintainer_name, maintainer_email, title)
    )
    if change.changed:
        _update_codeowners(catalog, change)


def _update_codeowners(catalog: Inventory, new: edit.Change) -> None:
    """The model is written (exit 0 whatever happens here): a CODEOWNERS that modelinv
    generates gets the model's line, or a note says what to run."""
    first = edit.codeowners_after(catalog, new)
    if not first.changed:
        for note in first.notes:
            click.echo(visible(f"note: {note}"))
        return
    try:
        change = edit.edit_locked(lambda: edit.codeowners_after(catalog, new))
    except edit.Refused as exc:
        reasons = exc.reasons
    except OSError as exc:
        reasons = [f"cannot write the file: {exc.strerror or exc}"]
    else:
        if change.changed:
            click.echo(visible(f"{change.display}: {change.summary}"))
        for note in change.notes:
            click.echo(visible(f"note: {note}"))
        return
    for reason in reasons:
        click.echo(visible(f"note: {first.display} not updated: {reason}"))
    click.echo(visible(f"note: run modelinv codeowners to give {new.display} its line"))


@click.command()
@click.argument("model")
@click.option("--to", "stage", required=True, type=click.Choice(["staging", "production"]))
@_common
def promote(model: str, stage: str, catalog_dir: Path, today: dt.date | None) -> None:
    """Move MODEL (an id or model:ID) to staging or production, if the move is allowed and,
    for production, the model is ready."""
    catalog = _load(catalog_dir, today)
    _run(lambda: edit.promote(catalog, model, stage))


@click.command()
@click.argument("model")
@click.option("--replacement", metavar="model:ID", help="The model that takes over.")
@click.option("--no-replacement", metavar="REASON", help="Why there is no successor.")
@click.option(
    "--decommission-date",
    required=True,
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="When the model stops serving (at least the policy's notice period from today).",
)
@_common
def deprecate(
    model: str,
    replacement: str | None,
    no_replacement: str | None,
    decommission_date: dt.date,
    catalog_dir: Path,
    today: dt.date | None,
) -> None:
    """Deprecate a production MODEL and list who must be notified."""
    if (replacement is None) == (no_replacement is None):
        raise click.UsageError("give exactly one of --replacement or --no-replacement")
    catalog = _load(catalog_dir, today)
    _run(lambda: edit.deprecate(catalog, model, decommission_date, replacement, no_replacement))
    notices = edit.who_to_notify(catalog, edit.model_ref(model))
    if not notices:
        click.echo("nobody to notify: no consumers and no models depend on it")
    else:
        click.echo(f"notify before {decommission_date}:")
    for notice in notices:
        title = f" {notice.title}" if notice.title else ""
        contacts = ", ".join(notice.contacts) or _no_contact(notice)
        click.echo(visible(f"  {notice.ref} ({notice.why}){title}: {contacts}"))
    unread = edit.unread(catalog)
    if unread:
        # A dependent or consumer among them would be missing above without a word.
        complain(
            f"note: {plural(len(unread), 'file')} could not be read for references "
            f"({', '.join(unread[:3])}{', ...' if len(unread) > 3 else ''}): any of them "
            "that depends on the model is not listed (see modelinv validate)"
        )


def _no_contact(notice: edit.Notice) -> str:
    if notice.invalid_file is not None:
        return (
            f"its file {notice.invalid_file} fails validation, so its contact is unknown "
            "(see modelinv validate)"
        )
    return "no contact in the catalog"


@click.command("retire-check")
@click.argument("model")
@_common
def retire_check(model: str, catalog_dir: Path, today: dt.date | None) -> None:
    """Show MODEL's retirement checklist; exit 0 when every item is done, else 1."""
    catalog = _load(catalog_dir, today)
    try:
        items = edit.retire_check(catalog, model)
    except edit.Refused as exc:
        _refuse(exc)
    for item, done, detail in items:
        mark = "x" if done else " "
        click.echo(f"[{mark}] {item}" + (f": {detail}" if detail else ""))
    count = sum(done for _, done, _ in items)
    early = ""
    if len(items) == 1:  # `retirement_steps`: a model retired before production
        early = (
            " (never deprecated: a model retired before production needs only its deployments gone)"
        )
    click.echo(f"{count} of {len(items)} done as of {catalog.context.today}{early}.")
    if count < len(items):
        raise click.exceptions.Exit(EXIT_FINDINGS)


@click.command()
@click.argument("model")
@_common
def archive(model: str, catalog_dir: Path, today: dt.date | None) -> None:
    """Archive MODEL once its retirement checklist is complete."""
    catalog = _load(catalog_dir, today)
    _run(lambda: edit.archive(catalog, model))


@click.command()
@click.argument("model")
@click.option("--reviewer", metavar="NAME", help="Who reviewed it.")
@_common
def review(model: str, reviewer: str | None, catalog_dir: Path, today: dt.date | None) -> None:
    """Record today's governance review of MODEL."""
    catalog = _load(catalog_dir, today)
    _run(lambda: edit.review(catalog, model, reviewer))
