"""Read and vet `catalog/rules/*.schema.json`. A file that is not valid JSON, not a valid
draft 2020-12 schema, has a `$ref` (or `$dynamicRef`) that does not point inside the same
file or a loop of references never going into a part of the entity (checking it would
never end), lacks a proper `x-modelinv` object or takes a built-in rule's code makes the
whole run a configuration error (exit 2): a rule that silently did nothing would look like a
passed check, and one whose reference only fails when an entity reaches it would crash the
run. Nothing a rule names is ever fetched."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelinv.checks.rules.registry import RULES
from modelinv.findings import Severity
from modelinv.governance.org_rules import RULES_FOLDER, SUFFIX, OrgRule, only_fast_keywords
from modelinv.loader.discover import shown_path
from modelinv.model import KINDS
from modelinv.support.bounded_read import ReadRefused, read_regular
from modelinv.support.unsafe_text import visible

if TYPE_CHECKING:
    from referencing import Resource
    from referencing._core import Resolver  # not exported by the package, only typed

# Codes a waiver can name (see the Waiver model): two to four capitals and three digits.
CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
KEYS = {"code", "severity", "kinds", "message"}


class OrgRuleError(Exception):
    """An organisation rule file is unusable; the message names the file and the fix."""


MAX_RULE_BYTES = 1024 * 1024  # a rule schema is a few kilobytes


def load_org_rules(catalog_dir: Path, display_dir: str) -> tuple[OrgRule, ...]:
    folder = catalog_dir / RULES_FOLDER
    if folder.is_symlink():  # its rules would be read from anywhere on the machine
        raise OrgRuleError(
            f"{shown_path(display_dir, RULES_FOLDER)} is a symbolic link (to {folder.readlink()}), "
            "refused: commit the rules folder itself"
        )
    if not folder.is_dir():
        return ()
    found: dict[str, OrgRule] = {}
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith("."):
            continue  # hidden, as a hidden catalog file is (an editor's lock or backup)
        shown = shown_path(display_dir, f"{RULES_FOLDER}/{path.name}")
        rule = _load(path, shown)
        if rule.code in found:
            raise OrgRuleError(
                f"{shown}: code {rule.code} is already used by {found[rule.code].path}; "
                "give each rule its own code"
            )
        found[rule.code] = rule
    return tuple(found.values())


def digest(rules: tuple[OrgRule, ...]) -> str:
    """The rules' content hash: part of the cache key, so changing a rule re-checks files."""
    text = "\0".join(f"{r.path}\0{r.schema}" for r in rules)
    return hashlib.sha256(text.encode()).hexdigest()


def _load(path: Path, shown: str) -> OrgRule:
    try:
        # a byte order mark is read as in the catalog's YAML files (some editors write one)
        text = read_regular(path, MAX_RULE_BYTES).decode("utf-8-sig")
    except ReadRefused as exc:
        raise OrgRuleError(f"{shown}: cannot read the rule: {exc.reason}") from None
    except UnicodeDecodeError:
        raise OrgRuleError(f"{shown}: cannot read the rule: not UTF-8 text") from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OrgRuleError(f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(schema, dict):
        raise OrgRuleError(f"{shown}: a rule is a JSON Schema object, not {type(schema).__name__}")
    declared = schema.get("$schema", DRAFT)
    if declared != DRAFT:
        raise OrgRuleError(
            f"{shown}: $schema is {declared!r}; organisation rules are draft 2020-12 ({DRAFT})"
        )
    if not _valid_fast_schema(schema):
        # Imported here, on first use: a catalog without organisation rules, or with rules
        # jsonschema-rs finds valid, never pays for it (see `org_rules.prepare`).
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            where = "/".join(map(str, exc.absolute_path)) or "(top level)"
            raise OrgRuleError(
                f"{shown}: not a valid JSON Schema at {where}: {exc.message}"
            ) from None
    _check_keywords(schema, shown)
    _check_references(schema, shown)
    _check_patterns(schema, shown)
    meta = schema.get("x-modelinv")
    return _rule(meta, shown, path.name[: -len(SUFFIX)], json.dumps(schema, sort_keys=True))


def _valid_fast_schema(schema: dict[str, Any]) -> bool:
    """A schema of `FAST_KEYWORDS` only (which jsonschema-rs and python-jsonschema read
    alike) that jsonschema-rs finds valid against the draft 2020-12 meta-schema. Any other
    schema, or an invalid one, is checked by python-jsonschema, whose message names the
    place."""
    import jsonschema_rs

    try:
        return only_fast_keywords(schema) and bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # anything jsonschema-rs cannot take: python-jsonschema decides
        return False


# Every keyword of draft 2020-12's vocabularies (core, applicator, unevaluated, validation,
# format annotation, content, meta-data).
KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
        "$comment", "$defs",
        "prefixItems", "items", "contains", "additionalProperties", "properties",
        "patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else",
        "allOf", "anyOf", "oneOf", "not", "unevaluatedItems", "unevaluatedProperties",
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
        "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
        "required", "dependentRequired", "format", "contentEncoding", "contentMediaType",
        "contentSchema", "title", "description", "default", "deprecated", "readOnly",
        "writeOnly", "examples",
    }
)  # fmt: skip
# Keywords of earlier drafts that draft 2020-12 renamed: named in the message.
_RENAMED = {"definitions": "$defs", "dependencies": "dependentRequired or dependentSchemas"}


