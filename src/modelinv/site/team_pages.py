"""A page per team: its models by stage, monthly cost, overdue reviews and audits, members.

Nothing here recomputes a date or a sum: overdue reviews and audits are the validation's
own TM001 / TM002 findings (so waivers apply as everywhere else), the next due dates come
from `reports.common.next_review` and `lifecycle.next_audit` (only where
the audit rule applies), and the cost is the health
report's per-team rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from modelinv.findings import Finding
from modelinv.governance.lifecycle import STAGES, next_audit
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model, Team
from modelinv.reports.common import next_review
from modelinv.reports.health import HealthReport, TeamCost

OVERDUE_CODES = ("TM001", "TM002")  # review-overdue, audit-overdue


@dataclass(frozen=True, slots=True)
class OwnedModel:
    ref: str
    title: str
    risk_level: str | None
    next_review: dt.date | None
    next_audit: dt.date | None


@dataclass(frozen=True, slots=True)
class Overdue:
    ref: str
    finding: Finding


@dataclass(frozen=True, slots=True)
class TeamView:
    name: str
    ref: str
    team: Team
    stages: tuple[tuple[str, tuple[OwnedModel, ...]], ...]  # only stages with models
    cost: tuple[TeamCost, ...]  # per currency, active models
    overdue: tuple[Overdue, ...]


def team_views(
    catalog: Inventory, findings: Mapping[str, Sequence[Finding]], health: HealthReport
) -> list[TeamView]:
    """One view per valid team; `findings` are the validation's, by file (display path)."""
    owned: dict[str, list[tuple[str, Model]]] = {}
    for entry, model in catalog.of_kind(Model):
        owned.setdefault(model.spec.owner, []).append((entry.display, model))
    context = catalog.context
    views = []
    for entry, team in catalog.of_kind(Team):
        ref = entry.ref or f"team:{entry.name}"
        models = sorted(owned.get(ref, []), key=lambda pair: pair[1].metadata.name)
        stages = tuple(
            (
                stage,
                tuple(
                    OwnedModel(
                        f"model:{m.metadata.name}",
                        m.metadata.title,
                        m.spec.compliance.risk_level if m.spec.compliance else None,
                        next_review(m, context) if m.spec.lifecycle == "production" else None,
                        next_audit(m, context),
                    )
                    for _, m in models
                    if m.spec.lifecycle == stage
                ),
            )
            for stage in STAGES
        )
        overdue = tuple(
            Overdue(f"model:{m.metadata.name}", finding)
            for display, m in models
            for finding in findings.get(display, ())
            if finding.code in OVERDUE_CODES
        )
        views.append(
            TeamView(
                entry.name,
                ref,
                team,
                tuple((stage, rows) for stage, rows in stages if rows),
                tuple(c for c in health.cost if c.team == ref),
                overdue,
            )
        )
    return views
