"""jsonschema-rs's first verdict on an organisation rule agrees with python-jsonschema's on
every schema of the keywords it is trusted with (`FAST_KEYWORDS`), over the catalog files of
the tests and thousands of mutations of them; other schemas never get a first verdict."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from modelinv.governance.org_rules import fast_verdict
from modelinv.loader import load_path
from modelinv.support.json_data import plain

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = [ROOT / "catalog", ROOT / "tests" / "checks" / "rules" / "base"]

# Schemas an organisation would write, over the fast keywords only.
SCHEMAS: list[dict[str, Any]] = [
    {  # high-risk models need an ethics review
        "if": {
            "properties": {
                "spec": {
                    "properties": {"compliance": {"properties": {"riskLevel": {"const": "high"}}}}
                }
            }
        },
        "then": {"properties": {"metadata": {"required": ["annotations"]}}},
    },
    {
        "properties": {
            "spec": {"properties": {"cost": {"properties": {"currency": {"enum": ["USD", "EUR"]}}}}}
        }
    },
    {
        "properties": {
            "spec": {"required": ["contact"], "properties": {"contact": {"required": ["chat"]}}}
        }
    },
    {
        "properties": {
            "spec": {
                "properties": {
                    "cost": {
                        "properties": {
                            "monthly": {"type": "number", "minimum": 0, "exclusiveMaximum": 5000}
                        }
                    },
                    "upstream": {"type": "array", "maxItems": 3, "uniqueItems": True},
                    "consumers": {
                        "contains": {"type": "string", "minLength": 12},
                        "minContains": 1,
                    },
                    "lifecycle": {"not": {"enum": ["archived"]}},
                }
            }
        }
    },
    {
        "properties": {
            "metadata": {
                "propertyNames": {"maxLength": 12},
                "properties": {"tags": {"items": {"type": "string", "maxLength": 10}}},
                "dependentRequired": {"annotations": ["description"]},
                "additionalProperties": True,
            }
        },
        "anyOf": [{"required": ["spec"]}, {"required": ["status"]}],
        "oneOf": [
            {"properties": {"kind": {"const": "Model"}}},
            {"properties": {"kind": {"const": "Team"}}},
        ],
    },
    {
        "properties": {
            "spec": {
                "properties": {
                    "metrics": {
                        "items": {
                            "required": ["name", "value"],
                            "properties": {"value": {"type": ["number", "integer"], "maximum": 1}},
                            "minProperties": 2,
                            "maxProperties": 6,
                        }
                    },
                    "trainingData": {
                        "prefixItems": [{"type": "object"}],
                        "items": {"required": ["source"]},
                    },
                },
                "additionalProperties": {
                    "type": ["object", "array", "string", "number", "boolean", "null"]
                },
            }
        }
    },
]

# What a mutation puts in place of a value: every JSON type, and near misses of the schemas.
REPLACEMENTS: list[Any] = [
    None,
    True,
    0,
    1,
    1.0,
    2.5,
    -1,
    4999.5,
    5000,
    "",
    "x",
    "USD",
    "high",
    [],
    {},
    ["a", "a"],
    {"chat": "#c"},
]


def _instances() -> Iterator[Any]:
    for folder in CATALOGS:
        for path in sorted(folder.rglob("*.yaml")):
            doc = load_path(str(path), str(path))
            if not isinstance(doc.data, dict):
                continue
            data = plain(doc.data)
            yield data
            yield from _mutations(data)


def _mutations(data: Any) -> Iterator[Any]:
    """`data` with one value (or a key's absence) changed, for each place in the tree."""
    for pointer in list(_pointers(data, ()))[:60]:
        parent = _at(data, pointer[:-1])
        for replacement in REPLACEMENTS[:: 1 + len(pointer) % 3]:
            changed = copy.deepcopy(data)
            _at(changed, pointer[:-1])[pointer[-1]] = replacement
            yield changed
        if isinstance(parent, dict):
            removed = copy.deepcopy(data)
            del _at(removed, pointer[:-1])[pointer[-1]]
            yield removed


def _pointers(data: Any, at: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        yield (*at, key)
        yield from _pointers(value, (*at, key))


def _at(data: Any, pointer: tuple[Any, ...]) -> Any:
    for step in pointer:
        data = data[step]
    return data


INSTANCES = list(_instances())


@pytest.mark.parametrize("schema", SCHEMAS, ids=[f"schema{n}" for n in range(len(SCHEMAS))])
def test_the_first_verdict_agrees_with_python_jsonschema(schema: dict[str, Any]) -> None:
    text = json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema})
    fast = fast_verdict(text)
    assert fast is not None
    reference = Draft202012Validator(json.loads(text))
    assert len(INSTANCES) > 1000
    verdicts = [(fast(data), reference.is_valid(data)) for data in INSTANCES]
    disagreements = [
        data for data, (one, other) in zip(INSTANCES, verdicts, strict=True) if one != other
    ]
    assert disagreements == []
    assert {one for one, _ in verdicts} == {True, False}  # the corpus tells them apart


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"metadata": {"properties": {"name": {"pattern": "^[a-z]+$"}}}}},
        {
            "properties": {
                "spec": {"properties": {"cost": {"properties": {"monthly": {"multipleOf": 0.01}}}}}
            }
        },
        {"properties": {"spec": {"properties": {"contact": {"format": "email"}}}}},
        {"$ref": "https://example.invalid/rule.json"},
        {"$defs": {"cost": {"minimum": 0}}, "properties": {"cost": {"$ref": "#/$defs/cost"}}},
        {"allOf": [{"patternProperties": {"^x-": {"type": "string"}}}]},
        {"unevaluatedProperties": False},
    ],
)
def test_other_keywords_get_no_first_verdict(schema: dict[str, Any]) -> None:
    """Regex dialects, float multiples, formats and references are python-jsonschema's alone
    (and nothing a schema names is ever fetched)."""
    assert fast_verdict(json.dumps(schema)) is None
