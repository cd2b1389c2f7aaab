"""`modelinv diff BASE [HEAD]`: the inventory diff between two git refs, for a PR summary."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.catalog_root import root_problem
from modelinv.checks.engine import ConfigError, Options
from modelinv.cli.exits import usage_error
from modelinv.cli.options import catalog_option
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.inventory_diff import (
    VERSION,
    WORKTREE,
    FieldChange,
    InventoryDiff,
    ModelRow,
    inventory_diff,
    load_pair,
)
from modelinv.reports.common import number
from modelinv.reports.markdown import cell
from modelinv.support.unsafe_text import json_visible

FIELD_TITLES = {
    "lifecycle": "Lifecycle",
    "owner": "Owner",
    "risk_level": "Risk level",
    "monthly_cost": "Monthly cost",
    "currency": "Cost currency",
}


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@catalog_option("The catalog folder, inside a git repository.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "json"]),
    default="md",
    help="Output format: Markdown (a job summary) or JSON.",
)
def diff(base: str, head: str | None, catalog_dir: Path, output_format: str) -> None:
    """The models added, removed and renamed between git refs BASE and HEAD, and their
    lifecycle, owner, risk level and monthly cost changes (a model file failing validation
    at either ref is listed apart, saying whether it was added, removed, renamed or changed:
    its fields cannot be compared). Without HEAD (or with HEAD WORKTREE) the catalog on disk
    is compared, uncommitted changes included. As in git, BASE written `REF...` (or
    `REF...HEAD` as one argument) is where HEAD's history met REF's: what a branch changed,
    without what reached REF since it forked.

    Exit status: 0, or 2 for a usage error (no git repository, unknown ref).
    """
    problem = _range_problem(base, head)
    if problem:
        usage_error(problem)
    try:
        if "..." in base:
            ref, _, tip = base.partition("...")
            if head is not None:
                usage_error(f"give HEAD once: {ref}...{head}, or {ref} {head}")
            problem = root_problem(catalog_dir)  # before git is asked from inside it
            if problem:
                usage_error(problem)
            base, head = gitrepo.fork_point(catalog_dir, ref, tip or "HEAD"), tip or None
        base_catalog, head_catalog = load_pair(
            catalog_dir, base, head, Options(cache_dir=default_cache_dir())
        )
    except (gitrepo.GitError, ConfigError) as exc:
        usage_error(str(exc))
    head_label = head or WORKTREE
    found = inventory_diff(base_catalog, head_catalog, base, head_label)
    text = _json(found) if output_format == "json" else markdown(found)
    click.echo(text, nl=False)


def _range_problem(base: str, head: str | None) -> str | None:
    """`A..B`, as in `git diff A..B`: no ref has two dots in its name, so git would call it
    unknown; say how modelinv takes the two refs instead."""
    if ".." in base and "..." not in base:
        old, _, new = base.partition("..")
        old, new = old or "HEAD", new or "HEAD"
        return (
            f"'{base}' is a git range, not a ref: give the two refs apart (modelinv diff "
            f"{old} {new}), or {old}...{new} for what {new} changed since it forked from {old}"
        )
    if head is not None and ".." in head:
        return f"'{head}' is a git range, not a ref: give HEAD as one ref (a branch, tag or commit)"
    return None


def _json(found: InventoryDiff) -> str:
    data: dict[str, Any] = {
        "version": VERSION,
        "base": found.base,
        "head": found.head,
        "added": [asdict(r) for r in found.added],
        "removed": [asdict(r) for r in found.removed],
        "renamed": [asdict(r) for r in found.renamed],
        **{
            field: [{"model": c.model, "old": c.old, "new": c.new} for c in found.of_field(field)]
            for field in FIELD_TITLES
        },
        # model files that fail validation at a ref: their fields were not compared
        "unreadable": [asdict(u) for u in found.unreadable],
    }
    return json_visible(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def markdown(found: InventoryDiff) -> str:
    lines = [f"## Model inventory: {cell(found.base)} → {cell(found.head)}", ""]
    if found.empty:
        return "\n".join([*lines, "No model changes.", ""])
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        ("Added", ["model", "path", "lifecycle", "owner"], _rows(found.added)),
        ("Removed", ["model", "path", "lifecycle", "owner"], _rows(found.removed)),
        (
            "Renamed",
            ["from", "to", "path"],
            [[r.old, r.new, r.new_path] for r in found.renamed],
        ),
    ]
    sections += [
        (title, ["model", "from", "to"], _changes(found.of_field(field)))
        for field, title in FIELD_TITLES.items()
    ]
    sections.append(
        (
            "Failing validation, not compared",
            ["model", "path", "change", "fails at"],
            [[u.model, u.path, u.change, ", ".join(u.at)] for u in found.unreadable],
        )
    )
    for title, header, rows in sections:
        if not rows:
            continue
        lines += [f"### {title} ({len(rows)})", "", _line(header), _line(["---"] * len(header))]
        lines += [_line(row) for row in rows]
        lines.append("")
    return "\n".join(lines)


def _rows(rows: tuple[ModelRow, ...]) -> list[list[str]]:
    return [[r.model, r.path, _value(r.lifecycle), _value(r.owner)] for r in rows]


def _changes(found: tuple[FieldChange, ...]) -> list[list[str]]:
    return [[c.model, _value(c.old), _value(c.new)] for c in found]


def _value(value: str | float | None) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, float):
        return number(value)  # 0.00004, never 4e-05
    return value


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"
