"""Read and vet `catalog/rules/*.schema.json`. A file that is not valid JSON, not a valid
draft 2020-12 schema, has a `$ref` (or `$dynamicRef`) that does not point inside the same
file, lacks a proper `x-modelinv` object or takes a built-in rule's code makes the whole
run a configuration error (exit 2): a rule that silently did nothing would look like a
passed check, and one whose reference only fails when an entity reaches it would crash the
run. Nothing a rule names is ever fetched."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelinv.checks.rules.registry import RULES
from modelinv.findings import Severity
from modelinv.governance.org_rules import RULES_FOLDER, SUFFIX, OrgRule, only_fast_keywords
from modelinv.loader.discover import shown_path
from modelinv.model import KINDS
from modelinv.support.bounded_read import ReadRefused, read_regular

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
    _check_references(schema, shown)
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
    bad = _unresolved(root, Registry().resolver_with_root(root))
    if bad is not None:
        keyword, ref = bad
        raise OrgRuleError(
            f"{shown}: {keyword} {ref!r} does not resolve inside this file: point it at a "
            "$defs entry or an anchor of the same file (nothing a rule names is fetched)"
        )


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
