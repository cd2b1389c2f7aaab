"""Field types shared by every kind. Each carries its JSON Schema, so schemas match code."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from modelinv.model.refs import DATA_ASSET_TYPES, ID_MAX_LENGTH, ID_PATTERN, parse_ref, ref_pattern

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# http(s), a non-empty host part, no whitespace anywhere.
_HTTP_URL = re.compile(r"(?i:https?)://[^\s/?#]+(?:[/?#]\S*)?")
# The same in a form ECMA-262 regexes read too (no inline flags), refusing a final newline.
_HTTP_URL_PUBLISHED = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+(?:[/?#]\S*)?(?!\n)$"


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise PydanticCustomError(
                "date_format", "expected a date YYYY-MM-DD, got '{date}'", {"date": value[:40]}
            )
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "date_impossible",
                "impossible date '{date}': {reason}",
                {"date": value, "reason": str(exc)},
            ) from None
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "must not be empty")
    return value


@functools.lru_cache(maxsize=4096)
def _email(value: str) -> str:
    # Cached: the same maintainers and teams recur across thousands of files, and a full
    # syntax check costs about 0.1 ms.
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "email",
            "'{email}' is not a valid email address: {reason}",
            {"email": value, "reason": str(exc)},
        ) from None
    return value


def _http_url(value: str) -> str:
    if not _HTTP_URL.fullmatch(value):
        raise PydanticCustomError("url", "'{url}' is not an http(s) URL", {"url": value[:200]})
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"}),
]


def _pattern(pattern: str, max_length: int | None = None) -> Any:
    """A string pattern, checked by pydantic and published in the JSON Schema.

    The published form refuses a trailing newline explicitly: ECMA-262 `$` already does,
    but validators built on Python's `re.search` (python-jsonschema) would let it through.
    """
    published: dict[str, Any] = {"type": "string", "pattern": pattern[:-1] + r"(?!\n)$"}
    if max_length is not None:
        published["maxLength"] = max_length
    return (StringConstraints(pattern=pattern, max_length=max_length), WithJsonSchema(published))


_ID = _pattern(ID_PATTERN, ID_MAX_LENGTH)
Name = Annotated[str, *_ID]
Tag = Annotated[str, *_ID]
Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]
HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": _HTTP_URL_PUBLISHED}),
]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Measure = Annotated[float, Field(allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Currency = Annotated[str, *_pattern(r"^[A-Z]{3}$")]
Handle = Annotated[str, *_pattern(r"^@[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")]
# Whom CODEOWNERS may name: a user (@name), a team (@org/team) or an email address; nothing
# that could end the line or start a comment there.
CodeOwner = Annotated[
    str,
    *_pattern(
        r"^(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?"
        r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$"
    ),
]


def _ref_check(*prefixes: str) -> AfterValidator:
    """Accept `kind:name` references with one of `prefixes`.

    Checked in Python: the JSON Schema pattern bounds the id's length with a lookahead,
    which pydantic's regex engine lacks (and Python's `$` would accept a trailing newline).
    """

    def check(value: str) -> str:
        ref = parse_ref(value)
        if ref is None or ref.prefix not in prefixes:
            raise PydanticCustomError("reference", "not a valid reference")
        return value

    return AfterValidator(check)


def _ref_schema(*prefixes: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": ref_pattern(*prefixes)})


_DATA = DATA_ASSET_TYPES
TeamRef = Annotated[str, _ref_check("team"), _ref_schema("team")]
ModelRef = Annotated[str, _ref_check("model"), _ref_schema("model")]
ConsumerRef = Annotated[str, _ref_check("consumer"), _ref_schema("consumer")]
DataAssetRef = Annotated[str, _ref_check(*_DATA), _ref_schema(*_DATA)]
UpstreamRef = Annotated[str, _ref_check("model", *_DATA), _ref_schema("model", *_DATA)]
