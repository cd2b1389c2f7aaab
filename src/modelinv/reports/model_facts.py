"""What the reports read of one model, worked out from the model alone: no other entity,
no date, no policy. So the facts of a model are the same wherever and whenever they are
judged, and a site build keeps them between builds by the digest of the model's payload
(`site/fact_store.py`): a rebuild decodes only the models that changed (at 10,000 models,
decoding every model and fitting every metric's trend again took ~1 CPU s of a one-title
rebuild). The day, the policy, the usage data and the other entities are applied by the
reports themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Entity, Model
from modelinv.reports.metrics import MetricStatus, metric_status


class ModelFacts(NamedTuple):
    name: str  # metadata.name, the model's id
    title: str
    lifecycle: str
    owner: str
    created: dt.date | None
    documented: dt.date | None  # when its documentation was updated; None without
    risk_level: str | None  # None without a compliance block
    last_audit: dt.date | None
    last_reviewed: dt.date | None  # None without a review block
    reviewer: str | None
    cost: tuple[str, float] | None  # (currency, monthly amount)
    metrics: tuple[MetricStatus, ...]  # each metric against its threshold, with its trend

    @property
    def measured(self) -> bool:
        """A metric has a threshold."""
        return any(m.threshold is not None for m in self.metrics)

    @property
    def misses(self) -> bool:
        """A metric is on the wrong side of its threshold."""
        return any(m.state == "breached" for m in self.metrics)


def model_facts(model: Model) -> ModelFacts:
    """~60 us a model, most of it fitting each metric's trend (`metric_status`)."""
    return ModelFacts(*own_fields(model), tuple(map(metric_status, model.spec.metrics or ())))


OwnFields = tuple[
    str,
    str,
    str,
    str,
    dt.date | None,
    dt.date | None,
    str | None,
    dt.date | None,
    dt.date | None,
    str | None,
    tuple[str, float] | None,
]


def own_fields(model: Model) -> OwnFields:
    """Every field of `model_facts` but the metrics, in order (for what needs no trend:
    `reports.health.health_of`)."""
    spec, meta = model.spec, model.metadata
    compliance, review, cost = spec.compliance, spec.review, spec.cost
    return (
        meta.name,
        meta.title,
        spec.lifecycle,
        spec.owner,
        spec.created,
        spec.documentation.updated if spec.documentation is not None else None,
        compliance.risk_level if compliance else None,
        compliance.last_audit if compliance else None,
        review.last_reviewed if review else None,
        review.reviewer if review else None,
        (cost.currency, cost.monthly) if cost is not None else None,
    )


# How a report gets its models' facts: from the inventory and valid model entries, in the
# same order. `each_time` works them out; a site build passes facts it kept.
FactsOf = Callable[[Inventory, list[Entry]], list[ModelFacts]]


def each_time(catalog: Inventory, entries: list[Entry]) -> list[ModelFacts]:
    """`model_facts` of each entry's model, worked out now (one report)."""
    catalog.decode_ahead(entries)
    return [model_facts(as_model(catalog.entity(entry))) for entry in entries]


def as_model(entity: Entity | None) -> Model:
    assert isinstance(entity, Model)
    return entity
