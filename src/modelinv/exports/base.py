"""What every exporter is: a name, a file name and a pure `render` to bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from modelinv.findings import Finding

# The loaded catalog every exporter reads (the index plus every valid entity).
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model

# Every generated identifier lives under this namespace, so the same content gives the
# same serial number or document id on every run and every machine.
_NAMESPACE = uuid.UUID("6f1c2b3a-8e4d-5f60-9a7b-0c1d2e3f4a5b")
TOOL = "modelinv"

__all__ = [
    "TOOL",
    "ExportOptions",
    "Exporter",
    "Inventory",
    "content_digest",
    "dump_json",
    "export_date",
    "models",
    "newest_date",
    "number_text",
    "stable_uuid",
]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What an export may know beyond the inventory."""

    today: dt.date | None = None  # --today: the only clock an export may read
    findings: tuple[Finding, ...] = ()  # from the validation of the same inventory
    version: str = "0.1.0"  # the tool's version, recorded where a format asks for it


class Exporter(Protocol):
    name: str  # the FORMAT argument of `modelinv export`
    filename: str  # its main file's name under `export all --out DIR`
    files: tuple[str, ...]  # every file `render` returns, `filename` first
    summary: str  # one line for --help and the docs

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, bytes]:
        """File name -> bytes; the first file is the export itself (`--out PATH`), any
        others are written beside it."""
        ...


def stable_uuid(*parts: str) -> uuid.UUID:
    """A UUID (version 5) derived from content: no randomness, no clock."""
    return uuid.uuid5(_NAMESPACE, "\0".join(parts))


def content_digest(document: Any) -> str:
    """A hash of a JSON-able document, used to derive its serial number."""
    blob = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def dump_json(document: dict[str, Any]) -> bytes:
    """JSON in a fixed form: each top-level key on its own line, and each element of a
    top-level list (a component, a graph element) on its own line, so a change to one
    entity is a one-line diff. (Python's JSON encoder runs in C only without `indent`:
    indenting everything made a 10,000-model BOM take 14 s to write instead of 1.)"""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {compact(item)}" for item in value)
            lines.append(f"  {compact(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def models(inventory: Inventory) -> Iterator[Model]:
    for _, model in inventory.of_kind(Model):
        yield model


def newest_date(inventory: Inventory) -> dt.date | None:
    """The latest date the inventory states (reviews, evaluations, documentation, audits,
    retraining, creation): the timestamp of an export made without --today."""
    newest: dt.date | None = None
    for model in models(inventory):
        for day in _model_dates(model):
            if newest is None or day > newest:
                newest = day
    return newest


def _model_dates(model: Model) -> Iterator[dt.date]:
    spec = model.spec
    if spec.created:
        yield spec.created
    if spec.review:
        yield spec.review.last_reviewed
    if spec.documentation and spec.documentation.updated:
        yield spec.documentation.updated
    if spec.compliance and spec.compliance.last_audit:
        yield spec.compliance.last_audit
    if spec.retraining and spec.retraining.last_retrained:
        yield spec.retraining.last_retrained
    for metric in spec.metrics or ():
        yield metric.evaluated


def export_date(inventory: Inventory, options: ExportOptions) -> dt.date:
    """--today, else the newest date in the inventory, else the epoch."""
    return options.today or newest_date(inventory) or dt.date(1970, 1, 1)


def number_text(value: float) -> str:
    """A number as text without float noise: 0.9 not 0.90000000000000002, 50 not 50.0."""
    return f"{value:.15g}" if isinstance(value, float) else str(value)
