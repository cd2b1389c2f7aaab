"""A page per team: its models by stage, monthly cost, overdue reviews and audits, members.

Nothing here recomputes a date or a sum: overdue reviews and audits are the validation's
own TM001 / TM002 findings (so waivers apply as everywhere else), the next due dates come
from `reports.common.review_due` and `lifecycle.next_audit_of` (only where
the audit rule applies), and the cost is the health
report's per-team rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from modelinv.findings import Finding
from modelinv.governance.lifecycle import STAGES, next_audit_of
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model, Team
from modelinv.reports.common import review_due
from modelinv.reports.health import HealthReport, TeamCost
from modelinv.reports.model_facts import FactsOf, ModelFacts, each_time

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
    catalog: Inventory,
    findings: Mapping[str, Sequence[Finding]],
    health: HealthReport,
    facts: FactsOf = each_time,
) -> list[TeamView]:
    """One view per valid team; `findings` are the validation's, by file (display path);
    `facts` gives the models' facts (see `reports/model_facts.py`)."""
    owned: dict[str, list[tuple[str, ModelFacts]]] = {}
    entries = catalog.entries_of(Model)
    for entry, known in zip(entries, facts(catalog, entries), strict=True):
        owned.setdefault(known.owner, []).append((entry.display, known))
    context = catalog.context
    views = []
    for entry, team in catalog.of_kind(Team):
        ref = entry.ref or f"team:{entry.name}"
        models = sorted(owned.get(ref, []), key=lambda pair: pair[1].name)
        stages = tuple(
            (
                stage,
                tuple(
                    OwnedModel(
                        f"model:{m.name}",
                        m.title,
                        m.risk_level,
                        review_due(m.last_reviewed, context)
                        if m.lifecycle == "production"
                        else None,
                        next_audit_of(m.lifecycle, m.risk_level, m.last_audit, context),
                    )
                    for _, m in models
                    if m.lifecycle == stage
                ),
            )
            for stage in STAGES
        )
        overdue = tuple(
            Overdue(f"model:{m.name}", finding)
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
