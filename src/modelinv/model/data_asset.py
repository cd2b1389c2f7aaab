"""The DataAsset kind: datasets, pipelines, feature stores and streams models depend on."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from modelinv.model.base import Entity, Strict
from modelinv.model.types import TeamRef, Text

DataAssetType = Literal["dataset", "pipeline", "feature-store", "stream"]
DataAssetStatus = Literal["active", "deprecated", "retired"]


class DataAssetSpec(Strict):
    type: DataAssetType
    owner: TeamRef
    status: DataAssetStatus
    location: Text = Field(description="Where it lives: a URI such as s3://, bq://, kafka://.")


class DataAsset(Entity):
    """A dataset, pipeline, feature store or stream that models depend on."""

    kind: Literal["DataAsset"]
    spec: DataAssetSpec
