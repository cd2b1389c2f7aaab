"""`modelinv export FORMAT` and `modelinv search QUERY`."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import json
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from modelinv import __version__
from modelinv.api import check
from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options, load_inventory, require_files
from modelinv.cli.exits import EXIT_FINDINGS, complain, usage_error
from modelinv.cli.left_out import refuse_invalid_policy, tell_left_out
from modelinv.cli.options import catalog_option, refuse_out_in_catalog, today_option
from modelinv.exports.base import ExportOptions
from modelinv.exports.registry import EXPORTERS
from modelinv.exports.search import SearchError, open_database, rebuild_hint
from modelinv.exports.search import parse as parse_query
from modelinv.exports.search import search as run_search
from modelinv.exports.sqlite_db import build
from modelinv.inventory.inventory import Inventory
from modelinv.support.atomic import TEMP_NAME, write_output
from modelinv.support.unsafe_text import visible

ALL = "all"


def _load(catalog_dir: Path, today: dt.date | None) -> tuple[Inventory, ExportOptions]:
    """The inventory (through the validation cache, whose entries carry each entity) and
    the findings of the same run, for the formats that record them."""
    try:
        options = Options(today=today, cache_dir=default_cache_dir())
        inventory = load_inventory(catalog_dir, options)
        require_files(inventory.index, catalog_dir)
        result = check(inventory)
    except ConfigError as exc:
        usage_error(str(exc))
    # The inventory lives until the process ends: exempt its objects from the cyclic
    # garbage collector, which would otherwise rescan them during every render.
    gc.freeze()
    return inventory, ExportOptions(today=today, findings=result.findings, version=__version__)


@click.command()
@click.argument("export_format", metavar="FORMAT", type=click.Choice([*EXPORTERS, ALL]))
@catalog_option()
@click.option(
    "--out",
    "out_text",
    type=click.Path(),
    default=None,
    help="Write to this file (atomically), or into this folder when it exists or ends with "
    "'/' (formats with more than one file write the others beside the first). With FORMAT "
    "'all', a folder. Default: standard output.",
)
@today_option
def export(
    export_format: str, catalog_dir: Path, out_text: str | None, today: dt.date | None
) -> None:
    """Export the inventory for other tools: cyclonedx, spdx, backstage, kubeflow-hub,
    sqlite, csv, or all of them into a directory (see docs/exports.md).

    The same catalog gives the same bytes: nothing in an export depends on the clock
    unless --today is given. A file that fails validation is left out of the export, and
    said so on stderr. Exit status: 0 written, 1 written with files left out, 2 usage
    error (also an invalid policy file with sqlite or all: the health table judges by it).
    """
    if out_text == "":  # `--out "$OUT"` with OUT unset: Path("") is the current folder
        usage_error(
            "--out is empty: give a file or a folder, or leave --out out to write to "
            "standard output"
        )
    out = Path(out_text) if out_text is not None else None
    folder = out_text is not None and (Path(out_text).is_dir() or out_text.endswith(("/", os.sep)))
    refuse_out_in_catalog(out, catalog_dir)
    inventory, options = _load(catalog_dir, today)
    if export_format in ("sqlite", ALL):
        refuse_invalid_policy(
            inventory, "the SQLite health table judges by it (next review, audit due)"
        )
    _write(export_format, inventory, options, out, folder)
    # An export is handed on (an ML-BOM to auditors, a registry's catalog): one that
    # silently lacked a model would pass for the whole inventory.
    if tell_left_out(inventory, "the export"):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _write(
    export_format: str,
    inventory: Inventory,
    options: ExportOptions,
    out: Path | None,
    folder: bool,
) -> None:
    """Render the export and write it to `out` (a file, or a folder when `folder`), or to
    standard output."""
    if export_format == ALL:
        if out is None:
            raise click.UsageError("'export all' needs --out DIR")
        _folder(out)
        for exporter in EXPORTERS.values():
            for name, data in exporter.render(inventory, options).items():
                _put(out / name, data)
        return
    exporter = EXPORTERS[export_format]
    if out is None and exporter.binary and sys.stdout.isatty():
        raise click.UsageError(
            f"'{export_format}' writes a binary file ({exporter.filename}): give --out FILE, "
            "or redirect the output"
        )
    if out is not None and not folder and exporter.files[1:] and out.name != exporter.files[0]:
        # its other files name the first by its own name (the Kubeflow Hub sources file
        # points at the models file): under another name they would point at nothing
        raise click.UsageError(
            f"'{export_format}' writes {', '.join(exporter.files)}, which name each other: "
            f"give a folder (--out {visible(str(out))}/) rather than a file name"
        )
    files = exporter.render(inventory, options)
    (main, data), *others = files.items()
    if out is None:
        if others:
            names = ", ".join(name for name, _ in others)
            raise click.UsageError(
                f"'{export_format}' writes more than one file ({main}, {names}): give --out"
            )
        for piece in data:  # made as it is written: an error making it is not this one's
            _to_stdout(sys.stdout.buffer.write, piece)
        _to_stdout(sys.stdout.buffer.flush)
        return
    if folder:
        _folder(out)
        out = out / main
    _put(out, data)
    for name, extra in others:
        _put(out.parent / name, extra)


def _kind(path: Path) -> str | None:
    """ "folder", "file" (anything else that is there) or None (not there, or not to be
    known: a folder we may not read)."""
    try:
        return "folder" if stat.S_ISDIR(path.stat().st_mode) else "file"
    except OSError:
        return None


def _to_stdout(write: Callable[..., object], *piece: bytes) -> None:
    """Write (or flush) standard output, or stop (exit 2) saying it could not be written: a
    full disk under `> inventory.cdx.json` is no internal error to report. A reader gone
    (`| head`, a broken pipe) is click's quiet exit, as for every command."""
    try:
        write(*piece)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        usage_error(f"cannot write the export to standard output: {exc.strerror or exc}")


