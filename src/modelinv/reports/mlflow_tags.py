"""The governance facts modelinv pushes to MLflow registered models as tags, and the diff
against the tags they have. Pure: the CLI reads the registry and writes the tags.

Each catalog model is matched to registered models by its `spec.registry` entries for
`mlflow`, else by a registered model whose `modelinv.io/model` tag or name (made an id)
is the model's id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modelinv.discovery.mlflow import MODEL_TAG, RegisteredModel
from modelinv.inventory.inventory import Inventory as Catalog
from modelinv.model import Model
from modelinv.model.refs import id_from_name
from modelinv.reports.common import next_review

PREFIX = "modelinv."
TAG_KEYS = ("owner", "lifecycle", "risk_level", "next_review", "url")


@dataclass(frozen=True, slots=True)
class TagChange:
    registered: str  # the registered model's name
    model: str  # the catalog id
    key: str
    old: str | None
    new: str

    def __str__(self) -> str:
        old = "(unset)" if self.old is None else repr(self.old)
        return f"{self.registered}: {self.key}: {old} -> {self.new!r} (model:{self.model})"


def desired_tags(model: Model, catalog: Catalog, site_url: str | None) -> dict[str, str]:
    spec = model.spec
    tags = {"owner": spec.owner, "lifecycle": spec.lifecycle}
    if spec.compliance is not None:
        tags["risk_level"] = spec.compliance.risk_level
    due = next_review(model, catalog.context)
    if due is not None:
        tags["next_review"] = due.isoformat()
    if site_url:
        tags["url"] = f"{site_url.rstrip('/')}/models/{model.metadata.name}.html"
    return {PREFIX + key: value for key, value in tags.items()}


def plan(
    catalog: Catalog, registered: Sequence[RegisteredModel], site_url: str | None
) -> list[TagChange]:
    """Every tag that differs from what the catalog says, sorted by registered model."""
    by_name = {m.name: m for m in registered}
    changes = []
    for _, model in catalog.of_kind(Model):
        for found in _matches(model, registered, by_name):
            current = dict(found.tags)
            for key, value in desired_tags(model, catalog, site_url).items():
                if current.get(key) != value:
                    changes.append(
                        TagChange(found.name, model.metadata.name, key, current.get(key), value)
                    )
    return sorted(changes, key=lambda c: (c.registered, c.key))


def _matches(
    model: Model, registered: Sequence[RegisteredModel], by_name: dict[str, RegisteredModel]
) -> list[RegisteredModel]:
    names = [r.name for r in model.spec.registry or () if r.platform.lower() == "mlflow"]
    if names:
        return [by_name[n] for n in names if n in by_name]
    wanted = model.metadata.name
    return [r for r in registered if (r.tag(MODEL_TAG) or id_from_name(r.name)) == wanted]
