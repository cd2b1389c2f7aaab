"""The schema stage: a document's data -> a pydantic entity, or findings at exact positions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from modelinv.checks.rules import (
    id001_invalid_id,
    own002_maintainer_email,
    ref002_disallowed_kind,
    ref003_invalid_reference,
    sch001_unknown_field,
    sch002_missing_field,
    sch003_wrong_type,
    sch004_invalid_value,
    sch005_invalid_date,
    sch006_invalid_email,
    sch007_invalid_url,
    sch008_invalid_number,
    sch009_empty_string,
    sch010_unsafe_characters,
    sch011_unknown_kind,
)
from modelinv.checks.rules.base import Rule
from modelinv.findings import Finding
from modelinv.loader.document import Document, Pointer
from modelinv.model import KINDS, Entity
from modelinv.model.fields import keys_of, model_at
from modelinv.model.references import spec_at
from modelinv.model.refs import explain_bad_ref, parse_ref
from modelinv.support import unsafe_text
from modelinv.support.suggest import did_you_mean

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date YYYY-MM-DD",
}
_MESSAGES = {
    "greater_than_equal": "must be at least {ge}, got {value}",
    "less_than_equal": "must be at most {le}, got {value}",
    "finite_number": "must be a finite number, got {value}",
    "string_too_short": "must not be empty",
}
_BY_TYPE: dict[str, Rule] = {
    "extra_forbidden": sch001_unknown_field.RULE,
    "missing": sch002_missing_field.RULE,
    "literal_error": sch004_invalid_value.RULE,
    "date_format": sch005_invalid_date.RULE,
    "date_impossible": sch005_invalid_date.RULE,
    "date_range": sch005_invalid_date.RULE,
    "email": sch006_invalid_email.RULE,
    "url": sch007_invalid_url.RULE,
    "successor": sch004_invalid_value.RULE,
    "greater_than_equal": sch008_invalid_number.RULE,
    "less_than_equal": sch008_invalid_number.RULE,
    "finite_number": sch008_invalid_number.RULE,
    "empty": sch009_empty_string.RULE,
    "string_too_short": sch009_empty_string.RULE,
}


MAINTAINER_EMAIL: Pointer = ("spec", "maintainer", "email")


@dataclass(frozen=True, slots=True)
class Checked:
    kind: str | None
    entity: Entity | None
    findings: list[Finding]


def check_schema(doc: Document) -> Checked:
    data = doc.data
    if not isinstance(data, dict):
        found = sch003_wrong_type.RULE.at(
            doc.locate(()), "the file must hold a mapping (apiVersion, kind, metadata, spec)"
        )
        return Checked(None, None, [found])
    findings: list[Finding] = []
    unsafe = set()
    kind = data.get("kind")
    known = kind if isinstance(kind, str) else ""
    suspects = () if doc.plainly_safe else unsafe_text.scan(data, lambda p: _id_like(known, p))
    for pointer, char, in_key in suspects:
        unsafe.add(pointer)
        findings.append(
            sch010_unsafe_characters.RULE.at(
                doc.locate(pointer, key=in_key),
                f"{_field(pointer)}: contains {unsafe_text.describe(char)}",
                hint="retype the text without invisible or control characters",
            )
        )
    if not isinstance(kind, str) or kind not in KINDS:
        findings.append(_unknown_kind(doc, kind))
        return Checked(None, None, findings)
    cls = KINDS[kind].cls
    try:
        entity = cls.model_validate(data)
    except ValidationError as exc:
        findings += error_findings(doc, cls, exc, skip=unsafe)
        return Checked(kind, None, findings)
    return Checked(kind, entity if not findings else None, findings)


def error_findings(
    doc: Document, cls: type[BaseModel], exc: ValidationError, skip: set[Pointer] | None = None
) -> list[Finding]:
    """pydantic's errors for `doc` as findings at their positions (also for the policy)."""
    found = []
    for error in exc.errors(include_url=False):
        pointer = tuple(error["loc"])
        if not skip or pointer not in skip:
            found.append(_finding(doc, cls, error, pointer))
    return found


def _id_like(kind: str, pointer: Pointer) -> bool:
    """Ids and references, where even invisible formatting characters are refused."""
    return (
        pointer in (("kind",), ("apiVersion",), ("metadata", "name"))
        or pointer[:2] == ("metadata", "tags")
        or spec_at(kind, pointer) is not None
    )


