"""Where each kind holds references, and which relation each one expresses.

Relations are written once (on the entity that states them) and read in both directions:
each relation here has an inverse name in `INVERSE`, filled in by the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from modelinv.model.base import Entity
from modelinv.model.consumer import Consumer
from modelinv.model.data_asset import DataAsset
from modelinv.model.ml_model import Model
from modelinv.model.team import Team

Pointer = tuple[str | int, ...]

INVERSE = {
    "ownedBy": "ownerOf",
    "dependsOn": "dependencyOf",
    "trainedOn": "trainingDataOf",
    "consumedBy": "consumes",
}


@dataclass(frozen=True, slots=True)
class RefField:
    pointer: Pointer
    target: str
    relation: str
    allowed: tuple[str, ...]  # kinds this field may point at


_DATA = ("DataAsset",)


def references(entity: Entity) -> Iterator[RefField]:
    if isinstance(entity, Model):
        spec = entity.spec
        yield RefField(("spec", "owner"), spec.owner, "ownedBy", ("Team",))
        for i, item in enumerate(spec.training_data or ()):
            yield RefField(("spec", "trainingData", i, "source"), item.source, "trainedOn", _DATA)
        for i, ref in enumerate(spec.upstream or ()):
            yield RefField(("spec", "upstream", i), ref, "dependsOn", ("Model", "DataAsset"))
        for i, ref in enumerate(spec.consumers or ()):
            yield RefField(("spec", "consumers", i), ref, "consumedBy", ("Consumer",))
    elif isinstance(entity, DataAsset | Consumer):
        yield RefField(("spec", "owner"), entity.spec.owner, "ownedBy", ("Team",))
    elif isinstance(entity, Team):
        return


def ref_of(entity: Entity) -> str:
    """The reference other files use for `entity`."""
    if isinstance(entity, DataAsset):
        return f"{entity.spec.type}:{entity.metadata.name}"
    prefix = {"Model": "model", "Team": "team", "Consumer": "consumer"}[type(entity).__name__]
    return f"{prefix}:{entity.metadata.name}"
