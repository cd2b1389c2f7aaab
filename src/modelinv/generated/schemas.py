"""JSON Schemas (draft 2020-12) generated from the pydantic models; `schemas/` is their output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelinv.generated.rule_docs import MAX_DOC_BYTES
from modelinv.governance.policy import Policy
from modelinv.model import KINDS
from modelinv.support.atomic import write_text_atomic
from modelinv.support.bounded_read import regular_text

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def generate() -> dict[str, str]:
    """File name -> schema text, for every kind."""
    out = {}
    for kind in KINDS.values():
        schema: dict[str, Any] = {
            "$schema": DRAFT,
            **kind.cls.model_json_schema(by_alias=True, mode="validation"),
        }
        schema["title"] = f"modelinv {kind.name}"
        schema["description"] = (kind.cls.__doc__ or "").strip().splitlines()[0]
        out[kind.schema_file] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    policy = {"$schema": DRAFT, **Policy.model_json_schema(by_alias=True, mode="validation")}
    policy["title"] = "modelinv Policy"
    policy["description"] = "Governance thresholds of a catalog (catalog/policy.yaml)."
    out["policy.schema.json"] = json.dumps(policy, indent=2, ensure_ascii=False) + "\n"
    return out


def stale(directory: Path) -> list[str]:
    """Schema files in `directory` that are missing or differ from the generated ones."""
    return list(drift(directory))


def drift(directory: Path) -> dict[str, str]:
    """Each schema file in `directory` that is `missing` or `out of date` (unreadable, or
    not what is generated), by name."""
    wrong = {}
    for name, text in generate().items():
        path = directory / name
        if regular_text(path, MAX_DOC_BYTES) != text:
            wrong[name] = "out of date" if path.exists() else "missing"
    return wrong


def write(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale(directory)
    for name, text in generate().items():
        if name in changed:
            write_text_atomic(directory / name, text)
    return changed
