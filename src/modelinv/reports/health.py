"""Inventory health: active models, current documentation, models meeting their targets,
average age, models per stage and risk level, and monthly cost per team and currency.

"Meeting their targets": the catalog records SLO targets (latency, availability) but not
measurements against them, so a model meets its targets when every metric with a
threshold is on the right side of it; models without thresholds are not counted either
way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from modelinv.governance.lifecycle import STAGES, stale
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports.common import Basis, basis, models
from modelinv.reports.metrics import breached
from modelinv.reports.usage import Usage

RISK_LEVELS = ("unacceptable", "high", "limited", "minimal", "unclassified")


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    models: int


@dataclass(frozen=True, slots=True)
class TeamCost:
    team: str  # a team reference, or "total"
    currency: str
    monthly: float
    models: int


@dataclass(frozen=True, slots=True)
class HealthReport:
    basis: Basis
    models: int  # every model, archived ones included
    active: int  # not archived
    documentation_max_age_days: int
    documentation_current: int  # active models documented within the policy's max age
    documentation_stale: tuple[str, ...]  # active models without current documentation
    with_targets: int  # active models with at least one metric threshold
    meeting_targets: int
    not_meeting_targets: tuple[str, ...]  # active models with a metric on the wrong side
    without_targets: tuple[str, ...]
    average_age_days: float | None  # over active models with a `created` date
    dated: int  # active models with a `created` date
    by_stage: tuple[Count, ...]  # every model
    by_risk: tuple[Count, ...]  # active models
    cost: tuple[TeamCost, ...]  # active models, per team and currency, then totals
    unregistered_usage: tuple[str, ...]  # models in the usage data but not in the catalog


def health_report(catalog: Inventory, usage: Usage) -> HealthReport:
    context = catalog.context
    every = [model for _, model in models(catalog)]
    active = [m for m in every if m.spec.lifecycle != "archived"]
    max_age = context.policy.spec.documentation_max_age_days
    stale_docs = [
        m.metadata.name
        for m in active
        if m.spec.documentation is None or stale(m.spec.documentation.updated, max_age, context)
    ]
    measured = [m for m in active if any(x.threshold is not None for x in m.spec.metrics or ())]
    missing = [m.metadata.name for m in measured if _misses(m)]
    with_targets = {m.metadata.name for m in measured}
    ages = [(context.today - m.spec.created).days for m in active if m.spec.created]
    stages = Counter[str](m.spec.lifecycle for m in every)
    risks = Counter(
        m.spec.compliance.risk_level if m.spec.compliance else "unclassified" for m in active
    )
    return HealthReport(
        basis=basis(catalog, usage),
        models=len(every),
        active=len(active),
        documentation_max_age_days=max_age,
        documentation_current=len(active) - len(stale_docs),
        documentation_stale=tuple(stale_docs),
        with_targets=len(measured),
        meeting_targets=len(measured) - len(missing),
        not_meeting_targets=tuple(missing),
        without_targets=tuple(
            m.metadata.name for m in active if m.metadata.name not in with_targets
        ),
        average_age_days=round(sum(ages) / len(ages), 1) if ages else None,
        dated=len(ages),
        by_stage=tuple(Count(stage, stages[stage]) for stage in STAGES),
        by_risk=tuple(Count(risk, risks[risk]) for risk in RISK_LEVELS),
        cost=_costs(active),
        unregistered_usage=tuple(usage.unregistered({m.metadata.name for m in every})),
    )


def _misses(model: Model) -> bool:
    return any(breached(m.value, m.threshold, m.higher_is_better) for m in model.spec.metrics or ())


def _costs(active: list[Model]) -> tuple[TeamCost, ...]:
    sums: dict[tuple[str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    for model in active:
        cost = model.spec.cost
        if cost is None:
            continue
        for key in ((model.spec.owner, cost.currency), ("total", cost.currency)):
            sums[key] += cost.monthly
            counts[key] += 1
    order = sorted(sums, key=lambda key: (key[0] == "total", key))
    return tuple(TeamCost(team, cur, sums[(team, cur)], counts[(team, cur)]) for team, cur in order)
