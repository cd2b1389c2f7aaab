"""The Model kind: the twelve attribute groups of an inventory entry."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from modelinv.model.base import Entity, Strict
from modelinv.model.governance import Deprecation, Retirement
from modelinv.model.types import (
    Amount,
    ConsumerRef,
    Currency,
    DataAssetRef,
    Date,
    Email,
    HttpUrl,
    Measure,
    Percent,
    TeamRef,
    Text,
    UpstreamRef,
)

Lifecycle = Literal["development", "staging", "production", "deprecated", "archived"]
Environment = Literal["development", "staging", "production"]
RiskLevel = Literal["minimal", "limited", "high", "unacceptable"]
Schedule = Literal["daily", "weekly", "monthly", "quarterly", "yearly", "on-demand", "none"]


class Person(Strict):
    name: Text
    email: Email


class Deployment(Strict):
    environment: Environment
    platform: Text = Field(description="Serving platform, e.g. kserve, sagemaker, batch.")
    location: Text | None = Field(None, description="Cloud/region/cluster it runs in.")
    endpoint: HttpUrl | None = None
    resource: Text | None = Field(None, description="Infrastructure id, e.g. ns/kind/name.")


class TrainingData(Strict):
    source: DataAssetRef
    from_: Date = Field(alias="from")
    to: Date | None = Field(None, description="Omit for data up to the training date.")

    @model_validator(mode="after")
    def _range(self) -> TrainingData:
        if self.to is not None and self.to < self.from_:
            raise PydanticCustomError(
                "date_range",
                "'from' {start} is after 'to' {end}",
                {"start": str(self.from_), "end": str(self.to)},
            )
        return self


class MetricPoint(Strict):
    value: Measure
    evaluated: Date


class Metric(Strict):
    name: Text
    value: Measure
    threshold: Measure | None = None
    higher_is_better: bool = True
    evaluated: Date
    history: list[MetricPoint] = Field(default_factory=list)


class Slo(Strict):
    latency_p99_ms: Amount | None = None
    availability: Percent | None = None


class Compliance(Strict):
    risk_level: RiskLevel = Field(description="EU AI Act risk tier.")
    regulations: list[Text] = Field(default_factory=list)
    last_audit: Date | None = None


class Cost(Strict):
    monthly: Amount
    per_prediction: Amount | None = None
    currency: Currency


class Retraining(Strict):
    schedule: Schedule
    last_retrained: Date | None = None


class Documentation(Strict):
    url: HttpUrl
    updated: Date | None = None


class Review(Strict):
    last_reviewed: Date
    reviewer: Text | None = None


class RegistryEntry(Strict):
    platform: Text = Field(description="The model registry, e.g. mlflow.")
    name: Text = Field(description="The registered model's name in that registry.")
    version: Text | None = Field(
        None, description="The version that serves production (MLflow: the champion alias)."
    )


class Discovered(Strict):
    """Provenance of an entry written by `modelinv discover --write`."""

    source: Text = Field(description="The discovery source: kubernetes, mlflow, prometheus.")
    where: Text = Field(description="The evidence: manifest file:line, a registry URL, ...")
    when: Date = Field(description="The day it was discovered.")


class ModelSpec(Strict):
    # The JSON Schema twin of `_maintainer_unless_discovered`.
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["maintainer"]}, {"required": ["discovered"]}]}
    )

    lifecycle: Lifecycle
    owner: TeamRef
    discovered: Discovered | None = Field(
        None,
        description="Written by `modelinv discover --write`: the entry is incomplete on "
        "purpose, its errors are warnings for the policy's discoveryGraceDays.",
    )
    maintainer: Person | None = Field(
        None,
        validate_default=True,
        description="Required, except on an entry discovery wrote (the owner adds it).",
    )
    created: Date | None = None
    deployments: list[Deployment] | None = None
    registry: list[RegistryEntry] | None = Field(
        None, description="Where the model is registered (MLflow Model Registry, ...)."
    )
    training_data: list[TrainingData] | None = None
    metrics: list[Metric] | None = None
    slo: Slo | None = None
    upstream: list[UpstreamRef] | None = None
    consumers: list[ConsumerRef] | None = None
    compliance: Compliance | None = None
    cost: Cost | None = None
    retraining: Retraining | None = None
    limitations: list[Text] | None = None
    documentation: Documentation | None = None
    review: Review | None = None
    deprecation: Deprecation | None = None
    retirement: Retirement | None = None

    @field_validator("maintainer", mode="after")
    @classmethod
    def _maintainer_unless_discovered(
        cls, value: Person | None, info: ValidationInfo
    ) -> Person | None:
        if value is None and info.data.get("discovered") is None:
            raise PydanticCustomError("missing", "Field required")
        return value


class Model(Entity):
    """A machine learning model in the inventory, with its twelve attribute groups."""

    kind: Literal["Model"]
    spec: ModelSpec
