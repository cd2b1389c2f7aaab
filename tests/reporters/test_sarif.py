"""The SARIF reporter's output has the structure SARIF 2.1.0 requires (checked offline)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from modelinv import Options, validate
from modelinv.checks.rules.registry import RULES
from modelinv.reporters import sarif

HERE = Path(__file__).parent
LEVELS = {"none", "note", "warning", "error"}


def _check_location(location: dict[str, Any]) -> None:
    physical = location["physicalLocation"]
    assert isinstance(physical["artifactLocation"]["uri"], str)
    region = physical["region"]
    assert region["startLine"] >= 1
    assert region["startColumn"] >= 1
    assert region.get("endLine", region["startLine"]) >= region["startLine"]


def _check_log(log: dict[str, Any]) -> None:
    """The schema's required properties and enumerations for what modelinv emits."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["$schema"], str)
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"  # SHALL be present (SARIF 3.14.25)
    driver = run["tool"]["driver"]
    assert driver["name"] == "modelinv"
    assert isinstance(driver["version"], str)
    ids = [r["id"] for r in driver["rules"]]
    assert ids == list(RULES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in LEVELS
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in {"error", "warning"}
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            _check_location(location)
        for related in result.get("relatedLocations", []):
            assert isinstance(related["id"], int)
            _check_location(related)


def test_sarif_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = validate("catalog", Options(jobs=1, today=dt.date(2026, 11, 26)))
    log = json.loads(sarif.render(result))
    _check_log(log)
    assert len(log["runs"][0]["results"]) == len(result.findings) > 0


def test_sarif_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    options = Options(jobs=1, today=dt.date(2026, 11, 26))
    assert sarif.render(validate("catalog", options)) == sarif.render(validate("catalog", options))
