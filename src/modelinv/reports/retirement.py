"""Retirement candidates grouped by criterion, each with its evidence, and the retirement
checklist of every deprecated model.

Criteria, checked for models in service (production and deprecated):

- zero-traffic: no request in the policy's `zeroTrafficDays` (usage data must cover the
  whole window; a model without usage data is unknown, never a candidate);
- metric: a metric on the wrong side of its threshold, or trending to cross it before the
  next review (`review.lastReviewed` + `reviewIntervalDays`, or today when that is past);
- deprecated-data: depends on or is trained on a deprecated or retired data asset;
- past-decommission: deprecated and past its decommission date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from modelinv.governance.lifecycle import retirement_checklist
from modelinv.inventory.inventory import Inventory
from modelinv.model import DataAsset, Model
from modelinv.reports.common import (
    IN_SERVICE,
    USAGE_DAYS,
    Basis,
    ModelInfo,
    basis,
    dependents,
    model_info,
    models,
    number,
    review_due,
)
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.model_facts import FactsOf, ModelFacts, as_model, each_time
from modelinv.reports.usage import Traffic, Usage
from modelinv.support.wording import days_text

Criterion = Literal["zero-traffic", "metric", "deprecated-data", "past-decommission"]
CRITERIA: dict[Criterion, str] = {
    "zero-traffic": "No traffic",
    "metric": "Metric below its threshold, or trending to cross it before the next review",
    "deprecated-data": "Depends on a deprecated or retired data asset",
    "past-decommission": "Deprecated and past its decommission date",
}


@dataclass(frozen=True, slots=True)
class ZeroTraffic:
    traffic: Traffic


@dataclass(frozen=True, slots=True)
class MetricEvidence:
    metric: MetricStatus
    next_review: dt.date | None


@dataclass(frozen=True, slots=True)
class DataEvidence:
    asset: str
    status: str
    relations: tuple[str, ...]  # dependsOn and/or trainedOn


@dataclass(frozen=True, slots=True)
class DecommissionEvidence:
    decommission: dt.date
    days_past: int
    replacement: str | None


Evidence = ZeroTraffic | MetricEvidence | DataEvidence | DecommissionEvidence


@dataclass(frozen=True, slots=True)
class Candidate:
    criterion: Criterion
    model: ModelInfo
    evidence: str  # one line, for people
    detail: Evidence  # the same, for machines
    dependents: tuple[str, ...]  # models depending on it and consumers using it


@dataclass(frozen=True, slots=True)
class Group:
    criterion: Criterion
    title: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Step:
    item: str
    done: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Checklist:
    model: ModelInfo
    notified: dt.date | None
    decommission: dt.date | None
    days_left: int | None  # until the decommission date; negative once past
    replacement: str | None
    no_replacement: str | None
    traffic: Traffic  # the last USAGE_DAYS days
    previous_traffic: Traffic  # the USAGE_DAYS days before those
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class RetirementReport:
    basis: Basis
    zero_traffic_days: int
    groups: tuple[Group, ...]
    checklists: tuple[Checklist, ...]

    @property
    def candidate_models(self) -> list[str]:
        return sorted({c.model.id for g in self.groups for c in g.candidates})

    @property
    def finding_count(self) -> int:
        """Candidates under every criterion (a model can be one under several)."""
        return sum(len(g.candidates) for g in self.groups)


def retirement_report(
    catalog: Inventory, usage: Usage, facts: FactsOf = each_time
) -> RetirementReport:
    """The report of `catalog` as of its context's day; `facts` gives the models' facts
    (see `reports/model_facts.py`). A deprecated model is decoded for its checklist."""
    context = catalog.context
    found: dict[Criterion, list[Candidate]] = {criterion: [] for criterion in CRITERIA}
    checklists = []
    for known, entry in models(catalog, facts):
        if known.lifecycle not in IN_SERVICE:
            continue
        info, model = model_info(known, entry), None
        if known.lifecycle == "deprecated":
            model = as_model(catalog.entity(entry))
            checklists.append(_checklist(info, model, catalog, usage))
        users = dependents(catalog, info.ref)
        for criterion, evidence, detail in _evidence(known, model, catalog, usage):
            found[criterion].append(Candidate(criterion, info, evidence, detail, users))
    return RetirementReport(
        basis=basis(catalog, usage),
        zero_traffic_days=context.policy.spec.zero_traffic_days,
        groups=tuple(Group(c, CRITERIA[c], tuple(found[c])) for c in CRITERIA),
        checklists=tuple(checklists),
    )


def _evidence(
    known: ModelFacts, model: Model | None, catalog: Inventory, usage: Usage
) -> list[tuple[Criterion, str, Evidence]]:
    """The criteria a model in service meets; `model` is given when it is deprecated."""
    today = catalog.context.today
    found: list[tuple[Criterion, str, Evidence]] = []
    window = catalog.context.policy.spec.zero_traffic_days
    traffic = usage.traffic(known.name, window, today)
    if traffic.zero:
        found.append(("zero-traffic", _zero_text(traffic, today), ZeroTraffic(traffic)))
    review = review_due(known.last_reviewed, catalog.context)
    horizon = max(review or today, today)
    for status in known.metrics:
        text = _metric_text(status, review, horizon)
        if text is not None:
            found.append(("metric", text, MetricEvidence(status, review)))
    for asset, asset_status, relations in _retiring_data(known.name, catalog):
        text = f"{' and '.join(_VERBS[r] for r in relations)} {asset} ({asset_status})"
        found.append(("deprecated-data", text, DataEvidence(asset, asset_status, relations)))
    block = model.spec.deprecation if model is not None else None
    if known.lifecycle == "deprecated" and block and block.decommission < today:
        past = (today - block.decommission).days
        successor = f"; replacement {block.replacement}" if block.replacement else ""
        text = f"decommission date {block.decommission} passed {days_text(past)} ago{successor}"
        detail = DecommissionEvidence(block.decommission, past, block.replacement)
        found.append(("past-decommission", text, detail))
    return found


_VERBS = {"dependsOn": "depends on", "trainedOn": "trained on"}


def _zero_text(traffic: Traffic, today: dt.date) -> str:
    text = f"0 requests in the {days_text(traffic.days)} {traffic.start} to {traffic.end}"
    if traffic.last_traffic is None:
        return f"{text}; no traffic anywhere in the usage data"
    ago = (today - traffic.last_traffic).days
    return f"{text}; last traffic {traffic.last_traffic} ({days_text(ago)} ago)"


def _metric_text(status: MetricStatus, review: dt.date | None, horizon: dt.date) -> str | None:
    if status.state == "breached":
        side = "below" if status.higher_is_better else "above"
        return (
            f"{status.name} = {number(status.value)} is {side} its threshold "
            f"{number(status.threshold or 0)} (evaluated {status.evaluated})"
        )
    if status.crossing is None or status.crossing > horizon or status.slope_per_day is None:
        return None
    way = "falling" if status.slope_per_day < 0 else "rising"
    rate = number(float(f"{abs(status.slope_per_day) * 30:.2g}"))  # 0.00003, 1200: no exponent
    if review is None:
        before = "and it has no review"
    elif review < horizon:  # the review is overdue: the horizon is today
        before = f"by today, and the review due on {review} is overdue"
    else:
        before = f"before the next review on {review}"
    return (
        f"{status.name} = {number(status.value)} (threshold {number(status.threshold or 0)}) "
        f"{way} {rate} per 30 days over {status.points} evaluations; reaches the threshold "
        f"around {status.crossing}, {before}"
    )


def _retiring_data(name: str, catalog: Inventory) -> list[tuple[str, str, tuple[str, ...]]]:
    ref = f"model:{name}"
    found: dict[str, tuple[str, list[str]]] = {}
    for relation in ("dependsOn", "trainedOn"):
        for target in catalog.related(ref, relation):
            if target.startswith("model:"):
                continue  # a model: neither decoded nor even looked up to tell
            entry = catalog.resolve(target)
            if entry is None or entry.kind != "DataAsset":
                continue
            asset = catalog.entity(entry)
            if isinstance(asset, DataAsset) and asset.spec.status != "active":
                found.setdefault(target, (asset.spec.status, []))[1].append(relation)
    return [(asset, status, tuple(rels)) for asset, (status, rels) in sorted(found.items())]


def _checklist(info: ModelInfo, model: Model, catalog: Inventory, usage: Usage) -> Checklist:
    context = catalog.context
    block = model.spec.deprecation
    steps = tuple(Step(*step) for step in retirement_checklist(model, context))
    return Checklist(
        model=info,
        notified=block.notified if block else None,
        decommission=block.decommission if block else None,
        days_left=(block.decommission - context.today).days if block else None,
        replacement=block.replacement if block else None,
        no_replacement=block.no_replacement if block else None,
        traffic=usage.traffic(info.id, USAGE_DAYS, context.today),
        previous_traffic=usage.traffic(info.id, USAGE_DAYS, context.today, offset=USAGE_DAYS),
        steps=steps,
    )