def _folder(out: Path) -> None:
    """Make the folder `--out` names, or stop (exit 2) saying why it cannot be."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if _kind(out) == "file":
            usage_error(f"--out {out} is a file, not a folder: give a folder for the export")
        usage_error(f"cannot create the folder {out}: {_reason(out, exc)}")


def _put(path: Path, data: Iterable[bytes]) -> None:
    """Write one file of the export (atomically), or stop (exit 2) naming it: the error
    names the temporary file its bytes go through (`.NAME.XXXXXXXX.tmp`), which never
    existed for the user."""
    try:
        write_output(path, data)
    except OSError as exc:
        usage_error(f"cannot write {path}: {_reason(path, exc)}")


def _reason(path: Path, exc: OSError) -> str:
    """Why `path` could not be written or made, with what to do where that is clear."""
    blocking = next((p for p in reversed(path.parents) if _kind(p) == "file"), None)
    if blocking is not None:
        return f"{blocking} is a file, not a folder"
    if isinstance(exc, FileNotFoundError) and _kind(path.parent) is None:
        return f"the folder {path.parent} does not exist (create it first)"
    if _kind(path) == "folder":
        return "a folder of that name is in the way"
    reason = str(exc.strerror or exc)
    other = exc.filename is not None and Path(exc.filename) != path
    if other and not TEMP_NAME.fullmatch(Path(exc.filename).name):
        reason += f" ({exc.filename})"  # not the file written: a temporary folder, ...
    return reason


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The database of 'modelinv export sqlite' (default: index the catalog now).",
)
@catalog_option("The catalog to index when no --db is given.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@today_option
def search(
    query: tuple[str, ...],
    db: Path | None,
    catalog_dir: Path,
    limit: int,
    output_format: str,
    today: dt.date | None,
) -> None:
    """Search the inventory: words (prefix match, ranked) and filters team:, owner:,
    stage:, status:, kind:, risk:, tag:, e.g. `modelinv search team:payments-ml
    stage:production fraud`.

    Without --db, the files that fail validation are not indexed: each is named on stderr.

    Exit status: 0 hits, 1 no hit, 2 usage error.
    """
    if db is not None:
        if not db.is_file():
            usage_error(f"database not found: {db} (see 'modelinv export sqlite')")
        try:
            connection = open_database(db, str(db))
        except SearchError as exc:
            usage_error(str(exc))
    else:
        inventory, options = _load(catalog_dir, today)
        # A file that fails validation is not indexed: a search would not find it at all.
        tell_left_out(inventory, "the search")
        connection = build(inventory, options)
    try:
        for token in parse_query(" ".join(query)).not_filters:
            field = token.partition(":")[0]
            complain(
                f"note: '{field}:' is not a filter (team:, owner:, stage:, status:, kind:, "
                f"risk:, tag:, or a reference such as model:ID); '{token}' searched as words"
            )
        hits = run_search(connection, " ".join(query), limit)
    except SearchError as exc:
        usage_error(str(exc))
    except sqlite3.DatabaseError as exc:  # damaged past its first pages
        where = f"{db}: " if db is not None else ""
        again = f"; {rebuild_hint(str(db))}" if db is not None else ""
        usage_error(f"{where}cannot search the database ({exc}){again}")
    finally:
        connection.close()
    if output_format == "json":
        rows = [
            {"ref": h.ref, "kind": h.kind, "title": h.title, "owner": h.owner, "stage": h.stage}
            for h in hits
        ]
        click.echo(json.dumps({"version": 1, "query": " ".join(query), "hits": rows}, indent=2))
    else:
        for hit in hits:
            details = ", ".join(x for x in (hit.stage, hit.owner) if x)
            click.echo(f"{hit.ref:<40} {hit.title}" + (f" ({details})" if details else ""))
    if not hits:
        raise click.exceptions.Exit(1)
