"""One file, on its own: bytes -> document -> schema -> entity rules -> `Entry`.

Runs in worker processes for large catalogs, so it takes and returns plain picklable data.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from modelinv.checks.rules.registry import ENTITY_RULES, waivable_codes
from modelinv.checks.rules.yml002_duplicate_key import RULE as DUPLICATE_KEY
from modelinv.checks.rules.yml012_unsafe_file_name import check_path
from modelinv.checks.schema_stage import check_schema
from modelinv.findings import Finding
from modelinv.governance.context import Context, FileContext
from modelinv.governance.org_rules import check_entity
from modelinv.inventory.index import Entry, Facts, facts_of, written_lifecycle
from modelinv.loader import Document, Pointer, Span, load_bytes
from modelinv.loader.discover import SourceFile
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes, refused_name
from modelinv.model import KINDS, Entity
from modelinv.model.references import ref_of, references
from modelinv.model.refs import ID_PATTERN

_ID = re.compile(ID_PATTERN)
_FOLDER_KIND = {k.folder: k.name for k in KINDS.values()}
_KIND_OF = {k.cls: k.name for k in KINDS.values()}


# Values catalog rules report at, besides every reference (see `Entry.spans`).
LANDMARKS: tuple[Pointer, ...] = (
    ("metadata", "name"),
    ("spec", "lifecycle"),
    ("spec", "maintainer", "email"),
)


def check_file(
    source: SourceFile,
    data: bytes | Finding | None,
    parser: ParserName,
    context: Context,
    *,
    payload: bool = True,
    rules: bool = True,
) -> Entry:
    """The entry for one file. `data` is its bytes (or why they were refused); None reads
    them here (in the worker, so the parent does not read every file of a cold run).
    Without `payload` the entry carries no JSON payload (a run that never asks for an
    entity saves the dump and the transfer). Without `rules` the entity rules and the
    organisation's rules are not run: the entry is the same but for their findings (for
    a past version judged only for its health, whose findings nobody reads; whether a
    file is valid never depends on them)."""
    unsafe_name = check_path(source.rel, source.display) or refused_name(source.rel, source.display)
    if unsafe_name is not None:
        return _entry(source, None, None, [unsafe_name])
    if data is None:
        data = read_bytes(source.path, source.display)
    if not isinstance(data, bytes):
        return _entry(source, None, None, [data])
    doc = load_bytes(data, source.display, parser)
    # A duplicate key leaves a usable document (the first value wins): keep checking it.
    if any(f.code != DUPLICATE_KEY.code for f in doc.findings):
        return _entry(source, doc, None, doc.findings)
    checked = check_schema(doc)
    findings = [*doc.findings, *checked.findings]
    if checked.entity is not None and rules:
        file = FileContext(source.rel, context, waivable_codes(context))
        for rule in ENTITY_RULES:
            findings.extend(rule.check(checked.entity, doc, file))
        kind = _KIND_OF[type(checked.entity)]
        findings.extend(check_entity(kind, doc, context.org_rules))
    return _entry(source, doc, checked.entity, findings, payload, loaded=True)


def _entry(
    source: SourceFile,
    doc: Document | None,
    entity: Entity | None,
    findings: list[Finding],
    payload: bool = True,
    *,
    loaded: bool = False,
) -> Entry:
    """The entry for a file; `loaded` when its YAML loaded (its data reached the schema)."""
    data = doc.data if doc is not None else None
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:
        kind = _FOLDER_KIND.get(source.rel.split("/", 1)[0])
    if entity is not None:
        facts = facts_of(entity)
    elif loaded and kind == "Model":  # what it said, for `--base` (see `Facts`)
        facts = Facts(written_lifecycle=written_lifecycle(data))
    else:
        facts = Facts()
    refs = tuple(references(kind, data))
    spans: tuple[tuple[Pointer, Span], ...] = ()
    if doc is not None:
        found_spans = [(pointer, doc.value_span(pointer)) for pointer in LANDMARKS]
        found_spans += [(r.pointer, doc.value_span(r.pointer)) for r in refs]
        spans = tuple((pointer, span) for pointer, span in found_spans if span is not None)
    found = _id(data)
    # An unreadable id is stood in for by the file name, so references to it still resolve.
    name = found or posixpath.splitext(posixpath.basename(source.rel))[0]
    return Entry(
        path=source.path,
        display=source.display,
        rel=source.rel,
        kind=kind,
        name=name,
        id_readable=found is not None,
        ref=ref_of(kind, data, name),
        refs=refs,
        valid=entity is not None,
        facts=facts,
        payload=entity.model_dump_json(by_alias=True).encode()
        if entity is not None and payload
        else b"",
        findings=tuple(findings),
        spans=spans,
    )


def _id(data: Any) -> str | None:
    if isinstance(data, dict):
        metadata = data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if isinstance(name, str) and _ID.fullmatch(name):
            return name
    return None


def check_batch(
    batch: list[tuple[SourceFile, bytes | Finding | None]],
    parser: ParserName,
    context: Context,
    payload: bool = True,
) -> list[Entry]:
    return [check_file(source, data, parser, context, payload=payload) for source, data in batch]
