"""Governance thresholds and switches, read from `catalog/policy.yaml`, with defaults.

The policy is a file of the catalog, reviewed like the rest of it; every key is optional
and unknown keys are errors.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from modelinv.model.base import Strict
from modelinv.model.types import CodeOwner, TeamRef

POLICY_FILE = "policy.yaml"

Days = int


class AuditIntervals(Strict):
    high: Days = Field(180, ge=1, description="Days between audits of high-risk models.")
    limited: Days = Field(365, ge=1, description="Days between audits of limited-risk models.")


class PrometheusPolicy(Strict):
    query: str = Field(
        "sum by (model) (increase(model_requests_total[1d]))",
        min_length=1,
        description="PromQL giving each model's requests over the day ending at each "
        "evaluation time (evaluated once per day, at midnight UTC).",
    )
    model_label: str = Field(
        "model", min_length=1, description="The series label that holds the model's id."
    )
    lookback_days: Days = Field(90, ge=1, le=3650, description="How many days of traffic to read.")


class CodeownersPolicy(Strict):
    """How `.github/CODEOWNERS` is generated from the catalog, and whether it is enforced."""

    fallback: CodeOwner = Field(
        description=(
            "Owner of the catalog folder, the policy file, CODEOWNERS itself and every entity "
            "whose team has no handle, e.g. @acme/platform."
        )
    )
    enforce: bool = Field(
        True,
        description=(
            "validate reports OWN005 when .github/CODEOWNERS is missing, a link, not "
            "generated or out of date (otherwise only a generated file that drifted)."
        ),
    )


class PolicySpec(Strict):
    review_interval_days: Days = Field(
        90, ge=1, description="A production model is reviewed at least this often."
    )
    notice_period_days: Days = Field(
        30, ge=0, description="Consumers are notified at least this long before decommission."
    )
    zero_traffic_days: Days = Field(
        30, ge=1, description="No traffic for this long makes a retirement candidate."
    )
    audit_interval_days: AuditIntervals = Field(default_factory=AuditIntervals)
    evaluation_max_age_days: Days = Field(
        90, ge=1, description="A production model's metrics are evaluated at least this often."
    )
    documentation_max_age_days: Days = Field(
        180, ge=1, description="Documentation is updated at least this often."
    )
    retraining_grace_days: Days = Field(
        0, ge=0, description="Days a scheduled retraining may be late before it is overdue."
    )
    discovery_grace_days: Days = Field(
        30,
        ge=0,
        description="An entry `discover --write` made has warnings, not errors, for this "
        "many days after its discovery, so the owning team can complete it.",
    )
    discovery_triage_team: TeamRef | None = Field(
        None,
        description="Owner of discovered models when nothing names one (a label, an "
        "annotation or a registry tag): the team that triages them.",
    )
    prometheus: PrometheusPolicy = Field(
        default_factory=PrometheusPolicy,
        description="How `--prometheus` / `--usage prometheus:URL` read traffic.",
    )
    codeowners: CodeownersPolicy | None = Field(
        None,
        description=(
            "The repository generates .github/CODEOWNERS with `modelinv codeowners`: its "
            "fallback owner, and whether validate requires the file to be current."
        ),
    )


class Policy(Strict):
    """Governance policy of a catalog (catalog/policy.yaml)."""

    api_version: Literal["modelinv/v1"] = Field(alias="apiVersion")
    kind: Literal["Policy"]
    spec: PolicySpec = Field(default_factory=PolicySpec)


DEFAULT = Policy.model_validate({"apiVersion": "modelinv/v1", "kind": "Policy"})
