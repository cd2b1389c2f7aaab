"""Field types shared by every kind. Each carries its JSON Schema, so schemas match code."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from modelinv.model.refs import DATA_ASSET_TYPES, ID_MAX_LENGTH, ID_PATTERN, ref_pattern

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise PydanticCustomError("date_format", "expected a date YYYY-MM-DD")
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


def _email(value: str) -> str:
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
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise PydanticCustomError("url", "'{url}' is not an http(s) URL", {"url": value[:200]})
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"}),
]
Name = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]
HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Measure = Annotated[float, Field(allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Handle = Annotated[str, StringConstraints(pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")]

TeamRef = Annotated[str, StringConstraints(pattern=ref_pattern("team"))]
ModelRef = Annotated[str, StringConstraints(pattern=ref_pattern("model"))]
ConsumerRef = Annotated[str, StringConstraints(pattern=ref_pattern("consumer"))]
DataAssetRef = Annotated[str, StringConstraints(pattern=ref_pattern(*DATA_ASSET_TYPES))]
UpstreamRef = Annotated[str, StringConstraints(pattern=ref_pattern("model", *DATA_ASSET_TYPES))]
