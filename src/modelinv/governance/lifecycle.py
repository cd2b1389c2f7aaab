"""The lifecycle state machine and what each state requires, shared by the rules, the
deployment gate and the edit commands (so `promote` refuses exactly what CI would)."""

from __future__ import annotations

import datetime as dt

from modelinv.governance.completeness import missing_groups
from modelinv.governance.context import Context
from modelinv.model import Model
from modelinv.model.governance import ArchivedTo
from modelinv.support.dates import days_after
from modelinv.support.wording import days_text

STAGES = ("development", "staging", "production", "deprecated", "archived")
# The stages whose models must keep their compliance audits current (rule TM002).
AUDITED_STAGES = ("staging", "production", "deprecated")

# Forward one step, abandon early work, or roll back one step.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    "development": frozenset({"staging", "archived"}),
    "staging": frozenset({"production", "development", "archived"}),
    "production": frozenset({"deprecated", "staging"}),
    "deprecated": frozenset({"archived"}),
    "archived": frozenset(),
}

# Which deployment environments each stage may serve.
ENVIRONMENTS: dict[str, frozenset[str]] = {
    "development": frozenset({"development"}),
    "staging": frozenset({"development", "staging"}),
    "production": frozenset({"development", "staging", "production"}),
    "deprecated": frozenset({"development", "staging", "production"}),
    "archived": frozenset(),
}


def move_allowed(old: str, new: str) -> bool:
    return old == new or new in ALLOWED_MOVES.get(old, frozenset())


def allowed_next(old: str) -> list[str]:
    return [s for s in STAGES if s in ALLOWED_MOVES.get(old, frozenset())]


def stale(day: dt.date | None, max_age_days: int, context: Context) -> bool:
    return day is None or context.days_since(day) > max_age_days


def next_audit(model: Model, context: Context) -> dt.date | None:
    """When the next audit is due, only where the audit rule (TM002) applies: a model in
    service (`AUDITED_STAGES`) whose risk level asks for audits. None for development and
    archived models, which no audit rule judges."""
    compliance = model.spec.compliance
    risk, last = (compliance.risk_level, compliance.last_audit) if compliance else (None, None)
    return next_audit_of(model.spec.lifecycle, risk, last, context)


def next_audit_of(
    lifecycle: str, risk_level: str | None, last_audit: dt.date | None, context: Context
) -> dt.date | None:
    """`next_audit` from a model's stage, risk level and last audit (None without a
    compliance block): for what keeps those alone (`reports/model_facts.py`)."""
    return audit_due_of(risk_level, last_audit, context) if lifecycle in AUDITED_STAGES else None


def audit_due(model: Model, context: Context) -> dt.date | None:
    """The date the next audit was due, when the risk level asks for audits."""
    compliance = model.spec.compliance
    if compliance is None:
        return None
    return audit_due_of(compliance.risk_level, compliance.last_audit, context)


def audit_due_of(
    risk_level: str | None, last_audit: dt.date | None, context: Context
) -> dt.date | None:
    """`audit_due` from a model's risk level and last audit (None without a compliance
    block)."""
    if risk_level not in ("high", "limited"):
        return None
    interval = getattr(context.policy.spec.audit_interval_days, risk_level)
    if last_audit is None:
        return context.today
    return days_after(last_audit, interval)


