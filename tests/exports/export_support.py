"""The example catalog loaded once for the export tests, and the vendored validators."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.exports.base import ExportOptions
from modelinv.inventory.inventory import Inventory

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
EXAMPLE_CATALOG = HERE.parents[1] / "catalog"
TODAY = dt.date(2026, 11, 26)


def example() -> tuple[Inventory, ExportOptions]:
    inventory = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY, jobs=1))
    findings = check(inventory).findings
    return inventory, ExportOptions(today=TODAY, findings=findings)


def spdx_errors(document: Any) -> list[str]:
    """Errors of the official SPDX 3.0.1 JSON schema, checked by jsonschema-rs (a complete
    Draft 2020-12 validator): python-jsonschema needs 80 s on this schema, whose every
    element is an `anyOf` over all classes under `unevaluatedProperties`; jsonschema-rs
    needs 30 ms and finds the same (none on the example catalog)."""
    schema = json.loads((VENDOR / "spdx" / "spdx-json-schema-3.0.1.json").read_text())
    validator = jsonschema_rs.Draft202012Validator(schema)
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message[-300:]}"
        for e in validator.iter_errors(document)
    ]


def backstage_validators() -> dict[str, Draft7Validator]:
    """Kind (API: its ai-model-server spec type) -> validator over Backstage's schemas."""
    folder = VENDOR / "backstage"
    resources = []
    for path in sorted(folder.rglob("*.schema.json")):
        contents = json.loads(path.read_text())
        resources.append((contents["$id"], DRAFT7.create_resource(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    by_kind = {
        "Resource": "ResourceV1alpha1",
        "Group": "GroupV1alpha1",
        "Component": "ComponentV1alpha1",
        "API": "ApiV1alpha1AiModelServer",
    }
    return {
        kind: Draft7Validator({"$ref": schema_id}, registry=registry)
        for kind, schema_id in by_kind.items()
    }


def kubeflow_validator(component: str) -> Draft202012Validator:
    """A validator for one schema of Kubeflow Hub's OpenAPI document, closed to unknown
    fields (`unevaluatedProperties`), so a misspelt key fails too."""
    spec = yaml.safe_load((VENDOR / "kubeflow-hub" / "catalog.openapi.yaml").read_text())
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "$ref": f"#/components/schemas/{component}",
        "unevaluatedProperties": False,
    }
    return Draft202012Validator(schema)


def messages(validator: Draft7Validator | Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in validator.iter_errors(instance)
    ]
