"""What every report shares: the basis it was made on, model columns, dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelinv.governance.context import Context
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports.usage import Usage

# Lifecycle stages whose models may serve production traffic.
IN_SERVICE = ("production", "deprecated")
# "Usage" in the reports: total requests over this many days.
USAGE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Basis:
    """What a report was made from, printed at its top."""

    today: dt.date
    catalog: str
    usage: str | None  # the usage file, None when none was given
    usage_from: dt.date | None  # the first and last day of usage data up to today
    usage_to: dt.date | None
    skipped: tuple[str, ...]  # files that failed the schema, left out of the report


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """The columns every model row starts with."""

    id: str
    title: str
    lifecycle: str
    owner: str
    path: str

    @property
    def ref(self) -> str:
        return f"model:{self.id}"


def basis(catalog: Inventory, usage: Usage) -> Basis:
    today = catalog.context.today
    span = usage.span(today)
    skipped = tuple(e.display for e in catalog.entries if not e.valid)
    return Basis(
        today=today,
        catalog=catalog.root,
        usage=usage.source,
        usage_from=span[0] if span else None,
        usage_to=span[1] if span else None,
        skipped=skipped,
    )


def models(catalog: Inventory) -> list[tuple[ModelInfo, Model]]:
    """Every valid model with its row columns, by id."""
    found = [
        (
            ModelInfo(
                id=model.metadata.name,
                title=model.metadata.title,
                lifecycle=model.spec.lifecycle,
                owner=model.spec.owner,
                path=entry.display,
            ),
            model,
        )
        for entry, model in catalog.of_kind(Model)
    ]
    return sorted(found, key=lambda pair: pair[0].id)


def next_review(model: Model, context: Context) -> dt.date | None:
    """When the next periodic review is due: the last review plus the policy's interval."""
    review = model.spec.review
    if review is None:
        return None
    return review.last_reviewed + dt.timedelta(days=context.policy.spec.review_interval_days)


def dependents(catalog: Inventory, ref: str) -> tuple[str, ...]:
    """Models that depend on `ref` and consumers that use it, sorted."""
    found = catalog.related(ref, "dependencyOf") + catalog.related(ref, "consumedBy")
    return tuple(sorted(set(found)))


def number(value: float) -> str:
    """A measured value as written: 0.702, 4200, 4e-05."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def days_text(days: int) -> str:
    return "1 day" if abs(days) == 1 else f"{abs(days)} days"
