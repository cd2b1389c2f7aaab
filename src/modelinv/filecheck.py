"""One file, on its own: bytes -> document -> schema -> entity rules -> `Entry`.

Runs in worker processes for large catalogs, so it takes and returns plain picklable data.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from modelinv.catalog import Entry, Facts, facts_of
from modelinv.context import Context, FileContext
from modelinv.findings import Finding
from modelinv.loader import load_bytes
from modelinv.loader.discover import SourceFile
from modelinv.loader.load import ParserName
from modelinv.model import KINDS, Entity
from modelinv.model.references import ref_of, references
from modelinv.model.refs import ID_PATTERN
from modelinv.org_rules import check_entity
from modelinv.rules.registry import ENTITY_CHECKS
from modelinv.rules.yml002_duplicate_key import RULE as DUPLICATE_KEY
from modelinv.validation import check_schema

_ID = re.compile(ID_PATTERN)
_FOLDER_KIND = {k.folder: k.name for k in KINDS.values()}
_KIND_OF = {k.cls: k.name for k in KINDS.values()}


def check_file(
    source: SourceFile, data: bytes | Finding, parser: ParserName, context: Context
) -> Entry:
    if not isinstance(data, bytes):
        return _entry(source, None, None, [data])
    doc = load_bytes(data, source.display, parser)
    # A duplicate key leaves a usable document (the first value wins): keep checking it.
    if any(f.code != DUPLICATE_KEY.code for f in doc.findings):
        return _entry(source, doc.data, None, doc.findings)
    checked = check_schema(doc)
    findings = [*doc.findings, *checked.findings]
    if checked.entity is not None:
        for check in ENTITY_CHECKS:
            findings.extend(check(checked.entity, doc, FileContext(source.rel, context)))
        kind = _KIND_OF[type(checked.entity)]
        findings.extend(check_entity(kind, doc, context.org_rules))
    return _entry(source, doc.data, checked.entity, findings)


def _entry(source: SourceFile, data: Any, entity: Entity | None, findings: list[Finding]) -> Entry:
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:
        kind = _FOLDER_KIND.get(source.rel.split("/", 1)[0])
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
        refs=tuple(references(kind, data)),
        valid=entity is not None,
        facts=facts_of(entity) if entity is not None else Facts(),
        entity=entity,
        findings=tuple(findings),
    )


def _id(data: Any) -> str | None:
    if isinstance(data, dict):
        metadata = data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if isinstance(name, str) and _ID.fullmatch(name):
            return name
    return None


def check_batch(
    batch: list[tuple[SourceFile, bytes | Finding]],
    parser: ParserName,
    context: Context,
    entities: bool = True,
) -> list[Entry]:
    entries = []
    for source, data in batch:
        entry = check_file(source, data, parser, context)
        if not entities:
            entry.entity = None  # dropped at once: holding 10,000 entities costs 150 MB
        entries.append(entry)
    return entries
