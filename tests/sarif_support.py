"""What every SARIF log modelinv writes must satisfy: the schema's required properties and
enumerations (checked offline), shared by the reporter's tests and the organisation rules'."""

from __future__ import annotations

from typing import Any

from modelinv.checks.rules.registry import RULES

LEVELS = {"none", "note", "warning", "error"}


def _check_location(location: dict[str, Any]) -> None:
    physical = location["physicalLocation"]
    assert isinstance(physical["artifactLocation"]["uri"], str)
    region = physical["region"]
    assert region["startLine"] >= 1
    assert region["startColumn"] >= 1
    assert region.get("endLine", region["startLine"]) >= region["startLine"]


def check_log(log: dict[str, Any]) -> None:
    """The schema's required properties and enumerations for what modelinv emits."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["$schema"], str)
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"  # SHALL be present (SARIF 3.14.25)
    driver = run["tool"]["driver"]
    assert driver["name"] == "modelinv"
    assert isinstance(driver["version"], str)
    ids = [r["id"] for r in driver["rules"]]
    # Every built-in rule, then the organisation rules that have results.
    assert ids[: len(RULES)] == list(RULES)
    assert ids[len(RULES) :] == sorted(
        {r["ruleId"] for r in run["results"] if r["ruleId"] not in RULES}
    )
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
