"""The envelope every entity shares (Backstage-style `apiVersion`/`kind`/`metadata`/`spec`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from modelinv.model.types import HttpUrl, Name, Tag, Text

API_VERSION = "modelinv/v1"


class Strict(BaseModel):
    """Strict: `"no"` never becomes false, `"123"` never 123; unknown keys are errors."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )


class Link(Strict):
    title: Text
    url: HttpUrl


class Metadata(Strict):
    name: Name = Field(description="The id: lowercase kebab-case, equal to the file name.")
    title: Text = Field(description="Human-readable name.")
    description: Text | None = None
    tags: list[Tag] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    annotations: dict[str, str] = Field(
        default_factory=dict, description="Free-form key/value pairs for other tools."
    )


class Entity(Strict):
    api_version: Literal["modelinv/v1"] = Field(alias="apiVersion")
    metadata: Metadata
