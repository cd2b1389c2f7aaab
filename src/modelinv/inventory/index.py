"""The index: one entry per catalog file with the facts and references catalog rules read,
found by id, with relations in both directions.

It is what the cache stores and what catalog rules receive; it never holds a validated
entity, only its compact JSON form (`Entry.payload`), which `Inventory` turns back into
entities for the commands that need them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

from modelinv.findings import Finding, Location
from modelinv.governance.context import Context
from modelinv.loader import Document, Pointer, Span, load_path
from modelinv.model import DataAsset, Entity, Model, Ref, Team, parse_ref
from modelinv.model.references import INVERSE, RefField


class Facts(NamedTuple):
    """What catalog-wide and transition rules need from an entry: small, so cached runs stay
    fast. All but `written_lifecycle` come from a valid entity (`Facts()` otherwise)."""

    stage: str | None = None  # a model's lifecycle, a data asset's status
    maintainer: str | None = None  # a model maintainer's email, lowercased
    members: frozenset[str] = frozenset()  # a team's member emails, lowercased
    replacement: str | None = None  # a deprecated model's successor
    decommission: str | None = None  # a deprecated model's decommission date (ISO)
    waivers: tuple[tuple[str, str], ...] = ()  # (rule code, expiry ISO date)
    handle: str | None = None  # a team's forge handle, for CODEOWNERS
    discovered: str | None = None  # when discovery wrote a model's entry (ISO date)
    # A model file that failed validation although its YAML loaded: its `spec.lifecycle` as
    # written (`written_lifecycle`), which `--base` still judges a move from (LC001). None
    # for every other entry (valid, of another kind, or not loaded as YAML at all).
    written_lifecycle: str | None = None


def facts_of(entity: Entity) -> Facts:
    waivers = tuple((w.rule, w.expires.isoformat()) for w in entity.metadata.waivers)
    if isinstance(entity, Model):
        block = entity.spec.deprecation
        maintainer, found = entity.spec.maintainer, entity.spec.discovered
        return Facts(
            stage=entity.spec.lifecycle,
            maintainer=maintainer.email.lower() if maintainer else None,
            discovered=found.when.isoformat() if found else None,
            replacement=block.replacement or None if block else None,
            decommission=block.decommission.isoformat() if block else None,
            waivers=waivers,
        )
    if isinstance(entity, DataAsset):
        return Facts(stage=entity.spec.status, waivers=waivers)
    if isinstance(entity, Team):
        members = frozenset(m.email.lower() for m in entity.spec.members)
        return Facts(members=members, waivers=waivers, handle=entity.spec.handle)
    return Facts(waivers=waivers)


# Longer `spec.lifecycle` strings are kept cut (no stage comes near): a fact stays small.
WRITTEN_MAX = 64


def written_lifecycle(data: Any) -> str:
    """The `spec.lifecycle` a model file's YAML holds, whether or not the file passes the
    schema: the string (cut to WRITTEN_MAX characters, ending in "…"), or "" when there is
    none or it is not a string."""
    spec = data.get("spec") if isinstance(data, dict) else None
    value = spec.get("lifecycle") if isinstance(spec, dict) else None
    if not isinstance(value, str):
        return ""
    return value if len(value) <= WRITTEN_MAX else value[: WRITTEN_MAX - 1] + "…"


Relations = dict[str, dict[str, list[str]]]  # relation -> source ref -> target refs


class RuleMemo(Protocol):
    """Keeps catalog-rule findings and the relation tables by a digest of the index they
    were worked out from."""

    def index_digest(self, entries: list[Entry], /) -> str: ...

    def rule_findings(self, digest: str, /) -> list[Finding] | None: ...

    def put_rule_findings(self, digest: str, findings: list[Finding], /) -> None: ...

    def relations(self, digest: str, /) -> Relations | None: ...

    def put_relations(self, digest: str, relations: Relations, /) -> None: ...


@dataclass(slots=True)
class Entry:
    """One catalog file as the engine saw it."""

    path: str  # on disk, to re-read positions when a catalog rule needs them
    display: str  # as shown in findings
    rel: str  # POSIX path under the catalog root
    kind: str | None  # from the file, or guessed from its folder when unreadable
    name: str  # metadata.name, or the file name when unreadable
    id_readable: bool  # False when `name` is only the file name standing in for the id
    ref: str | None  # how other files refer to it (None when even that is unreadable)
    refs: tuple[RefField, ...]  # the references it makes, valid or not
    valid: bool  # the file passed the schema
    facts: Facts  # what catalog rules read (`Facts()` unless valid)
    # The validated entity as JSON (pydantic's dump, by alias): b"" when invalid, and b""
    # too for an entry served from the cache, or whose payload a filling cache took over,
    # until `Index.payload` fetches it. Compact, cheap to send from a worker process and to
    # cache; `Inventory` decodes it back (`inventory/trusted_decode.py`).
    payload: bytes
    findings: tuple[Finding, ...] = ()
    # The value spans catalog rules report at (every reference, the id, the lifecycle, the
    # maintainer's email), kept from the load so a finding never re-parses its file.
    spans: tuple[tuple[Pointer, Span], ...] = ()
    # Where the payload of an entry served without it (from the cache) comes from. On the
    # entry, not the index: entries move into other indexes (the catalog at a commit
    # reuses the working tree's unchanged ones, an edit's trial index).
    payload_source: PayloadSource | None = dataclasses.field(
        default=None, compare=False, repr=False
    )


class PayloadSource(Protocol):
    """Where the payload of an entry served without it comes from (the cache)."""

    def __call__(self, entry: Entry, /) -> bytes:
        """The entry's payload."""

    def digest(self, entry: Entry, /) -> bytes | None:
        """`digest_payload` of the entry's payload, if known without reading it."""


