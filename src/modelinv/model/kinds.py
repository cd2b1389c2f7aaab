"""The explicit table of kinds: class, folder, schema file, reference prefixes."""

from __future__ import annotations

from dataclasses import dataclass

from modelinv.model.base import Entity
from modelinv.model.consumer import Consumer
from modelinv.model.data_asset import DataAsset
from modelinv.model.ml_model import Model
from modelinv.model.refs import DATA_ASSET_TYPES
from modelinv.model.team import Team


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    cls: type[Entity]
    folder: str
    schema_file: str
    prefixes: tuple[str, ...]


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("Model", Model, "models", "model.schema.json", ("model",)),
        Kind("Team", Team, "teams", "team.schema.json", ("team",)),
        Kind("DataAsset", DataAsset, "data", "data-asset.schema.json", DATA_ASSET_TYPES),
        Kind("Consumer", Consumer, "consumers", "consumer.schema.json", ("consumer",)),
    )
}
