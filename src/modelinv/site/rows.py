"""One index-table row per model: the fields the table, the facets and the search read."""

from __future__ import annotations

from typing import Any

from modelinv.inventory.index import Entry
from modelinv.model import Model
from modelinv.reports.common import money
from modelinv.site.safety import script_json

# Where an encoded row's health flags and link go: its keys sorted, they are neighbours.
_SLOT = '"flags":[],"href":""'

EncodedRow = tuple[str, str]  # a row's JSON before and after its flags and link


def encoded_row(model: Model) -> EncodedRow:
    """A model's index row as the index page encodes it (`safety.script_json`), but for
    its health flags and link: the text before and after them. Made from the model alone,
    so a build keeps it with the model's facts (`site/fact_store.py`), and the index page
    encodes only the flags and the link of each row."""
    head, slot, tail = str(script_json(row_fields(model))).partition(_SLOT)
    if not slot:
        raise AssertionError(f"no {_SLOT} in the row of {model.metadata.name}")
    return head, tail


def model_row(
    encoded: EncodedRow, entry: Entry, name: str, hrefs: dict[str, str], flags: tuple[str, ...]
) -> str:
    """The row (`encoded_row`) of model `name` at `entry` with its link and `flags`: the
    text `script_json` makes of the whole row."""
    href = hrefs.get(entry.ref or "", f"models/{name}.html")
    slot = str(script_json({"flags": list(flags), "href": href}))[1:-1]
    return encoded[0] + slot + encoded[1]


def row_fields(model: Model) -> dict[str, Any]:
    """A model's index row but its link and health flags (placeholders in their places)."""
    spec, meta = model.spec, model.metadata
    compliance = spec.compliance
    evaluated = max((m.evaluated for m in spec.metrics or ()), default=None)
    platforms = sorted({d.platform for d in spec.deployments or ()})
    regulations = list(compliance.regulations) if compliance else []
    row: dict[str, Any] = {
        "id": meta.name,
        "title": meta.title,
        "href": "",
        "stage": spec.lifecycle,
        "team": spec.owner.removeprefix("team:"),
        "risk": compliance.risk_level if compliance else "",
        "regulations": regulations,
        "platforms": platforms,
        "tags": list(meta.tags),
        "cost": spec.cost.monthly if spec.cost else None,  # sorts; costText shows it
        "costText": money(spec.cost.monthly, spec.cost.currency) if spec.cost else "",
        "evaluated": evaluated.isoformat() if evaluated else "",
        "reviewed": spec.review.last_reviewed.isoformat() if spec.review else "",
        "flags": [],  # health flags of the index report (review-overdue, ...)
    }
    # What search reads beyond the row's own fields; index.js adds those (lowercasing the
    # whole), the cost and dates as the row shows them included. Repeating them here cost
    # ~180 bytes a model (1.8 MB at 10,000 models).
    text = [
        meta.description or "",
        spec.maintainer.name if spec.maintainer else "",
        spec.maintainer.email if spec.maintainer else "",
        *(spec.limitations or ()),
        (spec.review.reviewer or "") if spec.review else "",
        *(d.location or "" for d in spec.deployments or ()),
        *(m.name for m in spec.metrics or ()),
        *(spec.upstream or ()),
        *(spec.consumers or ()),
        *meta.annotations.values(),
    ]
    row["text"] = " ".join(t for t in text if t)
    return row
