"""What changed between two catalogs: entities changed, renamed, deleted and added.

The transition rules all read the same pairing, so it is computed once per pair of
catalogs. An entry shared by both catalogs (the same object) is an unchanged file and
takes part in nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from modelinv.governance.lifecycle import STAGES
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Entity
from modelinv.support.unsafe_text import visible

# Share of values in common for a vanished entity and a new one to count as a rename.
RENAME_SIMILARITY = 0.8
# Above this many (vanished x new) comparisons only exact matches are looked for.
MAX_COMPARISONS = 10_000


@dataclass(frozen=True, slots=True)
class Changes:
    changed: tuple[tuple[Entry, Entry], ...]  # (base, head): same kind and id, file differs
    renamed: tuple[tuple[Entry, Entry], ...]  # (base, head): the id changed
    deleted: tuple[Entry, ...]  # at base only
    added: tuple[Entry, ...]  # at head only

    def previous(self) -> dict[int, Entry]:
        """id(head entry) -> its base entry, for changed and renamed entities."""
        return {id(new): old for old, new in (*self.changed, *self.renamed)}


def stage_before(old: Entry) -> str | None:
    """A model's lifecycle in a base entry: its valid entity's or, where the file failed
    validation there, the `spec.lifecycle` its YAML held when that names a stage
    (`Facts.written_lifecycle`); None when the entry tells neither (or is no model)."""
    if old.kind != "Model":
        return None
    if old.valid:
        return old.facts.stage
    written = old.facts.written_lifecycle
    return written if written in STAGES else None


def unread_stage(old: Entry) -> str:
    """Why `stage_before` tells no stage for a base model entry that failed validation, as
    a clause ("it could not be read as YAML")."""
    written = old.facts.written_lifecycle
    if written is None:
        return "it could not be read as YAML"
    if not written:
        return "it held no spec.lifecycle string"
    return f"its spec.lifecycle '{visible(written)}' is not a lifecycle stage"


def changes(base: Inventory, head: Inventory) -> Changes:
    return _changes(base, head)


def forget() -> None:
    """Drop the remembered pairing (and the two catalogs it holds on to)."""
    _changes.cache_clear()


@lru_cache(maxsize=1)
def _changes(base: Inventory, head: Inventory) -> Changes:
    changed = []
    for key, entries in head.index.by_id.items():
        olds = base.index.by_id.get(key)
        if olds and olds[0] is not entries[0]:
            changed.append((olds[0], entries[0]))
    gone = [
        e for e in base.entries if e.kind is not None and (e.kind, e.name) not in head.index.by_id
    ]
    new = [
        e for e in head.entries if e.kind is not None and (e.kind, e.name) not in base.index.by_id
    ]
    renamed = _same_path(gone, new) + _similar(base, head, gone, new)
    return Changes(tuple(changed), tuple(renamed), tuple(gone), tuple(new))


def _same_path(gone: list[Entry], new: list[Entry]) -> list[tuple[Entry, Entry]]:
    """The same file now holds another id of the same kind."""
    by_rel = {e.rel: e for e in new}
    pairs = []
    for old in list(gone):
        found = by_rel.get(old.rel)
        if found is not None and found.kind == old.kind:
            pairs.append((old, found))
            gone.remove(old)
            new.remove(found)
    return pairs


def _similar(
    base: Inventory, head: Inventory, gone: list[Entry], new: list[Entry]
) -> list[tuple[Entry, Entry]]:
    """A vanished id whose content, apart from the id, reappears under a new id."""
    values = {id(e): _values(base.entity(e)) for e in gone}
    values.update({id(e): _values(head.entity(e)) for e in new})
    scored: list[tuple[float, int, int]] = []
    exact_only = len(gone) * len(new) > MAX_COMPARISONS
    for i, old in enumerate(gone):
        for j, found in enumerate(new):
            a, b = values[id(old)], values[id(found)]
            if old.kind != found.kind or a is None or b is None:
                continue
            if a == b:
                scored.append((1.0, i, j))
            elif not exact_only:
                ratio = 2 * sum((a & b).values()) / (a.total() + b.total() or 1)
                if ratio >= RENAME_SIMILARITY:
                    scored.append((ratio, i, j))
    pairs, used_old, used_new = [], set(), set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((gone[i], new[j]))
    for old, found in pairs:
        gone.remove(old)
        new.remove(found)
    return pairs


def _values(entity: Entity | None) -> Counter[str] | None:
    """Every value the entity sets, as `path=value`, apart from its id, its kind and API
    version (the same for all) and defaults; None when it is invalid."""
    if entity is None:
        return None
    data = entity.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.pop("apiVersion", None)
    data.pop("kind", None)
    data.get("metadata", {}).pop("name", None)
    return Counter(_leaves(data, ""))


def _leaves(data: Any, path: str) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, f"{path}[{index}]")
    else:
        yield f"{path}={json.dumps(data)}"
