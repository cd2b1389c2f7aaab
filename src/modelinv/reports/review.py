"""Production models due for their periodic review: due within the next days (14 by
default) or overdue, with their usage, metrics against baseline and monthly cost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelinv.inventory.inventory import Inventory
from modelinv.reports.common import (
    USAGE_DAYS,
    Basis,
    ModelInfo,
    basis,
    model_info,
    models,
    review_due,
)
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.model_facts import FactsOf, each_time
from modelinv.reports.usage import Traffic, Usage
from modelinv.support.wording import days_text

DUE_WITHIN_DAYS = 14


@dataclass(frozen=True, slots=True)
class ReviewRow:
    model: ModelInfo
    last_reviewed: dt.date | None  # None: never reviewed, due today
    reviewer: str | None
    due: dt.date
    days_left: int  # negative when overdue
    traffic: Traffic  # the last USAGE_DAYS days
    metrics: tuple[MetricStatus, ...]
    monthly_cost: float | None
    currency: str | None

    @property
    def overdue(self) -> bool:
        """Past its due day, or never reviewed: a production model without a review is
        overdue, as the index report's `review-overdue` flag and TM001 judge it."""
        return self.last_reviewed is None or self.days_left < 0

    @property
    def state(self) -> tuple[str, bool]:
        """Where the review stands, in words ("overdue by 3 days"), and whether that is
        urgent (never reviewed, or overdue): every renderer words it the same."""
        if self.last_reviewed is None:
            return "never reviewed", True
        if self.days_left < 0:
            return f"overdue by {days_text(self.days_left)}", True
        if self.days_left == 0:
            return "due today", False
        return f"due in {days_text(self.days_left)}", False


@dataclass(frozen=True, slots=True)
class ReviewReport:
    basis: Basis
    interval_days: int
    within_days: int
    rows: tuple[ReviewRow, ...]  # most urgent first


def review_report(
    catalog: Inventory,
    usage: Usage,
    within_days: int = DUE_WITHIN_DAYS,
    facts: FactsOf = each_time,
) -> ReviewReport:
    """The report of `catalog` as of its context's day; `facts` gives the models' facts
    (see `reports/model_facts.py`)."""
    context = catalog.context
    today = context.today
    rows = []
    for known, entry in models(catalog, facts):
        if known.lifecycle != "production":
            continue
        due = review_due(known.last_reviewed, context) or today
        if (due - today).days > within_days:
            continue
        info = model_info(known, entry)
        rows.append(
            ReviewRow(
                model=info,
                last_reviewed=known.last_reviewed,
                reviewer=known.reviewer,
                due=due,
                days_left=(due - today).days,
                traffic=usage.traffic(info.id, USAGE_DAYS, today),
                metrics=known.metrics,
                monthly_cost=known.cost[1] if known.cost else None,
                currency=known.cost[0] if known.cost else None,
            )
        )
    rows.sort(key=lambda row: (row.due, row.model.id))
    return ReviewReport(
        basis=basis(catalog, usage),
        interval_days=context.policy.spec.review_interval_days,
        within_days=within_days,
        rows=tuple(rows),
    )
