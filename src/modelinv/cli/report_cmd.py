"""`modelinv report retirement|review|health|index`: print or write a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from modelinv.checks.engine import ConfigError
from modelinv.cli.exits import usage_error
from modelinv.cli.options import refuse_out_in_catalog, today_option
from modelinv.inventory.inventory import Inventory
from modelinv.reports import render_json, render_md
from modelinv.reports.common import basis
from modelinv.reports.health import health_report
from modelinv.reports.index import index_entries, index_policy
from modelinv.reports.inputs import ReportError, load_inputs
from modelinv.reports.retirement import retirement_report
from modelinv.reports.review import DUE_WITHIN_DAYS, review_report
from modelinv.reports.usage import Usage, UsageError
from modelinv.support.atomic import write_output
from modelinv.support.text import utf8, utf8_text
from modelinv.support.unsafe_text import visible

F = TypeVar("F", bound=Callable[..., Any])


def _inputs(function: F) -> F:
    """CATALOG_DIR, --usage, --today and --out, shared by every report."""
    function = click.option(
        "--out",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Write the report to this file (atomically) instead of printing it.",
    )(function)
    function = today_option(function)
    function = click.option(
        "--usage",
        "usage_file",
        type=click.Path(dir_okay=False),
        default=None,
        metavar="FILE",
        help="Requests per model per day: CSV model,date,requests or JSON lines "
        "(see docs/reports.md). Without it, traffic is unknown.",
    )(function)
    return click.argument("catalog_dir", default="catalog", type=click.Path(path_type=Path))(
        function
    )


_FORMAT_HELP = {
    "md": "md: Markdown for a pull-request comment or CI summary",
    "json": "json: versioned JSON",
}


def _format(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="; ".join(_FORMAT_HELP[choice] for choice in choices) + ".",
    )


@click.group()
def report() -> None:
    """Reports on the catalog, as Markdown or JSON; no site is built.

    Exit status: 0 report made, 2 usage error (no catalog, bad usage data, invalid policy).
    """


@report.command()
@_inputs
@_format("md", "json")
def retirement(
    catalog_dir: Path,
    usage_file: str | None,
    today: dt.date | None,
    out: Path | None,
    output_format: str,
) -> None:
    """Retirement candidates by criterion (no traffic, metrics, deprecated data, past
    decommission) with the evidence, and every deprecated model's checklist."""
    catalog, usage = _load(catalog_dir, usage_file, today, out)
    made = retirement_report(catalog, usage)
    _emit(render_md.retirement(made) if output_format == "md" else render_json.render(made), out)


@report.command()
@_inputs
@_format("md", "json")
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(min=0),
    default=DUE_WITHIN_DAYS,
    show_default=True,
    metavar="DAYS",
    help="List reviews due within this many days (overdue ones always).",
)
def review(
    catalog_dir: Path,
    usage_file: str | None,
    today: dt.date | None,
    out: Path | None,
    output_format: str,
    within_days: int,
) -> None:
    """Production models due for their periodic review, with usage, metrics against
    baseline and monthly cost."""
    catalog, usage = _load(catalog_dir, usage_file, today, out)
    made = review_report(catalog, usage, within_days)
    _emit(render_md.review(made) if output_format == "md" else render_json.render(made), out)


@report.command()
@_inputs
@_format("md", "json")
def health(
    catalog_dir: Path,
    usage_file: str | None,
    today: dt.date | None,
    out: Path | None,
    output_format: str,
) -> None:
    """Inventory health: documentation, targets, age, stages, risk levels, cost per team."""
    catalog, usage = _load(catalog_dir, usage_file, today, out)
    made = health_report(catalog, usage)
    _emit(render_md.health(made) if output_format == "md" else render_json.render(made), out)


@report.command()
@_inputs
@_format("json")
def index(
    catalog_dir: Path,
    usage_file: str | None,
    today: dt.date | None,
    out: Path | None,
    output_format: str,
) -> None:
    """index.json: every entity, its relations both ways and derived fields."""
    del output_format  # JSON only
    catalog, usage = _load(catalog_dir, usage_file, today, out)
    # Written as it is made, a few hundred entities at a time: the whole report's data
    # and text would be held at once (~400 MB more at 10,000 models).
    entries = index_entries(catalog, usage)
    _emit(
        render_json.index_chunks_indented(basis(catalog, usage), index_policy(catalog), entries),
        out,
    )


def _load(
    catalog_dir: Path, usage_file: str | None, today: dt.date | None, out: Path | None
) -> tuple[Inventory, Usage]:
    refuse_out_in_catalog(out, catalog_dir)
    try:
        return load_inputs(catalog_dir, usage_file, today)
    except UsageError as exc:
        for problem in exc.problems:
            click.echo(visible(problem), err=True)
        usage_error("the usage data has problems (see above); no report made")
    except (ConfigError, ReportError) as exc:
        usage_error(str(exc))


def _emit(text: str | Iterable[str], out: Path | None) -> None:
    """Print the report, or write it to `out` atomically; `text` may come in pieces."""
    pieces = (text,) if isinstance(text, str) else text
    if out is None:
        for piece in pieces:
            click.echo(utf8_text(piece), nl=False)
        return
    try:
        write_output(out, (utf8(piece) for piece in pieces))
    except OSError as exc:
        usage_error(f"cannot write {out}: {exc.strerror or exc}")
