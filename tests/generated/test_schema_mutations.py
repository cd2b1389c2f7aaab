"""The published JSON Schemas and the validator give the same verdict on mutated files.

Every file of the example catalog is mutated systematically (each key dropped, each value
given the wrong type, bad values, an unknown key added) and each mutant is judged by
jsonschema's Draft202012Validator over schemas/*.json and by the validator's schema stage.
Both must accept or both must refuse, except for the by-design differences in
`MODEL_ONLY` (each with its reason): checks JSON Schema cannot express.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from modelinv.checks.schema_stage import check_schema
from modelinv.loader import Document, load_path
from modelinv.model import KINDS
from modelinv.support.json_data import plain

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "catalog").rglob("*.yaml") if p.name != "policy.yaml")

# Refused by the validator, accepted by the published schema, on purpose.
MODEL_ONLY = {
    "SCH005": "date ranges (e.g. decommission after notified) compare two fields",
    "SCH006": "email syntax: JSON Schema's `email` format is looser than email-validator",
    "SCH008": "NaN and infinity: YAML has .nan and .inf, JSON numbers cannot hold them",
    "SCH010": "invisible and control characters are judged per Unicode category",
}

Pointer = tuple[str | int, ...]


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / KINDS[kind].schema_file).read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _leaves(data: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every node below the root, parents before children."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        yield (*pointer, key), value
        if isinstance(value, dict | list):
            yield from _leaves(value, (*pointer, key))


def _replacements(value: Any) -> Iterator[tuple[str, Any]]:
    """Wrong types and bad values for a node holding `value`."""
    yield "list", ["x"]
    yield "mapping", {"a": "b"}
    if not isinstance(value, bool):
        yield "bool", True
    if not isinstance(value, int | float) or isinstance(value, bool):
        yield "int", 7
    if isinstance(value, int | float) and not isinstance(value, bool):
        yield "negative", -1
        yield "huge", 10**6
        yield "string", "12"
    if isinstance(value, str | dt.date):
        yield "empty", ""
        yield "blank", "   "
        yield "bad-text", "Not A Valid Value!"
        yield "impossible-date", "2026-02-30"
        yield "url-no-host", "https://"
        yield "url-empty-host", "https:///path"
        yield "javascript-url", "javascript:alert(1)"
        yield "bad-reference", "model:Bad Name"
        yield "null", None


def mutants(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, mutant); the label names the pointer with list indices as `*`, so files of
    one kind that share a shape are not judged twice on the same mutation."""
    yield "unknown top-level key", {**data, "extra": 1}
    for pointer, value in _leaves(data):
        where = "/".join("*" if isinstance(part, int) else part for part in pointer)
        parent = _at(data, pointer[:-1])
        if isinstance(parent, dict):
            yield f"drop {where}", _with(data, pointer, None, drop=True)
        if isinstance(value, dict):
            yield f"unknown key in {where}", _with(data, (*pointer, "extraField"), "x")
        if pointer[-1] == "deprecation" and isinstance(value, dict):
            both = {"replacement": "model:fraud-detector", "noReplacement": "none needed"}
            yield f"both successors in {where}", _with(data, pointer, {**value, **both})
        for name, replacement in _replacements(value):
            yield f"{name} at {where}", _with(data, pointer, replacement)


def _at(data: Any, pointer: Pointer) -> Any:
    for part in pointer:
        data = data[part]
    return data


def _with(data: dict[str, Any], pointer: Pointer, value: Any, *, drop: bool = False) -> Any:
    mutated = copy.deepcopy(data)
    parent = _at(mutated, pointer[:-1])
    if drop:
        del parent[pointer[-1]]
    else:
        parent[pointer[-1]] = value
    return mutated


def _verdicts(data: dict[str, Any], kind: str) -> tuple[bool, set[str]]:
    schema_ok = validator(kind).is_valid(plain(data))
    checked = check_schema(Document("f.yaml", data=data))
    return schema_ok, {f.code for f in checked.findings}


def test_there_are_files_to_mutate() -> None:
    assert len(EXAMPLES) >= 40


def test_mutants_show_both_kinds_of_verdict() -> None:
    """The mutations are strong enough to be refused and mild enough to be accepted."""
    data = load_path(str(EXAMPLES[0]), "f.yaml").data
    verdicts = [_verdicts(m, data["kind"])[0] for _, m in mutants(data)]
    assert True in verdicts
    assert False in verdicts


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_and_validator_agree_on_mutants(kind: str) -> None:
    disagreements = []
    judged: set[str] = set()
    for path in EXAMPLES:
        data = load_path(str(path), path.name).data
        if data["kind"] != kind:
            continue
        for label, mutant in mutants(data):
            if label in judged:
                continue
            judged.add(label)
            schema_ok, codes = _verdicts(mutant, kind)
            if schema_ok and codes and not codes <= MODEL_ONLY.keys():
                disagreements.append(f"{path.name}: {label}: only the validator refuses it {codes}")
            if not schema_ok and not codes:
                disagreements.append(f"{path.name}: {label}: only the published schema refuses it")
    assert len(judged) > 50
    assert disagreements == []