def _schemas(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """The rule and every subschema in it, each with where it is (`properties/spec`):
    only schema positions, so the names under `properties` (the entity's keys) and the
    values of `const`, `enum`, `default`, `examples` and `x-` extensions (data) are no
    keywords here."""
    lists = _SAME_VALUE_LISTS + _PART_LISTS
    ones = (*_SAME_VALUE_ONE, *_PART_ONE, "contentSchema")
    maps = (*_SAME_VALUE_MAPS, *_PART_MAPS, "$defs")
    stack: list[tuple[Any, str]] = [(schema, "")]
    while stack:
        node, where = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node, where
        for name in lists:
            stack += [(s, f"{where}/{name}/{i}") for i, s in enumerate(_items(node.get(name)))]
        stack += [(node[name], f"{where}/{name}") for name in ones if name in node]
        for name in maps:
            value = node.get(name)
            if isinstance(value, dict):
                stack += [(s, f"{where}/{name}/{key}") for key, s in value.items()]


def _check_keywords(schema: dict[str, Any], shown: str) -> None:
    """Refuse a keyword draft 2020-12 does not know (`requried`, `minimun`, draft 7's
    `definitions`): JSON Schema ignores it, so the rule would pass everything it was meant
    to refuse. Extension keywords start with `x-` (`x-modelinv`)."""
    import difflib

    for node, where in _schemas(schema):
        for key in node:
            if key in KEYWORDS or key.startswith("x-"):
                continue
            at = visible(where.lstrip("/")) or "(top level)"
            if key in _RENAMED:
                better = f"draft 2020-12 calls it {_RENAMED[key]}"
            else:
                close = difflib.get_close_matches(key, sorted(KEYWORDS), n=1, cutoff=0.75)
                better = (
                    f"did you mean '{close[0]}'?" if close else "see the draft 2020-12 keywords"
                )
            raise OrgRuleError(
                f"{shown}: unknown keyword '{visible(key)}' at {at} ({better}): JSON Schema "
                "ignores it, so the rule would not check what it says; extension keywords "
                "start with 'x-'"
            )


def _check_patterns(schema: dict[str, Any], shown: str) -> None:
    """Refuse a `format` no one would check (`governance.rule_formats` asserts the standard
    ones), and a regular expression jsonschema-rs cannot read (they are matched by its
    engine, see `governance.rule_patterns`): ECMA-262's syntax, as JSON Schema specifies,
    so Python's own (`(?P<name>...)`, `(?P=name)`) is refused where it is written. And
    `unevaluatedProperties` beside `patternProperties`, whose names python-jsonschema
    would match with Python's `re` (which a catalog value can hang)."""
    from modelinv.governance.rule_formats import FORMATS
    from modelinv.governance.rule_patterns import matcher

    found: list[tuple[str, str]] = []  # (where, pattern)
    keywords: set[str] = set()
    for node, where in _schemas(schema):
        keywords.update(node)
        pattern, name = node.get("pattern"), node.get("format")
        if isinstance(pattern, str):
            found.append((f"{where}/pattern", pattern))
        if isinstance(name, str) and name not in FORMATS:
            at = visible(f"{where}/format".lstrip("/"))
            raise OrgRuleError(
                f"{shown}: the format at {at} is '{visible(name)}', which is not one JSON "
                "Schema defines, so nothing "
                f"would check it: use one of {', '.join(sorted(FORMATS))}, or a pattern"
            )
        properties = node.get("patternProperties")
        if isinstance(properties, dict):
            found += [(f"{where}/patternProperties/{key}", key) for key in properties]
    for where, pattern in sorted(found):
        try:
            matcher(pattern)
        except ValueError as exc:
            raise OrgRuleError(
                f"{shown}: the regular expression at {where.lstrip('/')} is not one JSON "
                f"Schema reads (ECMA-262): {exc}; write it without Python-only syntax"
            ) from None
    if {"unevaluatedProperties", "patternProperties"} <= keywords:
        raise OrgRuleError(
            f"{shown}: unevaluatedProperties beside patternProperties is not supported in "
            "an organisation rule: use additionalProperties where the patterns are listed"
        )


REFERENCES = ("$ref", "$dynamicRef")


def _check_references(schema: dict[str, Any], shown: str) -> None:
    """Refuse a reference that does not resolve inside the rule's own file: to a missing
    `$defs` entry or anchor, to another file, to a URL. It is resolved the way jsonschema
    resolves it when an entity reaches it, with a registry that holds only this file and
    never retrieves anything."""
    if not _has_reference(schema):
        return  # most rules: referencing is not even imported
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    root = DRAFT202012.create_resource(schema)
    resolver = Registry().resolver_with_root(root)
    bad = _unresolved(root, resolver)
    if bad is not None:
        keyword, ref = bad
        raise OrgRuleError(
            f"{shown}: {keyword} {ref!r} does not resolve inside this file: point it at a "
            "$defs entry or an anchor of the same file (nothing a rule names is fetched)"
        )
    loop = _loop(schema, resolver)
    if loop is not None:
        keyword, ref = loop
        raise OrgRuleError(
            f"{shown}: {keyword} {ref!r} is on a loop of references that never goes into a "
            "part of the entity, so checking it would never end: let such a loop pass "
            "through a keyword applied to a part, such as properties or items"
        )


# Keywords that apply subschemas to the same value: a `$ref` cycle through only these
# never ends (python-jsonschema recurses until Python's limit). The keywords applying
# subschemas to a part of the value (properties, items...) end with the entity's depth.
_SAME_VALUE_LISTS = ("allOf", "anyOf", "oneOf")
_SAME_VALUE_ONE = ("not", "if", "then", "else")
_SAME_VALUE_MAPS = ("dependentSchemas",)
_PART_LISTS = ("prefixItems",)
_PART_ONE = (
    "items", "contains", "additionalProperties", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties",
)  # fmt: skip
_PART_MAPS = ("properties", "patternProperties")


def _loop(schema: dict[str, Any], resolver: Resolver[Any]) -> tuple[str, str] | None:
    """A reference (keyword, value) on a cycle of subschemas that all apply to one value of
    the entity, or None. Every subschema a validation can apply is collected first (with
    the references resolved); then a depth-first search over the same-value edges alone
    finds a cycle. Both are iterative: a rule may nest deeper than Python recurses."""
    from referencing.jsonschema import DRAFT202012

    Edge = tuple[int, tuple[str, str] | None]  # the child, and the reference leading to it
    same: dict[int, list[Edge]] = {}
    queue: list[tuple[dict[str, Any], Resolver[Any]]] = [(schema, resolver)]
    while queue:
        node, outer = queue.pop()
        if id(node) in same:
            continue
        here = outer.in_subresource(DRAFT202012.create_resource(node))
        edges: list[Edge] = []
        for keyword in REFERENCES:
            ref = node.get(keyword)
            if isinstance(ref, str):  # it resolves: `_unresolved` has checked every one
                target = here.lookup(ref)
                if isinstance(target.contents, dict):
                    edges.append((id(target.contents), (keyword, ref)))
                    queue.append((target.contents, target.resolver))
        for child in _subschemas(node, _SAME_VALUE_LISTS, _SAME_VALUE_ONE, _SAME_VALUE_MAPS):
            edges.append((id(child), None))
            queue.append((child, here))
        queue += ((c, here) for c in _subschemas(node, _PART_LISTS, _PART_ONE, _PART_MAPS))
        same[id(node)] = edges
    done: set[int] = set()
    for start in same:
        if start in done:
            continue
        # the current path: (node, the reference that led to it, its next edge's index)
        path: list[tuple[int, tuple[str, str] | None, int]] = [(start, None, 0)]
        on_path = {start}
        while path:
            at, via, next_edge = path[-1]
            if next_edge == len(same[at]):
                path.pop()
                on_path.discard(at)
                done.add(at)
                continue
            path[-1] = (at, via, next_edge + 1)
            to, ref = same[at][next_edge]
            if to in on_path:
                first = next(i for i, (n, _, _) in enumerate(path) if n == to)
                refs = [r for _, r, _ in path[first + 1 :] if r is not None]
                return refs[0] if refs else ref
            if to not in done:
                path.append((to, ref, 0))
                on_path.add(to)
    return None


def _subschemas(
    node: dict[str, Any], lists: tuple[str, ...], ones: tuple[str, ...], maps: tuple[str, ...]
) -> list[dict[str, Any]]:
    found = [s for k in lists for s in _items(node.get(k))]
    found += [node[k] for k in ones if k in node]
    found += [s for k in maps for s in _values(node.get(k))]
    return [s for s in found if isinstance(s, dict)]


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else []


def _has_reference(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k in REFERENCES for k in value) or any(map(_has_reference, value.values()))
    if isinstance(value, list):
        return any(map(_has_reference, value))
    return False


def _unresolved(resource: Resource[Any], resolver: Resolver[Any]) -> tuple[str, str] | None:
    """The first reference (keyword, value) in `resource` or its subschemas that
    `resolver` cannot resolve; None when every one resolves."""
    from referencing.exceptions import Unresolvable

    contents = resource.contents
    if isinstance(contents, dict):
        for keyword in REFERENCES:
            ref = contents.get(keyword)
            if not isinstance(ref, str):  # absent (the meta-schema refuses a non-string)
                continue
            try:
                resolver.lookup(ref)
            except (Unresolvable, ValueError):  # ValueError: not a URI (`http://[::1`)
                return keyword, ref
    for sub in resource.subresources():
        found = _unresolved(sub, resolver.in_subresource(sub))
        if found is not None:
            return found
    return None


def _rule(meta: Any, shown: str, name: str, schema: str) -> OrgRule:
    where = f"{shown}: x-modelinv"
    if not isinstance(meta, dict):
        raise OrgRuleError(f"{where} is missing: give an object with {', '.join(sorted(KEYS))}")
    unknown = sorted(set(meta) - KEYS)
    missing = sorted(KEYS - set(meta))
    if unknown or missing:
        raise OrgRuleError(
            f"{where}: unknown keys {unknown}, missing keys {missing}; "
            f"it takes exactly {sorted(KEYS)}"
        )
    code = meta["code"]
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise OrgRuleError(
            f"{where}.code {code!r} must be 2-4 capital letters and 3 digits, e.g. ACME001"
        )
    if code in RULES:
        raise OrgRuleError(
            f"{where}.code {code} is a built-in rule ({RULES[code].name}); choose another prefix"
        )
    severity = meta["severity"]
    if severity not in ("error", "warning"):
        raise OrgRuleError(f"{where}.severity must be 'error' or 'warning', not {severity!r}")
    kinds = meta["kinds"]
    if not isinstance(kinds, list) or not kinds or not all(k in KINDS for k in kinds):
        raise OrgRuleError(
            f"{where}.kinds must be a non-empty list of {sorted(KINDS)}, not {kinds!r}"
        )
    message = meta["message"]
    if not isinstance(message, str) or not message.strip():
        raise OrgRuleError(f"{where}.message must be a non-empty string")
    return OrgRule(code, name, Severity(severity), tuple(kinds), message.strip(), shown, schema)
