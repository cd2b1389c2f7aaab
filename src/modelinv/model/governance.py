"""Governance blocks of a model: deprecation and the retirement checklist."""

from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from modelinv.model.base import Strict
from modelinv.model.types import Date, ModelRef, Text


class Deprecation(Strict):
    """Written when a model enters `deprecated` (see `modelinv deprecate`)."""

    # The published schema says what `_one_successor` checks: exactly one of the two,
    # and a null counts as absent.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": [name], "properties": {name: {"type": "string"}}}
                for name in ("replacement", "noReplacement")
            ]
        }
    )

    notified: Date = Field(description="When consumers and dependent teams were notified.")
    decommission: Date = Field(description="When the model stops serving.")
    replacement: ModelRef | None = Field(None, description="The model that takes over.")
    no_replacement: Text | None = Field(
        None, description="Why there is no replacement (instead of `replacement`)."
    )

    @model_validator(mode="after")
    def _one_successor(self) -> Deprecation:
        if (self.replacement is None) == (self.no_replacement is None):
            raise PydanticCustomError(
                "successor", "give exactly one of 'replacement' or 'noReplacement'"
            )
        return self


class ArchivedTo(Strict):
    location: Text = Field(description="Where it was archived, e.g. s3://archive/models/x/.")
    date: Date


class Retirement(Strict):
    """The retirement checklist: every item must be done before `archived`."""

    consumers_notified: Date | None = None
    traffic_migrated: Date | None = Field(None, description="Traffic moved to the successor.")
    artifacts_archived: ArchivedTo | None = None
    documentation_archived: ArchivedTo | None = None
    infrastructure_removed: Date | None = Field(None, description="Serving infrastructure gone.")
