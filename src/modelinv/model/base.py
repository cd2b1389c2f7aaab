"""The envelope every entity shares (Backstage-style `apiVersion`/`kind`/`metadata`/`spec`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from modelinv.model.types import Date, HttpUrl, Name, Tag, Text

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


class Waiver(Strict):
    """Accepts one rule's findings on this entity until it expires; needs a reason and an
    approver."""

    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}[0-9]{3}$")] = Field(
        description="The rule code, e.g. GOV101."
    )
    reason: Text
    approved_by: Text
    expires: Date


class Metadata(Strict):
    name: Name = Field(description="The id: lowercase kebab-case, equal to the file name.")
    title: Text = Field(description="Human-readable name.")
    description: Text | None = None
    tags: list[Tag] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    annotations: dict[str, str] = Field(
        default_factory=dict, description="Free-form key/value pairs for other tools."
    )
    waivers: list[Waiver] = Field(
        default_factory=list, description="Rule findings accepted on this entity, until expiry."
    )


class Entity(Strict):
    api_version: Literal["modelinv/v1"] = Field(alias="apiVersion")
    metadata: Metadata
