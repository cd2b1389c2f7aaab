"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from modelinv.cli.exits import usage_error
from modelinv.findings import Result
from modelinv.loader.resolve import DATE
from modelinv.reporters import REPORTERS
from modelinv.support.unsafe_text import visible

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """click callback for options that take a date YYYY-MM-DD (only that form: Python's
    `fromisoformat` also reads `20261126` and ISO weeks, `2026-W48` as 2026-11-23)."""
    if value is None:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{visible(value)}' is not a date YYYY-MM-DD") from None


def today_option(function: F) -> F:
    """`--today YYYY-MM-DD`: the date time-based rules judge against (default: the clock)."""
    return click.option(
        "--today",
        callback=parse_date,
        metavar="YYYY-MM-DD",
        help="Judge time-based rules as of this date (default: today), for reproducible runs.",
    )(function)


def catalog_option(help_text: str = "The catalog directory.") -> Callable[[F], F]:
    """`--catalog DIR` (default: catalog), for commands whose arguments are not the catalog."""

    def decorate(function: F) -> F:
        return click.option(
            "--catalog",
            "catalog_dir",
            default=Path("catalog"),
            show_default=True,
            type=click.Path(path_type=Path),
            metavar="DIR",
            help=help_text,
        )(function)

    return decorate


def findings_format_option(function: F) -> F:
    """`--format` for commands that print findings (see `print_result`)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(sorted(REPORTERS)),
        default=None,
        help="Output format (default: github under GitHub Actions, else text).",
    )(function)


def print_result(result: Result, output_format: str | None) -> None:
    """Print findings in the chosen format; under GitHub Actions the default is `github`."""
    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    click.echo(REPORTERS[output_format or default](result), nl=False)


def refuse_out_in_catalog(out: Path | None, catalog_dir: Path) -> None:
    """Refuse (exit 2) an `--out` inside the catalog folder: a report, an export or a site
    written there replaced a catalog file or became one (a YAML export read as an entity
    that fails validation)."""
    if out is None:
        return
    catalog = Path(os.path.normpath(catalog_dir.absolute())).resolve()
    target = Path(os.path.normpath(out.absolute())).resolve()
    if target.is_relative_to(catalog):
        usage_error(
            f"--out {out}: inside the catalog folder {catalog_dir}, where it would be read "
            "as (or replace) a catalog file; write it outside the catalog"
        )
