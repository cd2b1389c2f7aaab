"""SARIF 2.1.0 for code-scanning upload: one run, every rule, one result per finding.

The output is deterministic (no timestamps, no absolute paths) so that it can be golden.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from modelinv import __version__
from modelinv.checks.rules.registry import RULES
from modelinv.findings import Finding, Location, Result, Severity
from modelinv.support.unsafe_text import json_visible

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/modelinv/modelinv"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _region(location: Location) -> dict[str, int]:
    region = {"startLine": location.line, "startColumn": location.column}
    if location.end_line is not None:
        region["endLine"] = location.end_line
    if location.end_column is not None:
        region["endColumn"] = location.end_column
    return region


def _physical(location: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {
                "uri": quote(location.path.encode("utf-8", "surrogateescape"), safe="/")
            },
            "region": _region(location),
        }
    }


def _rules(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    """Every built-in rule, then each organisation rule (`catalog/rules/`) that has a
    result: code scanning shows a rule's name and description from here, and an
    organisation rule's findings all carry its one message."""
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc or rule.summary},
            "defaultConfiguration": {"level": _level(rule.severity)},
        }
        for rule in RULES.values()
    ]
    organisation: dict[str, Finding] = {}
    for finding in findings:
        if finding.code not in RULES:
            organisation.setdefault(finding.code, finding)
    rules += [
        {
            "id": code,
            "name": finding.name,
            "shortDescription": {"text": finding.message},
            "fullDescription": {"text": f"Organisation rule {code}: {finding.message}"},
            "defaultConfiguration": {"level": _level(finding.severity)},
        }
        for code, finding in sorted(organisation.items())
    ]
    return rules


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    message = finding.message + (f" ({finding.hint})" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _level(finding.severity),
        "message": {"text": message},
        "locations": [_physical(finding.location)],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.related:
        result["relatedLocations"] = [
            {"id": n, **_physical(loc)} for n, loc in enumerate(finding.related)
        ]
    return result


def sarif_log(result: Result) -> dict[str, Any]:
    rules = _rules(result.findings)
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelinv",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": [_result(f, index) for f in result.findings],
                # Columns count characters (code points), as both YAML parsers do; SARIF
                # requires saying so, its default being UTF-16 code units.
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(result: Result) -> str:
    return json_visible(json.dumps(sarif_log(result), indent=2, ensure_ascii=False)) + "\n"
