"""The explicit table of kinds: class, folder, schema file, reference prefixes."""

from __future__ import annotations

from dataclasses import dataclass

from modelinv.model.base import Entity
from modelinv.model.consumer import Consumer
from modelinv.model.data_asset import DataAsset
from modelinv.model.ml_model import Model
from modelinv.model.refs import PREFIX_KIND
from modelinv.model.team import Team


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    cls: type[Entity]
    folder: str
    schema_file: str

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The reference prefixes naming this kind (`PREFIX_KIND` is the one table)."""
        return tuple(prefix for prefix, kind in PREFIX_KIND.items() if kind == self.name)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("Model", Model, "models", "model.schema.json"),
        Kind("Team", Team, "teams", "team.schema.json"),
        Kind("DataAsset", DataAsset, "data", "data-asset.schema.json"),
        Kind("Consumer", Consumer, "consumers", "consumer.schema.json"),
    )
}
