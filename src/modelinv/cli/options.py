"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


def today_option(function: F) -> F:
    """`--today YYYY-MM-DD`: the date time-based rules judge against (default: the clock)."""
    return click.option(
        "--today",
        callback=_parse_today,
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
