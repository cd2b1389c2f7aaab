"""Governance thresholds and switches, read from `catalog/policy.yaml`, with defaults.

The policy is a file of the catalog, reviewed like the rest of it; every key is optional
and unknown keys are errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from modelinv.findings import Finding
from modelinv.loader import load_path
from modelinv.model.base import Strict
from modelinv.model.types import TeamRef

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


class Policy(Strict):
    """Governance policy of a catalog (catalog/policy.yaml)."""

    api_version: Literal["modelinv/v1"] = Field(alias="apiVersion")
    kind: Literal["Policy"]
    spec: PolicySpec = Field(default_factory=PolicySpec)


DEFAULT = Policy.model_validate({"apiVersion": "modelinv/v1", "kind": "Policy"})


def load_policy(catalog_dir: Path, display_dir: str) -> tuple[Policy, list[Finding]]:
    """The catalog's policy (defaults when there is no file) and its problems, which are
    reported with the schema rules like any catalog file's."""
    from modelinv.validation import error_findings

    path = catalog_dir / POLICY_FILE
    display = f"{display_dir}/{POLICY_FILE}" if display_dir not in ("", ".") else POLICY_FILE
    if not path.exists() and not path.is_symlink():
        return DEFAULT, []
    doc = load_path(str(path), display)
    if doc.findings:
        return DEFAULT, doc.findings
    try:
        return Policy.model_validate(doc.data), []
    except ValidationError as exc:
        return DEFAULT, error_findings(doc, Policy, exc)
