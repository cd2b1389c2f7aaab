"""One file, on its own: bytes -> document -> schema -> entity rules -> `Entry`.

Runs in worker processes for large catalogs, so it takes and returns plain picklable data.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from modelinv.catalog import Entry
from modelinv.findings import Finding
from modelinv.loader import load_bytes
from modelinv.loader.discover import SourceFile
from modelinv.loader.load import ParserName
from modelinv.model import KINDS
from modelinv.model.refs import ID_PATTERN
from modelinv.rules.registry import ENTITY_CHECKS
from modelinv.validation import check_schema

_ID = re.compile(ID_PATTERN)
_FOLDER_KIND = {k.folder: k.name for k in KINDS.values()}


def check_file(source: SourceFile, data: bytes | Finding, parser: ParserName) -> Entry:
    if not isinstance(data, bytes):
        return _entry(source, None, None, [data])
    doc = load_bytes(data, source.display, parser)
    if doc.findings:
        return _entry(source, doc.data, None, doc.findings)
    checked = check_schema(doc)
    findings = list(checked.findings)
    if checked.entity is not None:
        for check in ENTITY_CHECKS:
            findings.extend(check(checked.entity, doc, source.rel))
    return Entry(
        source.path,
        source.display,
        source.rel,
        checked.kind,
        _name(source, doc.data),
        checked.entity,
        tuple(findings),
    )


def _entry(source: SourceFile, data: Any, kind: str | None, findings: list[Finding]) -> Entry:
    if isinstance(data, dict) and data.get("kind") in KINDS:
        kind = data["kind"]
    if kind is None:
        kind = _FOLDER_KIND.get(PurePosixPath(source.rel).parts[0])
    return Entry(
        source.path, source.display, source.rel, kind, _name(source, data), None, tuple(findings)
    )


def _name(source: SourceFile, data: Any) -> str:
    """The id, or the file name when the id is unreadable, so references still resolve."""
    if isinstance(data, dict):
        metadata = data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        if isinstance(name, str) and _ID.fullmatch(name):
            return name
    return PurePosixPath(source.rel).stem


def check_batch(batch: list[tuple[SourceFile, bytes | Finding]], parser: ParserName) -> list[Entry]:
    return [check_file(source, data, parser) for source, data in batch]
