"""Where each kind holds references, and which relation each one expresses.

One table (`REF_FIELDS`) drives everything: extracting references, the relations of the
catalog, and the schema stage's messages for malformed ones. References are read from the
raw data, so they are checked even in a file that fails the schema elsewhere. Each relation
has an inverse name in `INVERSE`, filled in by the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from modelinv.model.refs import DATA_ASSET_TYPES, PREFIX_KIND, parse_ref

Pointer = tuple[str | int, ...]

INVERSE = {
    "ownedBy": "ownerOf",
    "dependsOn": "dependencyOf",
    "trainedOn": "trainingDataOf",
    "consumedBy": "consumes",
    "replacedBy": "replaces",
}
# kind -> its one prefix (a data asset's prefix is its type, read from its spec)
_PREFIX = {kind: prefix for prefix, kind in PREFIX_KIND.items() if kind != "DataAsset"}


@dataclass(frozen=True, slots=True)
class RefSpec:
    kinds: tuple[str, ...]  # entity kinds that have this field
    path: tuple[str, ...]  # "*" stands for any list index
    relation: str
    allowed: tuple[str, ...]  # kinds the field may point at

    @property
    def prefixes(self) -> list[str]:
        return [p for p, kind in PREFIX_KIND.items() if kind in self.allowed]


REF_FIELDS = (
    RefSpec(("Model", "DataAsset", "Consumer"), ("spec", "owner"), "ownedBy", ("Team",)),
    RefSpec(("Model",), ("spec", "trainingData", "*", "source"), "trainedOn", ("DataAsset",)),
    RefSpec(("Model",), ("spec", "upstream", "*"), "dependsOn", ("Model", "DataAsset")),
    RefSpec(("Model",), ("spec", "consumers", "*"), "consumedBy", ("Consumer",)),
    RefSpec(("Model",), ("spec", "deprecation", "replacement"), "replacedBy", ("Model",)),
)


class RefField(NamedTuple):
    """One reference an entity makes (a named tuple: cheap to build from the cache)."""

    pointer: Pointer
    target: str
    relation: str
    allowed: tuple[str, ...]


def spec_at(kind: str, pointer: Pointer) -> RefSpec | None:
    """The reference field at `pointer` in an entity of `kind`, if it is one."""
    for spec in REF_FIELDS:
        if kind in spec.kinds and _matches(spec.path, pointer):
            return spec
    return None


def _matches(path: tuple[str, ...], pointer: Pointer) -> bool:
    return len(path) == len(pointer) and all(
        (step == "*" and isinstance(at, int)) or step == at
        for step, at in zip(path, pointer, strict=True)
    )


def references(kind: str | None, data: Any) -> list[RefField]:
    """Every well-formed reference in an entity's data (malformed ones are schema findings)."""
    found = []
    for spec in REF_FIELDS:
        if kind in spec.kinds:
            for pointer, value in _walk(data, spec.path, ()):
                if isinstance(value, str) and parse_ref(value) is not None:
                    shared = _POINTERS.setdefault(pointer, pointer)
                    found.append(RefField(shared, value, spec.relation, spec.allowed))
    return found


# One tuple for each reference pointer (`("spec", "upstream", 3)` recurs in thousands of
# entries, which keep their references for as long as the index lives). Bounded by the
# fields above times the longest list in any file.
_POINTERS: dict[Pointer, Pointer] = {}


def _walk(data: Any, path: tuple[str, ...], at: Pointer) -> Iterator[tuple[Pointer, Any]]:
    # Level by level rather than recursive generators: this runs for every file.
    level: list[tuple[Pointer, Any]] = [(at, data)]
    for step in path:
        deeper: list[tuple[Pointer, Any]] = []
        for here, value in level:
            if step == "*":
                if isinstance(value, list):
                    deeper += [((*here, index), item) for index, item in enumerate(value)]
            elif isinstance(value, dict) and step in value:
                deeper.append(((*here, step), value[step]))
        if not deeper:
            return iter(())
        level = deeper
    return iter(level)


def ref_of(kind: str | None, data: Any, name: str) -> str | None:
    """The reference other files use for this entity (data assets by their type)."""
    if kind == "DataAsset":
        spec = data.get("spec") if isinstance(data, dict) else None
        kind_type = spec.get("type") if isinstance(spec, dict) else None
        return f"{kind_type}:{name}" if kind_type in DATA_ASSET_TYPES else None
    prefix = _PREFIX.get(kind or "")
    return f"{prefix}:{name}" if prefix else None