# A reference as the catalog rules see it: the entry making it, the field, what it names.
Link = tuple[Entry, RefField, Entry | None]


def fetch_payload(entry: Entry) -> bytes:
    """A valid entry's JSON payload, fetched (once) if the entry came without it."""
    if entry.valid and not entry.payload and entry.payload_source is not None:
        entry.payload = entry.payload_source(entry)
    return entry.payload


PAYLOAD_DIGEST_BYTES = 16


def digest_payload(payload: bytes) -> bytes:
    """The digest a payload is known by (the cache's payload tables hold it too)."""
    return hashlib.blake2b(payload, digest_size=PAYLOAD_DIGEST_BYTES).digest()


def payload_digest(entry: Entry) -> bytes:
    """`digest_payload` of a valid entry's payload: for an entry served without it, from
    where it is kept (the cache's authenticated table), so the payload is not read (at
    10,000 models: 0.2 s)."""
    if not entry.payload and entry.payload_source is not None:
        known = entry.payload_source.digest(entry)
        if known is not None:
            return known
    return digest_payload(fetch_payload(entry))


class Index:
    def __init__(
        self,
        root: str,
        entries: list[Entry],
        context: Context | None = None,
        policy_findings: tuple[Finding, ...] = (),
    ) -> None:
        self.root = root
        self.context = context or Context()
        self.policy_findings = policy_findings
        self.entries = sorted(entries, key=attrgetter("rel"))
        self._documents: dict[str, Document] = {}
        self._resolved: dict[str, Entry | None] = {}
        # Where the catalog rules' findings for an identical index may be kept (the cache).
        self.rule_memo: RuleMemo | None = None

    @cached_property
    def by_id(self) -> dict[tuple[str, str], list[Entry]]:
        """(kind, id) -> the entries declaring it, in path order. Made on first use: the
        health history's past versions never look an id up (13 versions of 10,000 models:
        28 MB)."""
        table: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            if entry.kind is not None:
                table.setdefault((entry.kind, entry.name), []).append(entry)
        return table

    def payload(self, entry: Entry) -> bytes:
        """A valid entry's JSON payload, fetched on first use when the entry came without."""
        return fetch_payload(entry)

    def lookup(self, ref: Ref) -> Entry | None:
        found = self.by_id.get((ref.kind, ref.name))
        return found[0] if found else None

    def resolve(self, text: str) -> Entry | None:
        """The entry a reference string names, if any (memoised: rules ask repeatedly)."""
        if text not in self._resolved:
            ref = parse_ref(text)
            self._resolved[text] = self.lookup(ref) if ref else None
        return self._resolved[text]

    def ids(self, kind: str) -> list[str]:
        return sorted(name for (k, name) in self.by_id if k == kind)

    def ref_fields(self) -> Iterator[tuple[Entry, RefField]]:
        for entry in self.entries:
            for field in entry.refs:
                yield entry, field

    @cached_property
    def links(self) -> list[Link]:
        """Every reference with the entry it resolves to (None when dangling), computed once
        for all the rules that need it."""
        resolved, resolve = self._resolved, self.resolve
        # The memo read inline: a catalog holds ~8 references a file, most to a few names.
        return [
            (entry, field, resolved[target] if target in resolved else resolve(target))
            for entry in self.entries
            for field in entry.refs
            for target in (field.target,)
        ]

    @cached_property
    def _links_by_relation(self) -> dict[str, list[Link]]:
        table: dict[str, list[Link]] = {}
        for link in self.links:
            table.setdefault(link[1].relation, []).append(link)
        return table

    def links_of(self, *relations: str) -> list[Link]:
        """`links` of these relations only (each relation's in catalog order), for rules that
        judge one or two relations: they need not walk every reference of the catalog."""
        table = self._links_by_relation
        return [link for relation in relations for link in table.get(relation, ())]

    def owners(self) -> Iterator[tuple[Entry, str]]:
        """(entry, owner reference) for every entry that names an owner."""
        for entry, field in self.ref_fields():
            if field.relation == "ownedBy":
                yield entry, field.target

    @cached_property
    def relations(self) -> Relations:
        """relation name -> source ref -> target refs (sorted, without repeats), for every
        relation and its inverse. Kept in the cache (`rule_memo`) under the digest of every
        entry's index part, as the catalog rules' findings are: they follow from the
        entries' refs and ids alone, and working them out took a build's serial start
        0.11 s (5,000 models) to 0.2 s (10,000)."""
        memo = self.rule_memo
        if memo is None:
            return self._relations()
        stored = memo.relations(self.memo_digest)
        if stored is None:
            stored = self._relations()
            memo.put_relations(self.memo_digest, stored)
        return stored

    @cached_property
    def memo_digest(self) -> str:
        """`rule_memo`'s digest of these entries (the key of the catalog rules' findings and
        the relations it keeps; ~15 ms at 10,000 files): made once. "" without a memo."""
        return self.rule_memo.index_digest(self.entries) if self.rule_memo is not None else ""

    def _relations(self) -> Relations:
        # One loop with the lookups inline (~155,000 pairs at 10,000 models: the generic
        # `ref_fields` and `canonical` calls took 0.28 s of the site build's serial start).
        table: dict[str, dict[str, set[str]]] = {}
        resolved, resolve = self._resolved, self.resolve
        for entry in self.entries:
            source = entry.ref
            if source is None:
                continue
            for field in entry.refs:
                text = field.target
                found = resolved[text] if text in resolved else resolve(text)
                if found is None or (target := found.ref) is None:
                    continue
                relation = field.relation
                forward = table.get(relation)
                if forward is None:
                    forward = table[relation] = {}
                forward.setdefault(source, set()).add(target)
                inverse = table.get(INVERSE[relation])
                if inverse is None:
                    inverse = table[INVERSE[relation]] = {}
                inverse.setdefault(target, set()).add(source)
        return {name: {k: sorted(v) for k, v in rows.items()} for name, rows in table.items()}

    def related(self, ref: str, relation: str) -> list[str]:
        return self.relations.get(relation, {}).get(ref, [])

    def canonical(self, text: str) -> str | None:
        """The reference of the entity `text` resolves to (data assets by their real type)."""
        entry = self.resolve(text)
        return entry.ref if entry else None

    def locate(self, entry: Entry, pointer: Pointer, *, key: bool = False) -> Location:
        """Where a value is: from the spans kept at load time, or by re-reading the file
        (only for files with findings at pointers nobody kept)."""
        if not key:
            for at, span in entry.spans:
                if at == pointer:
                    return Location(entry.display, *span)
        doc = self._documents.get(entry.path)
        if doc is None:
            doc = self._documents[entry.path] = load_path(entry.path, entry.display)
        return doc.locate(pointer, key=key)
