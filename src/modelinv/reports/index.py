"""index.json: every entity with its data, its relations in both directions and derived
fields (review and audit dates, usage, health flags), for the site and other tools."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from modelinv.governance.lifecycle import next_audit_of, stale
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Consumer, DataAsset, Entity, Model, Team
from modelinv.model.references import INVERSE
from modelinv.reports.common import USAGE_DAYS, Basis, basis, review_due
from modelinv.reports.model_facts import FactsOf, ModelFacts, each_time
from modelinv.reports.retirement import MetricEvidence, RetirementReport, retirement_report
from modelinv.reports.review import DUE_WITHIN_DAYS
from modelinv.reports.usage import Usage

RELATIONS = tuple(sorted({*INVERSE, *INVERSE.values()}))


@dataclass(frozen=True, slots=True)
class ModelDerived:
    age_days: int | None
    days_since_review: int | None
    next_review: dt.date | None
    audit_due: dt.date | None
    documentation_current: bool
    usage_last_30_days: int | None  # None: unknown
    last_traffic: dt.date | None
    meets_targets: bool | None  # None: no metric has a threshold
    retirement: tuple[str, ...]  # retirement criteria it meets
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AssetDerived:
    models: int  # models depending on it or trained on it


@dataclass(frozen=True, slots=True)
class TeamDerived:
    models: int  # models it owns that are not archived
    monthly_cost: dict[str, float]  # per currency, over those models


@dataclass(frozen=True, slots=True)
class ConsumerDerived:
    models: int  # models whose outputs it uses


Derived = ModelDerived | AssetDerived | TeamDerived | ConsumerDerived


class EncodedJson(str):
    """An entity's data already written as compact JSON (`render_json.entity_json`), for
    `render_json.index_chunks` to write as it is."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class IndexEntry:
    ref: str | None
    kind: str | None
    name: str
    title: str | None
    path: str
    valid: bool
    # The entity as its file states it (None when invalid); already encoded only in what
    # `index_entries(..., encode=...)` yields, for `render_json.index_chunks`.
    data: dict[str, Any] | EncodedJson | None
    relations: dict[str, tuple[str, ...]]
    derived: Derived | None


@dataclass(frozen=True, slots=True)
class IndexReport:
    basis: Basis
    policy: dict[str, Any]
    entities: tuple[IndexEntry, ...]


def index_report(
    catalog: Inventory, usage: Usage, retirement: RetirementReport | None = None
) -> IndexReport:
    """`retirement` is the retirement report of the same catalog and usage, when the caller
    already made it (the site makes both)."""
    return IndexReport(
        basis(catalog, usage),
        index_policy(catalog),
        tuple(index_entries(catalog, usage, retirement)),
    )


def index_policy(catalog: Inventory) -> dict[str, Any]:
    return catalog.context.policy.spec.model_dump(mode="json")


def index_entries(
    catalog: Inventory,
    usage: Usage,
    retirement: RetirementReport | None = None,
    encode: Callable[[Entity], EncodedJson] | None = None,
    facts: FactsOf = each_time,
) -> Iterator[IndexEntry]:
    """The index report's entities one at a time, in path order (the site writes them out
    as they come instead of holding 10,000 entities' data at once). With `encode`
    (`render_json.entity_json`) each entity's data comes already encoded, for
    `render_json.index_chunks` only. `facts` gives the models' facts (see
    `reports/model_facts.py`)."""
    retirement = retirement or retirement_report(catalog, usage, facts)
    criteria, trending = _retirement_marks(retirement)
    entries = catalog.entries_of(Model)
    known = dict(zip((e.rel for e in entries), facts(catalog, entries), strict=True))
    models = {f.name: f for f in known.values()}
    # Each relation's table once, not three calls deep per entity and relation.
    tables = [(name, catalog.index.relations.get(name, {})) for name in RELATIONS]
    for entry in catalog.entries:
        entity = catalog.entity(entry)
        derived: Derived | None = None
        if isinstance(entity, Model):
            name = entity.metadata.name
            derived = _model(
                known[entry.rel], catalog, usage, tuple(criteria[name]), name in trending
            )
        elif isinstance(entity, DataAsset):
            users = {
                *_related(catalog, entry, "dependencyOf"),
                *_related(catalog, entry, "trainingDataOf"),
            }
            derived = AssetDerived(len(users))
        elif isinstance(entity, Team):
            derived = _team(catalog, entry, models)
        elif isinstance(entity, Consumer):
            derived = ConsumerDerived(len(_related(catalog, entry, "consumes")))
        yield IndexEntry(
            ref=entry.ref,
            kind=entry.kind,
            name=entry.name,
            title=entity.metadata.title if entity else None,
            path=entry.display,
            valid=entity is not None,
            data=None
            if entity is None
            else encode(entity)
            if encode is not None
            else entity.model_dump(mode="json", exclude_none=True),
            relations={r: tuple(t.get(entry.ref, ())) if entry.ref else () for r, t in tables},
            derived=derived,
        )


