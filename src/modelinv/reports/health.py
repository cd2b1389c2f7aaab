"""Inventory health: active models, current documentation, models meeting their targets,
average age, models per stage and risk level, and monthly cost per team and currency.

"Meeting their targets": the catalog records SLO targets (latency, availability) but not
measurements against them, so a model meets its targets when every metric with a
threshold is on the right side of it; models without thresholds are not counted either
way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from modelinv.governance.lifecycle import STAGES, stale
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory, decode
from modelinv.model import Model
from modelinv.reports.common import Basis, basis
from modelinv.reports.metrics import breached
from modelinv.reports.model_facts import ModelFacts, as_model, own_fields
from modelinv.reports.usage import Usage
from modelinv.support import lifetime

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


class ModelHealth(NamedTuple):
    """What the health report takes from one model: the same whatever day it is judged
    as of (the health history judges ~10,000 mostly unchanged models once per past
    version, see `site/health_history.py`)."""

    name: str
    lifecycle: str
    documented: dt.date | None  # when its documentation was updated; None without
    measured: bool  # a metric has a threshold
    misses: bool  # a metric is on the wrong side of its threshold
    created: dt.date | None
    risk: str  # its risk level, "unclassified" without a compliance block
    owner: str
    cost: tuple[str, float] | None  # (currency, monthly amount)


def model_health(known: ModelFacts) -> ModelHealth:
    """What the health report takes of a model's facts."""
    return ModelHealth(
        known.name,
        known.lifecycle,
        known.documented,
        known.measured,
        known.misses,
        known.created,
        known.risk_level or "unclassified",
        known.owner,
        known.cost,
    )


def health_of(model: Model) -> ModelHealth:
    """`model_health(model_facts(model))` without fitting the metrics' trends, which the
    health report does not read (the health history judges every changed model of every
    past version: `model_facts` costs ~60 us a model, this ~5)."""
    name, _, lifecycle, owner, created, documented, risk, _, _, _, cost = own_fields(model)
    metrics = model.spec.metrics or ()
    return ModelHealth(
        name,
        lifecycle,
        documented,
        any(m.threshold is not None for m in metrics),
        any(breached(m.value, m.threshold, m.higher_is_better) for m in metrics),
        created,
        risk or "unclassified",
        owner,
        cost,
    )


# How a report gets its models' health facts: from the inventory and its valid model
# entries, in the same order.
HealthFacts = Callable[[Inventory, list[Entry]], list[ModelHealth]]


def each_time(catalog: Inventory, entries: list[Entry]) -> list[ModelHealth]:
    """`health_of` each entry's model, worked out now (one report: no trend is fitted)."""
    catalog.decode_ahead(entries)
    return [health_of(as_model(catalog.entity(entry))) for entry in entries]


def health_report(catalog: Inventory, usage: Usage, facts: HealthFacts = each_time) -> HealthReport:
    """The health report of `catalog` as of its context's day. `facts` gives the models'
    `ModelHealth` (pass a `Remembered()` when judging many versions of a catalog)."""
    context = catalog.context
    every = sorted(
        facts(catalog, catalog.entries_of(Model)), key=attrgetter("name")
    )  # by id, as the other reports list models (a stable sort: path order within an id)
    active = [m for m in every if m.lifecycle != "archived"]
    max_age = context.policy.spec.documentation_max_age_days
    stale_docs = [m.name for m in active if stale(m.documented, max_age, context)]
    measured = [m for m in active if m.measured]
    missing = [m.name for m in measured if m.misses]
    with_targets = {m.name for m in measured}
    # A model created after the day judged has no age yet (a post-dated `created`, or a
    # past version judged before it): counted, it made the average negative.
    ages = [(context.today - m.created).days for m in active if m.created]
    ages = [age for age in ages if age >= 0]
    stages = Counter[str](m.lifecycle for m in every)
    risks = Counter(m.risk for m in active)
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
        without_targets=tuple(m.name for m in active if m.name not in with_targets),
        average_age_days=round(sum(ages) / len(ages), 1) if ages else None,
        dated=len(ages),
        by_stage=tuple(Count(stage, stages[stage]) for stage in STAGES),
        by_risk=tuple(Count(risk, risks[risk]) for risk in RISK_LEVELS),
        cost=_costs(active),
        unregistered_usage=tuple(usage.unregistered({m.name for m in every})),
    )


class Remembered:
    """`model_health`, worked out once per catalog entry. For reports on many versions of a
    catalog, which share most of their entries (the site's health history): a model's facts
    do not depend on the day it is judged as of (10,000 models, 14 versions: the health
    reports took 2.6 s, ~0.17 s each, and 0.5 s with this). Keyed by the entry, so a model
    is decoded for its facts only when its entry is new to the memo (a past version's
    file that differs from the working tree's and the previous version's), and not kept;
    `keep_only` lets the entries of versions judged go."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Entry, ModelHealth]] = {}  # the entry keeps its id unique

    def __call__(self, catalog: Inventory, entries: list[Entry]) -> list[ModelHealth]:
        memo = self._memo
        with lifetime.gc_paused():  # the decoded models hold no cycles: see decode_ahead
            for entry in entries:
                if id(entry) not in memo:
                    # The model the inventory holds already (the working tree's, decoded
                    # for the pages), or one decoded for this only and never held: a past
                    # version whose 10,000 models all changed held ~100 MB of them.
                    model = as_model(catalog.held(entry) or decode(entry))
                    memo[id(entry)] = (entry, health_of(model))
        return [memo[id(entry)][1] for entry in entries]

    def learn(self, entries: list[Entry], facts: list[ModelFacts]) -> None:
        """Remember the health of models whose facts are known already (the working
        tree's, kept by the site between builds): none of them is decoded for it."""
        for entry, known in zip(entries, facts, strict=True):
            self._memo[id(entry)] = (entry, model_health(known))

    def keep_only(self, *indexes: Index) -> None:
        """Forget the facts of every entry but those of `indexes` (the versions still to
        share entries with the ones to come): each version's entries were otherwise held
        to the end (a catalog whose 10,000 models all changed monthly: ~60 MB a month)."""
        kept = {id(entry) for index in indexes for entry in index.entries}
        self._memo = {key: known for key, known in self._memo.items() if key in kept}


def _costs(active: list[ModelHealth]) -> tuple[TeamCost, ...]:
    sums: dict[tuple[str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str]] = Counter()
    for model in active:
        if model.cost is None:
            continue
        currency, monthly = model.cost
        for key in ((model.owner, currency), ("total", currency)):
            sums[key] += monthly
            counts[key] += 1
    order = sorted(sums, key=lambda key: (key[0] == "total", key))
    return tuple(TeamCost(team, cur, sums[(team, cur)], counts[(team, cur)]) for team, cur in order)
