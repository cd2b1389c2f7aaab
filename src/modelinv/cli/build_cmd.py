"""`modelinv build`: write the static index site."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from modelinv.checks.engine import ConfigError
from modelinv.cli.exits import EXIT_USAGE
from modelinv.cli.options import today_option
from modelinv.reports.markdown import plural
from modelinv.reports.usage import Usage, UsageError, load_usage
from modelinv.site import build_site


@click.command()
@click.argument("catalog_dir", default="catalog", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into (created when missing).",
)
@today_option
@click.option(
    "--repo-url",
    default=None,
    metavar="URL",
    help="http(s) URL of the catalog folder on the forge, e.g. "
    "https://github.com/ORG/REPO/blob/main/catalog: model pages link their YAML file there.",
)
@click.option(
    "--usage",
    "usage_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Requests per model per day (CSV or JSON lines, as for `modelinv report --usage`) "
    "for the report pages; without it traffic is unknown.",
)
def build(
    catalog_dir: Path,
    out: Path,
    today: dt.date | None,
    repo_url: str | None,
    usage_file: Path | None,
) -> None:
    """Build the static index site: index.html, one page per model, team, data asset and
    consumer listings, the retirement, review and health reports (pages, Markdown and JSON).
    Self-contained (relative links, no CDN); works from file:// too.

    Exit status: 0 built (findings are shown on the pages), 2 usage error.
    """
    started = time.perf_counter()
    try:
        usage = load_usage(usage_file) if usage_file is not None else Usage.none()
        result = build_site(catalog_dir, out, today, repo_url, usage, progress=_progress_line())
    except UsageError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo("modelinv: the usage data has problems (see above); no site built", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    except ConfigError as exc:
        click.echo(f"modelinv: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", nl=False, err=True)  # clear the progress line
    elapsed = time.perf_counter() - started
    click.echo(
        f"wrote {plural(len(result.files), 'file')} ({plural(result.models, 'model page')}, "
        f"{plural(result.findings, 'finding')} shown) to {out} in {elapsed:.2f}s"
    )


def _progress_line() -> Callable[[str, int, int], None] | None:
    """On a terminal, one line that updates in place; in CI logs, nothing but the summary."""
    if not sys.stderr.isatty():
        return None

    def show(step: str, done: int, total: int) -> None:
        counts = f" {done:,}/{total:,}" if total else ""
        click.echo(f"\r\x1b[K{step}{counts}", nl=False, err=True)

    return show
