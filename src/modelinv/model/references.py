"""Where each kind holds references, and which relation each one expresses.

References are read from the raw data, so they are checked even in a file that fails the
schema elsewhere. Relations are written once (on the entity that states them) and read in
both directions: each relation has an inverse name in `INVERSE`, filled in by the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from modelinv.model.refs import DATA_ASSET_TYPES, parse_ref

Pointer = tuple[str | int, ...]

INVERSE = {
    "ownedBy": "ownerOf",
    "dependsOn": "dependencyOf",
    "trainedOn": "trainingDataOf",
    "consumedBy": "consumes",
}
_DATA = ("DataAsset",)
_DATA = ("DataAsset",)
_PREFIX = {"Model": "model", "Team": "team", "Consumer": "consumer"}


@dataclass(frozen=True, slots=True)
class RefField:
    pointer: Pointer
    target: str
    relation: str
    allowed: tuple[str, ...]  # kinds this field may point at


def references(kind: str | None, data: Any) -> list[RefField]:
    """Every well-formed reference in an entity's data (malformed ones are schema findings)."""
    spec = data.get("spec") if isinstance(data, dict) else None
    if not isinstance(spec, dict) or kind not in ("Model", "DataAsset", "Consumer"):
        return []
    found: list[tuple[Pointer, Any, str, tuple[str, ...]]] = [
        (("spec", "owner"), spec.get("owner"), "ownedBy", ("Team",))
    ]
    if kind == "Model":
        for i, item in _items(spec, "trainingData"):
            source = item.get("source") if isinstance(item, dict) else None
            found.append((("spec", "trainingData", i, "source"), source, "trainedOn", _DATA))
        for i, ref in _items(spec, "upstream"):
            found.append((("spec", "upstream", i), ref, "dependsOn", ("Model", "DataAsset")))
        for i, ref in _items(spec, "consumers"):
            found.append((("spec", "consumers", i), ref, "consumedBy", ("Consumer",)))
    return [
        RefField(pointer, target, relation, allowed)
        for pointer, target, relation, allowed in found
        if isinstance(target, str) and parse_ref(target) is not None
    ]


def _items(spec: dict[str, Any], key: str) -> Iterator[tuple[int, Any]]:
    value = spec.get(key)
    if isinstance(value, list):
        yield from enumerate(value)


def ref_of(kind: str | None, data: Any, name: str) -> str | None:
    """The reference other files use for this entity (data assets by their type)."""
    if kind == "DataAsset":
        spec = data.get("spec") if isinstance(data, dict) else None
        kind_type = spec.get("type") if isinstance(spec, dict) else None
        return f"{kind_type}:{name}" if kind_type in DATA_ASSET_TYPES else None
    prefix = _PREFIX.get(kind or "")
    return f"{prefix}:{name}" if prefix else None
