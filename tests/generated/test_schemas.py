"""The published JSON Schemas and the pydantic models agree.

Every example file validates against its published schema with jsonschema (formats
checked) and against the model; every rule-case file that the model rejects at the schema
stage is rejected by the published schema too, except for checks JSON Schema cannot
express (listed in `MODEL_ONLY`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regress
from jsonschema import Draft202012Validator

from modelinv.checks.schema_stage import check_schema
from modelinv.governance.policy import Policy
from modelinv.loader import load_path
from modelinv.model import KINDS
from modelinv.support.json_data import plain

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "catalog" / "policy.yaml"
EXAMPLES = sorted(p for p in (ROOT / "catalog").rglob("*.yaml") if p != POLICY)
CASE_FILES = sorted(
    p
    for p in (ROOT / "tests" / "checks" / "rules").rglob("*.yaml")
    if p.is_file() and not p.is_symlink()
)
# Checks only the model makes: cross-field date ranges, email syntax beyond "has an @",
# URL hosts, invisible characters, and finiteness (YAML has .nan and .inf, JSON does not).
MODEL_ONLY = {"SCH005", "SCH006", "SCH007", "SCH008", "SCH010", "OWN002"}


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / KINDS[kind].schema_file).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_is_valid_for_both(path: Path) -> None:
    doc = load_path(str(path), path.name)
    assert doc.findings == []
    errors = [e.message for e in validator(doc.data["kind"]).iter_errors(plain(doc.data))]
    assert errors == []
    assert check_schema(doc).entity is not None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_published_schema_agrees_with_model(path: Path) -> None:
    doc = load_path(str(path), path.name)
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if doc.findings or not isinstance(kind, str) or kind not in KINDS:
        return  # YAML-level findings and unknown kinds never reach either schema
    checked = check_schema(doc)
    schema_ok = validator(doc.data["kind"]).is_valid(plain(doc.data))
    model_codes = {f.code for f in checked.findings}
    if schema_ok:
        assert model_codes <= MODEL_ONLY, f"only the model rejects it: {model_codes}"
    else:
        assert checked.findings, "only the published schema rejects it"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_starts_with_its_modeline(path: Path) -> None:
    """Editors complete and check fields through the yaml-language-server modeline."""
    kind = KINDS[load_path(str(path), path.name).data["kind"]]
    depth = len(path.relative_to(ROOT / "catalog").parts)
    expected = f"# yaml-language-server: $schema={'../' * depth}schemas/{kind.schema_file}"
    assert path.read_text(encoding="utf-8").splitlines()[0] == expected


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_patterns_are_ecma_262_unicode_regexes(kind: str) -> None:
    """JSON Schema validators (check-jsonschema, ajv) read patterns as ECMA-262 with the
    unicode flag, which is stricter than Python's `re` (no needless escapes)."""
    schema = json.loads((ROOT / "schemas" / KINDS[kind].schema_file).read_text())
    patterns = _patterns(schema)
    assert patterns
    for pattern in patterns:
        regress.Regex(pattern, "u")


def test_example_policy_is_valid_and_has_its_modeline() -> None:
    schema = json.loads((ROOT / "schemas" / "policy.schema.json").read_text())
    doc = load_path(str(POLICY), POLICY.name)
    assert doc.findings == []
    check = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in check.iter_errors(doc.data)] == []
    assert Policy.model_validate(doc.data).spec.review_interval_days == 90
    first = POLICY.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/policy.schema.json"
