"""A discovery as text, JSON (a fixed envelope), Markdown (a pull-request body) or GitHub
workflow annotations. Pure functions returning strings; the CLI prints them.

Names, labels, tags and paths come from manifests and registries nobody here controls:
every format escapes them with the project's one escaper for it (`visible` for text,
`reports.markdown.cell`/`code` for Markdown, `support.workflow_commands` for GitHub; JSON
escapes by itself)."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from modelinv.discovery.compare import CATEGORIES, Discovery, Item
from modelinv.reports.markdown import cell, code
from modelinv.support.unsafe_text import visible
from modelinv.support.workflow_commands import command

JSON_VERSION = 1
FORMATS = ("text", "json", "markdown", "github")
# A manifest's `file:line` evidence (the path may hold `:` and spaces: the last `:` counts).
_FILE_LINE = re.compile(r"^(?P<path>.+(?:\.ya?ml|\.json)|<stdin>):(?P<line>[0-9]+)$", re.S)


def render(discovery: Discovery, output_format: str) -> str:
    return {"text": text, "json": as_json_text, "markdown": markdown, "github": github}[
        output_format
    ](discovery)


def summary(discovery: Discovery) -> str:
    counts = ", ".join(f"{discovery.counts.get(c, 0)} {c}" for c in CATEGORIES)
    sources = ", ".join(discovery.sources) or "no source"
    return f"{counts} ({len(discovery.observations)} observed by {sources})"


def text(discovery: Discovery) -> str:
    lines = []
    for item in discovery.items:
        lines.append(visible(f"{item.category.upper():6} {item.message}"))
        lines += [f"         {visible(evidence)}" for evidence in item.evidence]
    lines.append(f"discover: {summary(discovery)}")
    return "\n".join(lines) + "\n"


def as_json(discovery: Discovery) -> dict[str, Any]:
    """The fixed JSON shape (`version` changes if it ever has to)."""
    return {
        "version": JSON_VERSION,
        "tool": "modelinv",
        "sources": list(discovery.sources),
        "environment": discovery.environment,
        "summary": {
            **{c: discovery.counts.get(c, 0) for c in CATEGORIES},
            "observations": len(discovery.observations),
        },
        "items": [_item(i) for i in discovery.items],
        "observations": [_observation(o) for o in discovery.observations],
    }


def as_json_text(discovery: Discovery) -> str:
    return json.dumps(as_json(discovery), indent=2) + "\n"


def _item(item: Item) -> dict[str, Any]:
    return {
        "category": item.category,
        "model": item.model,
        "message": item.message,
        "evidence": list(item.evidence),
        "sources": list(item.sources),
    }


def _observation(obs: object) -> dict[str, Any]:
    data = dataclasses.asdict(obs)  # type: ignore[call-overload]
    data["routes"] = list(data["routes"])
    data["aliases"] = dict(data["aliases"])
    data["tags"] = dict(data["tags"])
    return data  # type: ignore[no-any-return]


def markdown(discovery: Discovery) -> str:
    lines = ["## Model discovery", "", f"**{summary(discovery)}**", ""]
    titles = {
        "shadow": "Shadow models (running or registered, not in the catalog)",
        "orphan": "Orphan entries (the catalog says deployed or registered; nothing there)",
        "drift": "Drift (the catalog and the platform disagree)",
    }
    for category in CATEGORIES:
        items = discovery.of(category)
        if not items:
            continue
        lines += [
            f"### {titles[category]}",
            "",
            "| model | what | evidence |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {code(i.model)} | {cell(i.message)} | "
            + "<br>".join(code(e) for e in i.evidence)
            + " |"
            for i in items
        ]
        lines.append("")
    if not discovery.items:
        lines += ["Nothing found: every observed model is in the catalog and agrees with it.", ""]
    return "\n".join(lines)


def github(discovery: Discovery) -> str:
    lines = []
    for item in discovery.items:
        place = next((m for e in item.evidence if (m := _FILE_LINE.match(e))), None)
        props: list[tuple[str, str | int]] = []
        if place:
            props += [("file", place["path"]), ("line", place["line"])]
        props.append(("title", f"modelinv {item.category}"))
        message = f"{item.message} [{', '.join(item.evidence)}]"
        lines.append(command("warning", props, message))
    lines.append(f"discover: {summary(discovery)}")
    return "\n".join(lines) + "\n"