def models_derived(
    catalog: Inventory,
    usage: Usage,
    retirement: RetirementReport | None = None,
    facts: FactsOf = each_time,
) -> Iterator[tuple[Entry, ModelFacts, ModelDerived]]:
    """Each valid model's entry and facts with its derived fields, the index report's
    `derived`, one at a time in path order: for a reader of those alone (`index_entries`
    also dumps every entity's data)."""
    retirement = retirement or retirement_report(catalog, usage, facts)
    criteria, trending = _retirement_marks(retirement)
    entries = catalog.entries_of(Model)
    for entry, known in zip(entries, facts(catalog, entries), strict=True):
        name = known.name
        yield entry, known, _model(known, catalog, usage, tuple(criteria[name]), name in trending)


def _retirement_marks(retirement: RetirementReport) -> tuple[dict[str, list[str]], set[str]]:
    """Model id -> the retirement criteria it meets, and the models whose metric trends
    toward its threshold while still meeting it."""
    criteria: dict[str, list[str]] = defaultdict(list)
    trending: set[str] = set()
    for group in retirement.groups:
        for candidate in group.candidates:
            if group.criterion not in criteria[candidate.model.id]:
                criteria[candidate.model.id].append(group.criterion)
            detail = candidate.detail
            if isinstance(detail, MetricEvidence) and detail.metric.state == "ok":
                trending.add(candidate.model.id)
    return criteria, trending


def _related(catalog: Inventory, entry: Entry, relation: str) -> list[str]:
    return catalog.related(entry.ref, relation) if entry.ref else []


def _model(
    known: ModelFacts,
    catalog: Inventory,
    usage: Usage,
    retirement: tuple[str, ...],
    trending: bool,
) -> ModelDerived:
    context = catalog.context
    today = context.today
    review = review_due(known.last_reviewed, context)
    # None where TM002 does not apply
    audit = next_audit_of(known.lifecycle, known.risk_level, known.last_audit, context)
    docs_current = not stale(
        known.documented, context.policy.spec.documentation_max_age_days, context
    )
    traffic = usage.traffic(known.name, USAGE_DAYS, today)
    meets = None if not known.measured else not known.misses
    flags = []
    if known.lifecycle == "production":
        due = review or today
        if due < today or review is None:
            flags.append("review-overdue")
        elif (due - today).days <= DUE_WITHIN_DAYS:
            flags.append("review-due")
    last_audit = known.last_audit
    if audit and (last_audit is None or audit < today):
        flags.append("audit-overdue")
    if known.lifecycle != "archived" and not docs_current:
        flags.append("documentation-stale")
    if meets is False:
        flags.append("metric-breached")
    if trending:
        flags.append("metric-trending")
    flags += [
        c for c in retirement if c in ("zero-traffic", "deprecated-data", "past-decommission")
    ]
    return ModelDerived(
        age_days=(today - known.created).days if known.created else None,
        days_since_review=(
            context.days_since(known.last_reviewed) if known.last_reviewed else None
        ),
        next_review=review,
        audit_due=audit,
        documentation_current=docs_current,
        usage_last_30_days=traffic.requests,
        last_traffic=traffic.last_traffic,
        meets_targets=meets,
        retirement=retirement,
        flags=tuple(flags),
    )


def _team(catalog: Inventory, entry: Entry, models: dict[str, ModelFacts]) -> TeamDerived:
    owned = [
        models[ref.removeprefix("model:")]
        for ref in _related(catalog, entry, "ownerOf")
        if ref.startswith("model:") and ref.removeprefix("model:") in models
    ]
    cost: dict[str, float] = defaultdict(float)
    active = [m for m in owned if m.lifecycle != "archived"]
    for model in active:
        if model.cost:
            cost[model.cost[0]] += model.cost[1]
    return TeamDerived(len(active), dict(sorted(cost.items())))