def production_blockers(model: Model, context: Context) -> list[str]:
    """Why `model` may not (yet) be in production; empty when it is ready."""
    spec, policy = model.spec, context.policy.spec
    problems = [f"missing {group}" for group in missing_groups(model)]
    if spec.compliance is not None and spec.compliance.risk_level == "unacceptable":
        problems.append("risk level 'unacceptable' (EU AI Act prohibited practice)")
    for metric in spec.metrics or ():
        if stale(metric.evaluated, policy.evaluation_max_age_days, context):
            problems.append(
                f"metric {metric.name} evaluated {metric.evaluated}, more than "
                f"{days_text(policy.evaluation_max_age_days)} ago"
            )
        if metric.threshold is not None and (
            metric.value < metric.threshold
            if metric.higher_is_better
            else metric.value > metric.threshold
        ):
            side = "below" if metric.higher_is_better else "above"
            problems.append(
                f"metric {metric.name} = {metric.value} is {side} its threshold {metric.threshold}"
            )
    due = audit_due(model, context)
    if due is not None and due < context.today:
        problems.append(
            f"{model.spec.compliance.risk_level if model.spec.compliance else ''}"
            f"-risk audit overdue since {due}"
        )
    if not any(d.environment == "production" for d in spec.deployments or ()):
        problems.append("no production deployment")
    documentation = spec.documentation
    if documentation is None:
        problems.append("no documentation")
    elif stale(documentation.updated, policy.documentation_max_age_days, context):
        problems.append(
            f"documentation not updated within {days_text(policy.documentation_max_age_days)}"
        )
    return problems


def deprecation_problems(model: Model, context: Context) -> list[str]:
    """What a deprecated model's deprecation block lacks."""
    block = model.spec.deprecation
    if block is None:
        return ["no deprecation block (notified, decommission, replacement or noReplacement)"]
    notice = context.policy.spec.notice_period_days
    if (block.decommission - block.notified).days < notice:
        return [
            f"decommission {block.decommission} is less than the {notice}-day notice period "
            f"after the notice on {block.notified}"
        ]
    return []


def retirement_checklist(model: Model, context: Context) -> list[tuple[str, bool, str]]:
    """(item, done, detail) for every step of the retirement checklist, as of today: a step
    dated after today is planned, not done."""
    block, steps = model.spec.deprecation, model.spec.retirement
    deployments = [d.environment for d in model.spec.deployments or ()]
    today = context.today

    def dated(day: dt.date | None) -> tuple[bool, str]:
        if day is None:
            return False, "not done"
        if day > today:
            return False, f"{day} is after {today}: not done yet"
        return True, str(day)

    def archived(to: ArchivedTo | None) -> tuple[bool, str]:
        if to is None:
            return False, "not done"
        if to.date > today:
            return False, f"{to.location} on {to.date}, after {today}: not done yet"
        return True, to.location

    return [
        ("deprecation block written", block is not None, "" if block else "run modelinv deprecate"),
        (
            "decommission date reached",
            block is not None and block.decommission <= today,
            str(block.decommission) if block else "no date",
        ),
        ("consumers notified", *dated(steps.consumers_notified if steps else None)),
        ("traffic migrated", *dated(steps.traffic_migrated if steps else None)),
        ("artifacts archived", *archived(steps.artifacts_archived if steps else None)),
        ("documentation archived", *archived(steps.documentation_archived if steps else None)),
        (
            "serving infrastructure removed",
            *dated(steps.infrastructure_removed if steps else None),
        ),
        ("no deployments left", not deployments, ", ".join(deployments) or ""),
    ]


def retired_before_production(model: Model) -> bool:
    """Whether `model` leaves (or left) the inventory without going through production:
    never deprecated, at development or staging, or archived from there. Its retirement
    checklist is one item: no deployments left."""
    return model.spec.deprecation is None and model.spec.lifecycle in (
        "development",
        "staging",
        "archived",
    )


def retirement_steps(model: Model, context: Context) -> list[tuple[str, bool, str]]:
    """The retirement checklist that applies to `model` (what `retire-check` shows): the
    whole of it, or for a model retired before production only its deployments, as
    `archive` and LC004 judge it."""
    checklist = retirement_checklist(model, context)
    return checklist[-1:] if retired_before_production(model) else checklist


def archive_blockers(model: Model, context: Context) -> list[str]:
    """What stops `model` from being archived. A model never deprecated was abandoned
    before production (development or staging -> archived): it only needs to be gone."""
    checklist = retirement_checklist(model, context)
    if model.spec.deprecation is None and model.spec.lifecycle != "deprecated":
        checklist = checklist[-1:]
    return [item for item, done, _ in checklist if not done]
