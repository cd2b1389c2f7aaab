"""Cache rows: how a checked entry is stored (plain tuples `marshal` can write) and how a
stored row becomes an entry again, as cheaply as 10,000 to 50,000 of them a run allow.

A row holds an entry's index part (what catalog rules read) with its references and value
spans packed apart, a digest of that index part, and the entry's findings. Served back,
it is a `CachedEntry`: an `Entry` whose references and spans are unpacked on first read.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable
from typing import Any

from modelinv.findings import Finding, Location, Severity, finding_of, location_of
from modelinv.inventory.index import Entry, Facts
from modelinv.loader import Pointer, Span
from modelinv.model.references import RefField
from modelinv.support import lifetime


def _location(loc: Location) -> tuple[Any, ...]:
    return (loc.path, loc.line, loc.column, loc.end_line, loc.end_column)


def finding_rows(findings: Iterable[Finding]) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (
            f.code,
            f.name,
            f.severity.value,
            f.message,
            _location(f.location),
            f.hint,
            tuple(_location(r) for r in f.related),
        )
        for f in findings
    )


# A dict lookup, not `Severity(value)`: the enum's call costs a microsecond per finding.
_SEVERITIES = {s.value: s for s in Severity}


def findings_of(rows: Iterable[tuple[Any, ...]]) -> list[Finding]:
    return [
        finding_of(
            code,
            rule,
            _SEVERITIES[severity],
            message,
            location_of(*loc),
            hint,
            tuple([location_of(*r) for r in related]) if related else (),
        )
        for code, rule, severity, message, loc, hint, related in rows
    ]


def _index_part(entry: Entry) -> tuple[Any, ...]:
    """What an entry holds besides its own findings and payload: all catalog rules read."""
    refs = tuple((r.pointer, r.target, r.relation, r.allowed) for r in entry.refs)
    # marshal keeps a frozenset, but a sorted tuple keeps the cache bytes reproducible.
    facts = tuple(sorted(v) if isinstance(v, frozenset) else v for v in entry.facts)
    return (
        entry.display,
        entry.rel,
        entry.kind,
        entry.name,
        entry.id_readable,
        entry.ref,
        refs,
        entry.valid,
        facts,
        entry.spans,
    )


def part_digest(entry: Entry) -> str:
    # marshal's format version 0: it writes neither shared references nor which strings
    # are interned, which later versions do, so equal values give equal bytes wherever
    # they come from (read back from the cache, or made by another process). A third of
    # the cost of hashing the repr (~7 against ~16 us a file, made for every file a first
    # run checks).
    return hashlib.blake2b(marshal.dumps(_index_part(entry), 0), digest_size=16).hexdigest()


def row_of(entry: Entry) -> tuple[Any, ...]:
    display, rel, kind, name, id_readable, ref, refs, valid, _, spans = _index_part(entry)
    # References and value spans are most of a row's bytes and only catalog rules read
    # them: packed apart, they cost a copy when the rows are read (`CachedEntry`).
    packed = marshal.dumps((refs, spans))
    facts = tuple(entry.facts)  # a team's members stay a frozenset: `Facts._make` takes it
    digest = part_digest(entry)
    findings = finding_rows(entry.findings)
    return (display, rel, kind, name, id_readable, ref, packed, valid, facts, digest, findings)


PART_DIGEST = 9  # a row: see `row_of`


# The slots `Entry` keeps its references and spans in, under the properties that shadow
# them in `CachedEntry`.
_REFS_SLOT = Entry.__dict__["refs"]
_SPANS_SLOT = Entry.__dict__["spans"]


class CachedEntry(Entry):
    """An entry served from a cache row. Its references and value spans stay packed until
    something reads them: a run that reuses the stored catalog-rule findings never does
    (at 10,000 files, unpacking every row's would cost ~0.05 s of a 0.4 s run)."""

    __slots__ = ("_batch", "_packed", "part_digest")

    def __init__(self, row: tuple[Any, ...], path: str, batch: list[CachedEntry]) -> None:
        display, rel, kind, name, id_readable, ref, packed, valid, facts, digest, findings = row
        self.path = path
        self.display = display
        self.rel = rel
        self.kind = kind
        self.name = name
        self.id_readable = id_readable
        self.ref = ref
        self.valid = valid
        self.facts = Facts._make(facts)
        if not isinstance(self.facts.members, frozenset):
            raise TypeError("a cache row's members are not a frozenset")
        self.payload = b""  # read from the payload file when an inventory asks for it
        self.payload_source = None
        self.findings = tuple(findings_of(findings)) if findings else ()
        if not isinstance(packed, bytes):
            raise TypeError("a cache row without its packed references")
        self._packed = packed
        self._batch = batch  # the entries served with this one, unpacked together
        batch.append(self)
        self.part_digest: str = digest  # what catalog rules read, hashed (`part_digest`)

    def _unpack(self) -> None:
        """Unpack every entry served with this one. Whatever reads one entry's references
        (the index's relations and links) reads them all, and one pass with the collector
        paused costs a seventh of unpacking them one at a time while it runs (0.07 against
        0.49 s in `report retirement` at 10,000 files)."""
        with lifetime.gc_paused():
            for entry in self._batch:
                try:
                    _REFS_SLOT.__get__(entry, CachedEntry)
                except AttributeError:
                    refs, spans = marshal.loads(entry._packed)
                    _REFS_SLOT.__set__(entry, tuple(map(RefField._make, refs)))
                    _SPANS_SLOT.__set__(entry, spans)
            self._batch.clear()

    @property  # a read-write property over the field's slot
    def refs(self) -> tuple[RefField, ...]:
        try:
            value: tuple[RefField, ...] = _REFS_SLOT.__get__(self, CachedEntry)
        except AttributeError:
            self._unpack()
            value = _REFS_SLOT.__get__(self, CachedEntry)
        return value

    @refs.setter
    def refs(self, value: tuple[RefField, ...]) -> None:
        _REFS_SLOT.__set__(self, value)

    @property
    def spans(self) -> tuple[tuple[Pointer, Span], ...]:
        try:
            value: tuple[tuple[Pointer, Span], ...] = _SPANS_SLOT.__get__(self, CachedEntry)
        except AttributeError:
            self._unpack()
            value = _SPANS_SLOT.__get__(self, CachedEntry)
        return value

    @spans.setter
    def spans(self, value: tuple[tuple[Pointer, Span], ...]) -> None:
        _SPANS_SLOT.__set__(self, value)
