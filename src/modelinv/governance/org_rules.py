"""Organisation rules: JSON Schemas (draft 2020-12) under `catalog/rules/*.schema.json`
that the organisation writes itself, applied with jsonschema to the entities of the kinds
each one names in its `x-modelinv` object:

    {"x-modelinv": {"code": "ACME001", "severity": "error", "kinds": ["Model"],
                    "message": "high-risk models need an ethics review"}, ...}

This module holds the loaded rules (plain, picklable data that travels to the worker
processes inside the `Context`) and checks one entity against them; `org_rules_load` reads
and vets the files. Each schema violation is a finding at the exact position of the
offending value (or of the mapping missing a key), waivable like a built-in rule.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelinv.findings import Finding, Severity
from modelinv.loader import Document
from modelinv.support.json_data import plain

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

RULES_FOLDER = "rules"  # under the catalog root
SUFFIX = ".schema.json"


@dataclass(frozen=True, slots=True)
class OrgRule:
    code: str
    name: str  # the file name without `.schema.json`
    severity: Severity
    kinds: tuple[str, ...]
    message: str
    path: str  # the schema file as shown to the user
    schema: str  # the schema's JSON text (a string: hashable, cheap to send to workers)

    @property
    def summary(self) -> str:
        return self.message


@functools.lru_cache(maxsize=256)
def validator(schema: str) -> Draft202012Validator:
    """Compiled once per process (worker processes each build their own).

    jsonschema is imported here, on first use, not with the module: its import costs more
    than a cached validate of 10,000 files, and a catalog without organisation rules never
    needs it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema))


def check_entity(kind: str, doc: Document, rules: tuple[OrgRule, ...]) -> Iterator[Finding]:
    applicable = [rule for rule in rules if kind in rule.kinds]
    if not applicable:
        return
    data = plain(doc.data)
    for rule in applicable:
        seen: set[tuple[str | int, ...]] = set()
        errors = sorted(
            validator(rule.schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        )
        for error in errors:
            pointer = tuple(error.absolute_path)
            if pointer in seen:
                continue
            seen.add(pointer)
            yield Finding(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                message=rule.message,
                location=doc.locate(pointer),
                hint=f"{error.message}; see {rule.path}",
            )


def codes(rules: tuple[OrgRule, ...]) -> frozenset[str]:
    return frozenset(rule.code for rule in rules)
