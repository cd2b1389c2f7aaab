"""`modelinv history`: an entity's changes in git, or the inventory as it was on a date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from modelinv.cli.exits import usage_error
from modelinv.cli.options import catalog_option, parse_date
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.history import (
    VERSION,
    Commit,
    EntityHistory,
    HistoryError,
    Snapshot,
    entity_history,
    inventory_at,
)
from modelinv.reporters.json_format import finding_dict
from modelinv.reporters.text import line as finding_line
from modelinv.reports.common import number
from modelinv.support.unsafe_text import json_visible, visible

MAX_VALUE = 100  # characters of a value or commit subject shown in text output


@click.command()
@click.argument("model", required=False)
@click.option(
    "--at",
    "day",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Instead of one model's history: every model as the last commit on or before "
    "this day (UTC) left it.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Output format.",
)
@catalog_option("The catalog folder, inside a git repository.")
def history(model: str | None, day: dt.date | None, output_format: str, catalog_dir: Path) -> None:
    """Every commit that changed MODEL's file, newest first, field by field (MODEL: a model's
    id, or any entity's reference: dataset:ID, team:ID, consumer:ID, ...); or, with --at,
    the inventory on a date: each model's lifecycle, owner and last change, then the model
    files not read that day (an unsafe name, a symbolic link, a *.YAML name, not YAML,
    another kind's entity or an unknown kind: what validate would have refused), each with
    its finding, left out of the list.

    Exit status: 0, or 2 for a usage error (no git repository, unknown model).
    """
    if (model is None) == (day is None):
        usage_error("give either a MODEL or --at YYYY-MM-DD")
    if model is not None and not model.strip():
        usage_error(
            "MODEL is empty: give a model's id or an entity's reference "
            "(e.g. fraud-detector, dataset:card-transactions), or --at YYYY-MM-DD"
        )
    try:
        if day is not None:
            snapshot = inventory_at(catalog_dir, day)
            text = (
                _json(_snapshot_data(snapshot)) if output_format == "json" else _snapshot(snapshot)
            )
        else:
            assert model is not None
            found = entity_history(catalog_dir, model if ":" in model else f"model:{model}")
            text = _json(_history_data(found)) if output_format == "json" else _history(found)
    except (HistoryError, gitrepo.GitError) as exc:
        usage_error(str(exc))
    click.echo(text, nl=False)


def _json(data: dict[str, Any]) -> str:
    return json_visible(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _history_data(found: EntityHistory) -> dict[str, Any]:
    # "model" is the first version's key, kept for models; "ref" names any entity.
    model = {"model": found.name} if found.ref.startswith("model:") else {}
    return {
        "version": VERSION,
        **model,
        "ref": found.ref,
        "path": found.path,
        "revisions": [
            {
                **asdict(r.commit),
                "status": r.status,
                "path": r.path,
                "previous_path": r.previous_path,
                "readable": r.readable,
                "changes": [asdict(c) for c in r.changes],
            }
            for r in found.revisions
        ],
    }


def _snapshot_data(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "version": VERSION,
        "at": snapshot.day.isoformat(),
        "commit": asdict(snapshot.commit),
        "truncated": snapshot.truncated,
        "models": [
            {
                "model": m.model,
                "lifecycle": m.lifecycle,
                "owner": m.owner,
                "path": m.path,
                "last_change": asdict(m.last_change) if m.last_change else None,
            }
            for m in snapshot.models
        ],
        "not_read": [finding_dict(f) for f in snapshot.not_read],
    }


def _history(found: EntityHistory) -> str:
    count = len(found.revisions)
    head = f"{_named(found.ref)}: {visible(found.path)}, {count} commit{'s' if count != 1 else ''}"
    if found.renamed_to is not None:  # no file has the id any more: see what it became
        head += f"; renamed to {_named(found.renamed_to)}"
    lines = [head]
    for revision in found.revisions:
        lines += ["", _commit(revision.commit)]
        if revision.status == "deleted":
            lines.append("    deleted")
        elif revision.status == "renamed" and revision.previous_path == found.path != revision.path:
            lines.append(f"    renamed to {visible(revision.path)}")
        elif revision.previous_path:
            lines.append(f"    {revision.status} from {visible(revision.previous_path)}")
        elif revision.status == "added":
            lines.append("    created")
        elif revision.status == "truncated":
            lines.append(f"    history truncated here: {gitrepo.FETCH_HISTORY}")
        if not revision.readable and revision.status != "deleted":
            lines.append("    (not readable as YAML)")
        lines += [
            f"    {c.field}: {old} -> {new}"
            for c in revision.changes
            if revision.readable
            for old, new in [_shown(c.old, c.new)]
        ]
    return "\n".join(lines) + "\n"


def _named(ref: str) -> str:
    """A model by its id, any other entity by its reference."""
    return visible(ref.removeprefix("model:"))


def _snapshot(snapshot: Snapshot) -> str:
    head = snapshot.commit
    lines = [
        f"inventory at the end of {snapshot.day} (UTC): commit {head.commit[:7]} of "
        f"{head.date[:10]}, {visible(head.author)}: {visible(head.subject)}",
        "",
    ]
    rows = [("model", "lifecycle", "owner", "last change")]
    rows += [
        (
            m.model,
            m.lifecycle or "?",
            m.owner or "?",
            _commit(m.last_change) if m.last_change else "?",
        )
        for m in snapshot.models
    ]
    widths = [max(len(visible(r[i])) for r in rows) for i in range(3)]
    for row in rows:
        cells = [visible(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    stages: dict[str, int] = {}
    for m in snapshot.models:
        stages[m.lifecycle or "?"] = stages.get(m.lifecycle or "?", 0) + 1
    summary = ", ".join(f"{n} {stage}" for stage, n in sorted(stages.items()))
    count = len(snapshot.models)
    lines += ["", f"{count} model{'s' if count != 1 else ''}" + (f": {summary}" if summary else "")]
    if snapshot.truncated:
        lines.append(f"last change ?: before the oldest commit here: {gitrepo.FETCH_HISTORY}")
    if snapshot.not_read:
        count = len(snapshot.not_read)
        lines += ["", f"{count} model file{'s' if count != 1 else ''} not read, left out:"]
        lines += [finding_line(f) for f in snapshot.not_read]  # as validate writes them
    return "\n".join(lines) + "\n"


def _commit(commit: Commit) -> str:
    """`2026-10-05  4f3c2a1  Ana Lima  subject`"""
    return "  ".join(
        [commit.date[:10], commit.commit[:7], visible(commit.author), _cut(commit.subject)]
    )


def _shown(old: Any, new: Any) -> tuple[str, str]:
    """A change's old and new value as text output shows them, each cut at MAX_VALUE
    characters; when the first difference is past the cut, both around it instead
    (`...[0.91, 0.92, 0.93]...` -> `...[0.91, 0.92, 0.95]...`): never two cut values that
    look the same."""
    before, after = visible(_flow(old)), visible(_flow(new))
    same = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    if max(len(before), len(after)) <= MAX_VALUE or same < MAX_VALUE - len(_MORE):
        return _clip(before), _clip(after)
    start = same - _CONTEXT
    return _around(before, start), _around(after, start)


_MORE = "..."
_CONTEXT = 20  # characters shown before the first difference of two long values


def _around(text: str, start: int) -> str:
    """`text` from `start`, with `...` for what is left out on either side, in MAX_VALUE."""
    room = MAX_VALUE - 2 * len(_MORE)
    return _MORE + text[start : start + room] + (_MORE if len(text) > start + room else "")


def _cut(text: str) -> str:
    return _clip(visible(text))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - len(_MORE)] + _MORE


def _flow(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, float):
        return number(value)  # 0.00004, not Python's 4e-05
    return str(value)