def _unknown_kind(doc: Document, kind: Any) -> Finding:
    if kind is None:
        return sch011_unknown_kind.RULE.at(
            doc.locate(("kind",)),
            "missing 'kind'",
            hint="add 'kind: Model' (or Team, DataAsset, Consumer)",
        )
    return sch011_unknown_kind.RULE.at(
        doc.locate(("kind",)),
        f"unknown kind {_show(kind)}",
        hint=did_you_mean(str(kind), KINDS) or "use one of Model, Team, DataAsset, Consumer",
    )


def _finding(doc: Document, cls: type[BaseModel], error: ErrorDetails, pointer: Pointer) -> Finding:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    field = _field(pointer)
    if pointer == MAINTAINER_EMAIL:
        return _maintainer_email(doc, kind, error["msg"])
    if kind == "extra_forbidden":
        parent = model_at(cls, pointer[:-1])
        hint = did_you_mean(str(pointer[-1]), keys_of(parent)) if parent else None
        return sch001_unknown_field.RULE.at(
            doc.locate(pointer, key=True),
            f"unknown field '{pointer[-1]}' in {_field(pointer[:-1])}",
            hint=hint or "organisation-specific data goes in metadata.annotations",
        )
    if kind == "missing":
        return sch002_missing_field.RULE.at(
            doc.locate(pointer[:-1], key=True),
            f"missing required field '{pointer[-1]}' in {_field(pointer[:-1])}",
        )
    location = doc.locate(pointer)
    if kind == "literal_error":
        expected = [
            e.strip().strip("'")
            for e in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        return sch004_invalid_value.RULE.at(
            location,
            f"{field}: {_show(value)} is not one of {ctx.get('expected')}",
            hint=did_you_mean(str(value), [e for e in expected if e]),
        )
    if kind in ("string_pattern_mismatch", "string_too_long", "reference"):
        return _pattern(location, cls.__name__, field, pointer, value)
    if kind in _TYPE_NAMES:
        return sch003_wrong_type.RULE.at(
            location,
            f"{field}: expected {_TYPE_NAMES[kind]}, got {_describe(value)}",
            hint=_type_hint(kind, value),
        )
    template = _MESSAGES.get(kind)
    message = template.format(value=_show(value), **ctx) if template else error["msg"]
    return _BY_TYPE.get(kind, sch003_wrong_type.RULE).at(location, f"{field}: {message}")


def _maintainer_email(doc: Document, kind: str, message: str) -> Finding:
    hint = "add the maintainer's address, e.g. email: ana.lima@example.com"
    if kind == "missing":
        return own002_maintainer_email.RULE.at(
            doc.locate(MAINTAINER_EMAIL[:-1], key=True), "the maintainer has no email", hint=hint
        )
    return own002_maintainer_email.RULE.at(
        doc.locate(MAINTAINER_EMAIL), f"spec.maintainer.email: {message}", hint=hint
    )


def _pattern(location: Any, kind: str, field: str, pointer: Pointer, value: Any) -> Finding:
    text = str(value)
    if pointer == ("metadata", "name"):
        return id001_invalid_id.RULE.at(
            location,
            f"invalid id {_show(text)}",
            hint="use lowercase letters, digits and single hyphens, at most 63 characters",
        )
    spec = spec_at(kind, pointer)
    if spec is not None:
        accepts = "this field takes " + ", ".join(f"{p}:NAME" for p in spec.prefixes)
        ref = parse_ref(text)
        if ref is not None:
            return ref002_disallowed_kind.RULE.at(
                location,
                f"{field}: '{text}' is a {ref.kind} reference, not allowed here",
                hint=accepts,
            )
        return ref003_invalid_reference.RULE.at(
            location, f"{field}: {_show(text)} {explain_bad_ref(text)}", hint=accepts
        )
    return sch004_invalid_value.RULE.at(
        location, f"{field}: {_show(text)} has the wrong format", hint=_format_hint(pointer)
    )


def _format_hint(pointer: Pointer) -> str | None:
    last = next((p for p in reversed(pointer) if isinstance(p, str)), "")
    return {
        "tags": "tags are lowercase kebab-case, e.g. realtime",
        "currency": "use an ISO 4217 code such as USD or EUR",
        "handle": "use the forge team handle, e.g. @acme/payments-ml",
    }.get(last)


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "bool_type":
        return "write true or false"
    if kind == "string_type" and isinstance(value, int | float | bool):
        return "quote the value to keep it as text"
    if kind in ("float_type", "int_type") and isinstance(value, str):
        return "write the number without quotes"
    if kind == "date_type":
        return "write the date unquoted as YYYY-MM-DD"
    return None


def _field(pointer: Pointer) -> str:
    out = ""
    for step in pointer:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{unsafe_text.visible(step)}" if out else unsafe_text.visible(step)
    return out or "the document"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return f"text {_show(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "...'"
