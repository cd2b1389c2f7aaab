"""The inventory: the index plus every valid entity, for the commands that read entities
(reports, the site, the gate, edits, exports, transition rules).

Entities come back from each entry's JSON payload on first use, so a command that reads
ten models out of 10,000 decodes ten, and a cached run serves entities without parsing
YAML again. A valid entry always has its entity: there is no "not loaded" state.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TypeVar

from modelinv.findings import Finding, Location
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry, Index, fetch_payload
from modelinv.inventory.trusted_decode import decode_trusted
from modelinv.loader import Pointer
from modelinv.model import KINDS, Entity, Ref
from modelinv.support import lifetime

E = TypeVar("E", bound=Entity)


class Inventory:
    def __init__(self, index: Index) -> None:
        self.index = index
        self._entities: dict[str, Entity] = {}

    # What the index knows, read through the inventory for convenience.
    @property
    def root(self) -> str:
        return self.index.root

    @property
    def context(self) -> Context:
        return self.index.context

    @property
    def entries(self) -> list[Entry]:
        return self.index.entries

    @property
    def policy_findings(self) -> tuple[Finding, ...]:
        return self.index.policy_findings

    def lookup(self, ref: Ref) -> Entry | None:
        return self.index.lookup(ref)

    def resolve(self, text: str) -> Entry | None:
        return self.index.resolve(text)

    def related(self, ref: str, relation: str) -> list[str]:
        return self.index.related(ref, relation)

    def canonical(self, text: str) -> str | None:
        return self.index.canonical(text)

    def ids(self, kind: str) -> list[str]:
        return self.index.ids(kind)

    def locate(self, entry: Entry, pointer: Pointer, *, key: bool = False) -> Location:
        return self.index.locate(entry, pointer, key=key)

    # Entities.
    def entity(self, entry: Entry) -> Entity | None:
        """The validated entity of an entry; None exactly when the file is invalid."""
        if not entry.valid:
            return None
        found = self._entities.get(entry.rel)
        if found is None:
            found = self._entities[entry.rel] = decode(entry)
        return found

    def entity_of(self, ref: str) -> Entity | None:
        """The entity a reference string names, if it resolves to a valid file."""
        entry = self.resolve(ref)
        return self.entity(entry) if entry is not None else None

    def held(self, entry: Entry) -> Entity | None:
        """The entity of an entry if it is decoded already (None when it is not, yet)."""
        return self._entities.get(entry.rel)

    def entries_of(self, cls: type[Entity]) -> list[Entry]:
        """The valid entries of a kind, in path order (their entities not decoded); of
        several declaring one id, the first only (see `distinct`)."""
        return [
            entry
            for entry in self.distinct()
            if entry.kind is not None and KINDS[entry.kind].cls is cls
        ]

    def distinct(self) -> list[Entry]:
        """The valid entries, in path order, without those whose kind and id an earlier
        valid one declares already (ID003, an error validate reports). One id names one
        entity: a reference resolves to the first, and what is made per entity (a page
        `models/ID.html`, a BOM component, a database row keyed by its ref) cannot be made
        twice."""
        return self._split[0]

    def left_out(self) -> list[Entry]:
        """The entries `distinct` leaves out, in path order: files that fail validation,
        and a later valid file declaring an id again (what the site, the reports and the
        exports then say they left out)."""
        return self._split[1]

    @cached_property
    def _split(self) -> tuple[list[Entry], list[Entry]]:
        seen: set[tuple[str | None, str]] = set()
        kept: list[Entry] = []
        left: list[Entry] = []
        for entry in self.index.entries:
            key = (entry.kind, entry.name)
            (kept if entry.valid and key not in seen else left).append(entry)
            if entry.valid:
                seen.add(key)
        return kept, left

    def of_kind(self, cls: type[E]) -> Iterator[tuple[Entry, E]]:
        """Every valid entity of a kind, in path order."""
        entries = self.entries_of(cls)
        self.decode_ahead(entries)
        for entry in entries:
            entity = self.entity(entry)
            assert isinstance(entity, cls)
            yield entry, entity

    def valid(self) -> Iterator[tuple[Entry, Entity]]:
        """Every valid entity, in path order, each id once (see `distinct`)."""
        entries = self.distinct()
        self.decode_ahead(entries)
        for entry in entries:
            entity = self.entity(entry)
            assert entity is not None
            yield entry, entity

    def decode_ahead(self, entries: list[Entry]) -> None:
        """Decode the entities of these valid entries not decoded yet, all at once with the
        cyclic garbage collector paused (and, in a one-shot process, what they hold frozen
        afterwards, like the index they come from: `support/lifetime.py`). Entities hold
        no reference cycles, and the young-generation collections their objects would
        trigger one entity at a time cost a quarter of decoding them (10,000 models: ~1.5
        million objects, 13 collections, 0.11 s of 0.50 s)."""
        undecoded = [entry for entry in entries if entry.rel not in self._entities]
        if not undecoded:
            return
        with lifetime.gc_paused():
            for entry in undecoded:
                self._entities[entry.rel] = decode(entry)


def decode(entry: Entry) -> Entity:
    """The entity a valid entry's payload holds. Built without running the model's checks
    again (`inventory/trusted_decode.py` says why that is sound): an entry's payload is
    only ever dumped by `checks/filecheck.py` from a validated entity, in this run or
    through the authenticated cache."""
    if not entry.valid or entry.kind is None:
        raise ValueError(f"{entry.display} is not a valid entity")
    return decode_trusted(entry.kind, fetch_payload(entry))
