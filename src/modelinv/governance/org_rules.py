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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelinv.findings import Finding, Severity
from modelinv.loader import Document
from modelinv.support.json_data import dates_as_text, plain

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
    needs it. Its registry holds the schema alone and retrieves nothing: jsonschema's
    default would fetch a `$ref` to a URL (`org_rules_file` refuses a rule with such a
    reference, and this keeps it so). Its regular expressions are matched by jsonschema-rs's
    engine, never by Python's `re`, which a catalog value could hang (`rule_validator`)."""
    from referencing import Registry

    from modelinv.governance.rule_validator import RuleValidator

    validator: Draft202012Validator = RuleValidator(json.loads(schema), registry=Registry())
    return validator


# Keywords whose meaning jsonschema-rs and python-jsonschema share exactly. A schema using
# only these gets jsonschema-rs's verdict first (about 2 µs an entity instead of 20); only
# an entity it finds invalid goes to python-jsonschema, whose errors are the findings. Left
# out, so such a schema is always judged by python-jsonschema alone: `pattern` and
# `patternProperties` (matched by jsonschema-rs's engine there too, see `rule_patterns`,
# but left to the one path that words the findings), `multipleOf` (python-jsonschema
# calls 0.07 no multiple of 0.01 in binary floating point), `format`, references and
# anything else. `tests/checks/test_org_rules_fast.py` compares the two verdicts.
FAST_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples",
        "deprecated", "readOnly", "writeOnly", "x-modelinv",
        "type", "enum", "const", "required", "properties", "additionalProperties",
        "items", "prefixItems", "contains", "minContains", "maxContains",
        "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minProperties", "maxProperties", "dependentRequired", "propertyNames",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    }
)  # fmt: skip
# Keywords whose value is a map of names to schemas (the names are not keywords).
_SCHEMA_MAPS = frozenset({"properties", "$defs"})
# Keywords whose value is a list of schemas.
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
# Keywords whose value is one schema.
_SUBSCHEMA = frozenset(
    {"additionalProperties", "items", "contains", "propertyNames", "not", "if", "then", "else"}
)


def prepare(rules: tuple[OrgRule, ...]) -> None:
    """Build the rules' validators before worker processes are forked, so they share the
    compiled schemas. A rule jsonschema-rs judges first gets its python-jsonschema
    validator only where an entity fails it (for the findings' wording), in each process
    that meets one: a run whose files pass never imports jsonschema, which takes 0.06 s, or
    0.8 s where rfc3987-syntax is installed (it builds its parsers at import; Jupyter's
    `jsonschema[format-nongpl]` brings it). Where entities fail, each process imports it
    at the same time, so the wall time is what one import before the fork cost."""
    for rule in rules:
        if fast_verdict(rule.schema) is None:
            validator(rule.schema)


@functools.lru_cache(maxsize=256)
def fast_verdict(schema: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's `is_valid` for `schema` when the schema uses only `FAST_KEYWORDS`;
    None otherwise, or when jsonschema-rs cannot build it."""
    parsed = json.loads(schema)
    if not only_fast_keywords(parsed):
        return None
    # Imported on first use, like jsonschema: a catalog without organisation rules never
    # needs it. offline: nothing a schema names is ever fetched.
    import jsonschema_rs

    try:
        compiled = jsonschema_rs.Draft202012Validator(parsed, validate_formats=False, offline=True)
    except Exception:  # any schema it refuses: python-jsonschema alone
        return None
    return compiled.is_valid


def only_fast_keywords(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    for keyword, value in schema.items():
        if keyword not in FAST_KEYWORDS:
            return False
        if keyword in _SCHEMA_MAPS:
            if not isinstance(value, dict) or not all(map(only_fast_keywords, value.values())):
                return False
        elif keyword in _SCHEMA_LISTS:
            if not isinstance(value, list) or not all(map(only_fast_keywords, value)):
                return False
        elif keyword in _SUBSCHEMA and not only_fast_keywords(value):
            return False
    return True


def check_entity(kind: str, doc: Document, rules: tuple[OrgRule, ...]) -> Iterator[Finding]:
    applicable = [rule for rule in rules if kind in rule.kinds]
    if not applicable:
        return
    data = plain(doc.data) if doc.dates is None else dates_as_text(doc.data, doc.dates)
    for rule in applicable:
        fast = fast_verdict(rule.schema)
        if fast is not None and _valid(fast, data):
            continue
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


def _valid(verdict: Callable[[Any], bool], data: Any) -> bool:
    try:
        return verdict(data)
    except Exception:  # data it cannot take: python-jsonschema judges
        return False


def codes(rules: tuple[OrgRule, ...]) -> frozenset[str]:
    return frozenset(rule.code for rule in rules)
