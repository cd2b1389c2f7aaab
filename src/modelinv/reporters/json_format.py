"""A fixed JSON envelope with a version; its shape never depends on options."""

from __future__ import annotations

import json
from typing import Any

from modelinv import __version__
from modelinv.findings import Finding, Location, Result
from modelinv.support.unsafe_text import json_visible

FORMAT_VERSION = 1


def _location(location: Location) -> dict[str, Any]:
    return {
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        **_location(finding.location),
        "related": [_location(r) for r in finding.related],
    }


def render(result: Result) -> str:
    envelope = {
        "version": FORMAT_VERSION,
        "tool": {"name": "modelinv", "version": __version__},
        "summary": {
            "files_checked": result.files_checked,
            "errors": result.errors,
            "warnings": result.warnings,
            "waived": result.waived,
            "entities": dict(sorted(result.entities.items())),
        },
        "findings": [finding_dict(f) for f in result.findings],
    }
    return json_visible(json.dumps(envelope, indent=2, ensure_ascii=False)) + "\n"
