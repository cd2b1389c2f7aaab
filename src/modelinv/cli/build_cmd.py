"""`modelinv build`: write the static index site."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

from modelinv import __version__
from modelinv.api import check
from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options
from modelinv.cli.exits import complain, usage_error
from modelinv.cli.options import today_option
from modelinv.discovery.observation import SourceError
from modelinv.findings import Result
from modelinv.gitdata import git as gitrepo
from modelinv.inventory.inventory import Inventory
from modelinv.reports.inputs import ReportError, load_inputs
from modelinv.reports.markdown import plural
from modelinv.reports.usage import UsageError
from modelinv.site import build_site
from modelinv.site.builder import SiteExport
from modelinv.site.output import OutputError, tree_size
from modelinv.support.unsafe_text import visible

# GitHub Pages publishes sites of up to 1 GB (its usage limits); a larger artifact may fail
# to deploy. The site takes ~13.5 kB a model, and `--exports` ~17 kB more (docs/site.md).
PAGES_LIMIT = 1_000_000_000


@click.command()
@click.argument("catalog_dir", default="catalog", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into. It is replaced as a whole (built fresh beside it, "
    "then moved into place); a symbolic link is refused.",
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
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Requests per model per day (CSV or JSON lines, as for `modelinv report --usage`) "
    "for the report pages, or prometheus:URL; without it traffic is unknown.",
)
@click.option(
    "--discovery",
    "discovery_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE.json",
    help="A saved `modelinv discover --format json`: adds a Shadow models page, and the "
    "health page counts shadow and orphan models.",
)
@click.option(
    "--exports",
    "with_exports",
    is_flag=True,
    help="Also write every export (modelinv export all) into OUT/exports/, linked from the "
    "index page.",
)
@click.option(
    "--index-json",
    is_flag=True,
    help="Also write index.json, the index report (`modelinv report index`: every entity's "
    "data, relations and derived fields; ~3.4 kB a model), for tools that read the "
    "published inventory.",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Render every page; do not copy unchanged pages from the previous build.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and check every file, and write nothing to the cache folder (for a CI runner "
    "that starts without one and discards it): implies --fresh, as the key that signs the "
    "page manifest is kept there.",
)
def build(
    catalog_dir: Path,
    out: Path,
    today: dt.date | None,
    repo_url: str | None,
    usage_file: str | None,
    discovery_file: Path | None,
    fresh: bool,
    with_exports: bool,
    index_json: bool,
    no_cache: bool,
) -> None:
    """Build the static index site: index.html, one page per model, team, data asset and
    consumer listings, the retirement, review and health reports (pages, Markdown and JSON).
    Self-contained (relative links, no CDN); works from file:// too.

    Only pages whose inputs changed since the previous build are rendered again.

    Exit status: 0 built (findings are shown on the pages), 2 usage error (no catalog,
    invalid policy, bad usage data, unusable output folder).
    """
    started = time.perf_counter()
    try:
        found = None
        if discovery_file is not None:
            from modelinv.discovery.saved import read_discovery  # only when asked (see _exports)

            found = read_discovery(discovery_file)
        catalog, usage = load_inputs(catalog_dir, usage_file, today, cache=not no_cache)
        checked = check(catalog, Options(today=today))  # the same files, read once
        result = build_site(
            catalog,
            checked,
            out,
            repo_url=repo_url,
            usage=usage,
            progress=_progress_line(),
            cache_dir=None if fresh or no_cache else default_cache_dir(),
            discovery=found,
            exports=_exports(catalog, checked, today) if with_exports else (),
            index_json=index_json,
        )
    except UsageError as exc:
        for problem in exc.problems:
            click.echo(visible(problem), err=True)
        usage_error("the usage data has problems (see above); no site built")
    except (ConfigError, ReportError, OutputError, SourceError) as exc:
        usage_error(str(exc))
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", nl=False, err=True)  # clear the progress line
    elapsed = time.perf_counter() - started
    reused = f"; {result.reused:,} unchanged pages kept" if result.reused else ""
    size = tree_size(out)
    click.echo(
        f"wrote {plural(len(result.files), 'file')}, {size / 1e6:,.1f} MB "
        f"({plural(result.models, 'model page')}, {plural(result.findings, 'finding')} "
        f"shown{reused}) to {out} in {elapsed:.2f}s"
    )
    if size > PAGES_LIMIT:
        click.echo(
            f"modelinv: note: the site is {size / 1e9:.2f} GB, more than the 1 GB GitHub Pages "
            "publishes; build it without --exports (attach `modelinv export all` to a release "
            "instead), or publish it to another static host (docs/site.md, 'Size')",
            err=True,
        )
    note = _history_note(catalog_dir)
    if note:
        complain(note)
    left_out = len(catalog.left_out())
    if with_exports and left_out:
        # The site's index page lists them; the exports, handed on alone, cannot.
        complain(
            f"note: {plural(left_out, 'file')} failing validation left out of the exports "
            "(the index page lists them; modelinv validate lists every finding)"
        )


def _history_note(catalog_dir: Path) -> str | None:
    """What the pages' change histories and health history lack, and why: nothing outside
    git (the pages say so), git's reason when it could not read the repository (a folder
    another user owns, in a CI container), or a shallow clone's cut."""
    try:
        shallow = gitrepo.shallow_commits(catalog_dir)
    except gitrepo.NotARepository:
        return None
    except gitrepo.GitError as exc:
        return f"warning: the site has no change history and no health history: {exc}"
    if shallow:
        return (
            "note: the change histories and the health history stop where the clone's "
            f"history does: {gitrepo.FETCH_HISTORY}"
        )
    return None


def _exports(catalog: Inventory, checked: Result, today: dt.date | None) -> list[SiteExport]:
    """Every export of the catalog already loaded for the site (read once), each made when
    the builder gets to it. The exporters are imported only here (~15 ms of every build's
    start, like the saved discovery's reader)."""
    from modelinv.exports.base import ExportOptions
    from modelinv.exports.registry import EXPORTERS

    options = ExportOptions(today=today, findings=checked.findings, version=__version__)
    return [
        SiteExport(exporter.files, exporter.summary, partial(exporter.render, catalog, options))
        for exporter in EXPORTERS.values()
    ]


def _progress_line() -> Callable[[str, int, int], None] | None:
    """On a terminal, one line that updates in place; in CI logs, nothing but the summary."""
    if not sys.stderr.isatty():
        return None

    def show(step: str, done: int, total: int) -> None:
        counts = f" {done:,}/{total:,}" if total else ""
        click.echo(f"\r\x1b[K{step}{counts}", nl=False, err=True)

    return show
