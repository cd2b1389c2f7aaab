"""CSV: one row per model, safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by Excel, LibreOffice or Google Sheets (CSV injection); such a cell is written with
a leading `'`, which spreadsheets show as text and never evaluate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from modelinv.exports.base import ExportOptions, Inventory, number_text
from modelinv.model import Model
from modelinv.support.batches import batched
from modelinv.support.text import utf8

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id",
    "title",
    "lifecycle",
    "owner",
    "maintainer",
    "maintainer_email",
    "risk_level",
    "regulations",
    "created",
    "last_reviewed",
    "last_audit",
    "documentation",
    "decommission",
    "replacement",
    "monthly_cost",
    "currency",
    "environments",
    "upstream",
    "training_data",
    "consumers",
    "tags",
    "description",
    "path",
)


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def model_row(model: Model, path: str) -> list[str]:
    spec, meta = model.spec, model.metadata
    compliance, cost = spec.compliance, spec.cost
    row = [
        meta.name,
        meta.title,
        spec.lifecycle,
        spec.owner,
        spec.maintainer.name if spec.maintainer else "",
        spec.maintainer.email if spec.maintainer else "",
        compliance.risk_level if compliance else "",
        _join(compliance.regulations) if compliance else "",
        spec.created.isoformat() if spec.created else "",
        spec.review.last_reviewed.isoformat() if spec.review else "",
        compliance.last_audit.isoformat() if compliance and compliance.last_audit else "",
        spec.documentation.url if spec.documentation else "",
        spec.deprecation.decommission.isoformat() if spec.deprecation else "",
        spec.deprecation.replacement or "" if spec.deprecation else "",
        number_text(cost.monthly) if cost else "",
        cost.currency if cost else "",
        _join(sorted({d.environment for d in spec.deployments or ()})),
        _join(spec.upstream or ()),
        _join(t.source for t in spec.training_data or ()),
        _join(spec.consumers or ()),
        _join(meta.tags),
        meta.description or "",
        path,
    ]
    return [safe_cell(cell) for cell in row]


class CsvExporter:
    name = "csv"
    filename = "models.csv"
    files: tuple[str, ...] = (filename,)
    summary = "CSV, one row per model (safe against formula injection)"
    binary = False

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, Iterable[bytes]]:
        return {self.filename: _rows(inventory)}


def _rows(inventory: Inventory, batch: int = 512) -> Iterator[bytes]:
    """The table's text, `batch` rows a piece."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line endings
    writer.writerow(COLUMNS)
    for some in batched(inventory.of_kind(Model), batch):
        for entry, model in some:
            writer.writerow(model_row(model, entry.rel))
        yield utf8(out.getvalue())
        out.seek(0)
        out.truncate()
    if out.tell():  # no model: the header alone
        yield utf8(out.getvalue())
