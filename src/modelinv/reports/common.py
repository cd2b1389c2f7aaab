"""What every report shares: the basis it was made on, model columns, dates."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from modelinv.governance.context import Context
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports.model_facts import FactsOf, ModelFacts, each_time
from modelinv.reports.usage import Usage
from modelinv.support.dates import days_after

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
    skipped: tuple[str, ...]  # files left out: failing the schema, or an id's second file


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
    skipped = tuple(e.display for e in catalog.left_out())
    return Basis(
        today=today,
        catalog=catalog.root,
        usage=usage.source,
        usage_from=span[0] if span else None,
        usage_to=span[1] if span else None,
        skipped=skipped,
    )


def models(catalog: Inventory, facts: FactsOf = each_time) -> list[tuple[ModelFacts, Entry]]:
    """Every valid model's facts and entry, by id (a stable sort: path order within an
    id). `model_info` gives a row's columns: made only for the rows a report keeps."""
    entries = catalog.entries_of(Model)
    found = list(zip(facts(catalog, entries), entries, strict=True))
    return sorted(found, key=lambda row: row[0].name)


def model_info(facts: ModelFacts, entry: Entry) -> ModelInfo:
    return ModelInfo(facts.name, facts.title, facts.lifecycle, facts.owner, entry.display)


def next_review(model: Model, context: Context) -> dt.date | None:
    """When the next periodic review is due: the last review plus the policy's interval."""
    review = model.spec.review
    return review_due(review.last_reviewed if review else None, context)


def review_due(last_reviewed: dt.date | None, context: Context) -> dt.date | None:
    """`next_review` from the day a model was last reviewed (None without a review)."""
    if last_reviewed is None:
        return None
    return days_after(last_reviewed, context.policy.spec.review_interval_days)


def dependents(catalog: Inventory, ref: str) -> tuple[str, ...]:
    """Models that depend on `ref` and consumers that use it, sorted."""
    found = catalog.related(ref, "dependencyOf") + catalog.related(ref, "consumedBy")
    return tuple(sorted(set(found)))


def number(value: float) -> str:
    """A measured value as written, in plain decimal notation: 0.702, 4200, 0.00004 (never
    `4e-05`: readers of an audit page are not programmers)."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return f"{int(value)}"
    text = repr(value)
    # Without an exponent, repr is already plain decimal notation (what Decimal gives).
    return text if "e" not in text else format(Decimal(text), "f")


def signed(change: float) -> str:
    """A change to four significant digits with its sign, in plain decimal: +0.0021, -0.00004."""
    rounded = float(f"{change:.4g}")
    return ("+" if rounded > 0 else "") + number(rounded)


def money(amount: float, currency: str) -> str:
    """An amount of money for people, the one formatter of every page and report: whole
    amounts with thousands separators (`4,200 USD`), cents otherwise (`1,234.50 EUR`), and
    amounts below 1 to three significant digits, never in exponent notation
    (`0.00004 USD`, `0.0021 EUR`). `currency` is put in as given: escape it for the medium."""
    amount = float(amount)
    if not math.isfinite(amount) or amount.is_integer():
        shown = f"{amount:,.0f}" if math.isfinite(amount) else str(amount)
    elif abs(amount) >= 1:
        shown = f"{amount:,.2f}"
    else:
        digits = max(2, 2 - math.floor(math.log10(abs(amount))))
        shown = f"{amount:.{digits}f}".rstrip("0")
        shown += "0" * (2 - len(shown.partition(".")[2]))
    return f"{shown} {currency}".rstrip()
