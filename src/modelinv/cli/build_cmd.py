"""`modelinv build`: write the static index site."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from modelinv.cli.options import today_option
from modelinv.engine import ConfigError
from modelinv.site import build_site

EXIT_USAGE = 2


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
def build(catalog_dir: Path, out: Path, today: dt.date | None, repo_url: str | None) -> None:
    """Build the static index site: index.html, one page per model, team, data asset and
    consumer listings. Self-contained (relative links, no CDN); works from file:// too.

    Exit status: 0 built (findings are shown on the pages), 2 usage error.
    """
    started = time.perf_counter()
    try:
        result = build_site(catalog_dir, out, today, repo_url)
    except ConfigError as exc:
        click.echo(f"modelinv: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    elapsed = time.perf_counter() - started
    click.echo(
        f"wrote {len(result.files)} files ({result.models} model pages, "
        f"{result.findings} findings shown) to {out} in {elapsed:.2f}s"
    )
