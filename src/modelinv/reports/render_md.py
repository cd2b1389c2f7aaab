"""Reports as Markdown that fits a pull-request comment or a CI job summary."""

from __future__ import annotations

from modelinv.reports.common import ModelInfo, number, signed
from modelinv.reports.health import HealthReport
from modelinv.reports.markdown import (
    basis_lines,
    cell,
    code,
    money,
    percent,
    plural,
    requests,
    table,
)
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.retirement import Checklist, RetirementReport
from modelinv.reports.review import ReviewReport, ReviewRow
from modelinv.support.wording import days_text


def _done(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def _model(info: ModelInfo) -> str:
    return f"{code(info.id)} {cell(info.title)}"


def _users(refs: tuple[str, ...]) -> str:
    return ", ".join(code(ref) for ref in refs) or "none"


def retirement(report: RetirementReport) -> str:
    lines = ["## Retirement report", "", *basis_lines(report.basis), ""]
    found = report.finding_count
    lines.append(
        f"**{plural(found, 'finding')} on {plural(len(report.candidate_models), 'model')}** "
        f"in service (production or deprecated) · "
        f"{plural(len(report.checklists), 'deprecated model')} retiring"
    )
    for group in report.groups:
        title = group.title
        if group.criterion == "zero-traffic":
            title = f"{title} for {days_text(report.zero_traffic_days)}"
        lines += ["", f"### {title} ({len(group.candidates)})", ""]
        if group.criterion == "zero-traffic" and report.basis.usage is None:
            lines.append("Not checked: no usage data given (`--usage FILE`).")
            continue
        if not group.candidates:
            lines.append("None.")
            continue
        rows = [
            [
                _model(c.model),
                c.model.lifecycle,
                code(c.model.owner),
                cell(c.evidence),
                _users(c.dependents),
            ]
            for c in group.candidates
        ]
        lines += table(["model", "stage", "owner", "evidence", "used by"], rows)
    lines += ["", f"### Retirement checklists ({len(report.checklists)})", ""]
    if not report.checklists:
        lines.append("No deprecated models.")
    for checklist in report.checklists:
        lines += _checklist(checklist)
    return _done(lines)


def _checklist(checklist: Checklist) -> list[str]:
    lines = [f"#### {_model(checklist.model)}", ""]
    facts = [f"owner {code(checklist.model.owner)}"]
    if checklist.notified is not None:
        facts.append(f"notice sent {checklist.notified}")
    if checklist.decommission is not None and checklist.days_left is not None:
        left = checklist.days_left
        when = (
            f"{days_text(left)} left"
            if left > 0
            else "today"
            if left == 0
            else f"{days_text(left)} ago"
        )
        facts.append(f"decommission {checklist.decommission} ({when})")
    if checklist.replacement:
        facts.append(f"replacement {code(checklist.replacement)}")
    elif checklist.no_replacement:
        facts.append(f"no replacement: {cell(checklist.no_replacement)}")
    traffic, before = checklist.traffic, checklist.previous_traffic
    if traffic.requests is None and before.requests is None:
        facts.append("requests unknown (no usage data)")
    else:
        facts.append(
            f"requests {requests(traffic)} from {traffic.start} to {traffic.end}, "
            f"{requests(before)} in the {days_text(before.days)} before"
        )
    lines += [" · ".join(facts), ""]
    rows = [[cell(s.item), "✅" if s.done else "❌", cell(s.detail)] for s in checklist.steps]
    lines += [*table(["step", "done", "detail"], rows), ""]
    return lines


def review(report: ReviewReport) -> str:
    lines = ["## Review report", "", *basis_lines(report.basis), ""]
    overdue = sum(1 for row in report.rows if row.overdue)
    lines.append(
        f"**{plural(len(report.rows), 'production model')} due for review** within "
        f"{days_text(report.within_days)} or overdue ({overdue} overdue) · reviews every "
        f"{days_text(report.interval_days)}"
    )
    lines.append("")
    if not report.rows:
        lines.append("None.")
        return _done(lines)
    rows = [
        [
            _model(row.model),
            code(row.model.owner),
            str(row.last_reviewed or "never"),
            cell(row.reviewer or ""),
            str(row.due),
            _due(row),
            requests(row.traffic),
            money(row.monthly_cost, row.currency or "")
            if row.monthly_cost is not None
            else "unknown",
        ]
        for row in report.rows
    ]
    headers = ["model", "owner", "last reviewed", "by", "due", "status", "requests (30 days)"]
    lines += table([*headers, "monthly cost"], rows)
    for row in report.rows:
        lines += ["", f"### {_model(row.model)}", ""]
        if not row.metrics:
            lines.append("No metrics recorded.")
            continue
        lines += table(
            ["metric", "value", "threshold", "previous", "change", "status"],
            [_metric(m) for m in row.metrics],
        )
    return _done(lines)


def _due(row: ReviewRow) -> str:
    text, urgent = row.state
    return f"**{text}**" if urgent else text


def _metric(status: MetricStatus) -> list[str]:
    direction = "≥" if status.higher_is_better else "≤"
    threshold = "none" if status.threshold is None else f"{direction} {number(status.threshold)}"
    previous = (
        f"{number(status.previous)} ({status.previous_evaluated})"
        if status.previous is not None
        else "none"
    )
    change = status.change
    shown = "" if change is None else signed(change)
    state = {"ok": "ok", "breached": "**breached**", "no-threshold": "no threshold"}
    text = state[status.state]
    if status.crossing is not None:
        text += f"; trend reaches the threshold around {status.crossing}"
    return [
        cell(status.name),
        f"{number(status.value)} ({status.evaluated})",
        threshold,
        previous,
        shown,
        text,
    ]


def health(report: HealthReport) -> str:
    lines = ["## Inventory health", "", *basis_lines(report.basis), ""]
    age = report.average_age_days
    rows = [
        ["active models (not archived)", f"{report.active} of {report.models}"],
        [
            "current documentation (updated within "
            f"{days_text(report.documentation_max_age_days)})",
            f"{report.documentation_current} of {report.active} "
            f"({percent(report.documentation_current, report.active)})",
        ],
        [
            "meeting their metric targets",
            f"{report.meeting_targets} of {report.with_targets} with targets "
            f"({percent(report.meeting_targets, report.with_targets)}); "
            f"{len(report.without_targets)} without targets",
        ],
        [
            "average model age",
            "unknown"
            if age is None
            else f"{age:.0f} days ({age / 365.25:.1f} years) over {report.dated} models "
            "with a created date",
        ],
    ]
    lines += table(["measure", "value"], rows)
    lines += ["", "### Models per stage", ""]
    lines += table(["stage", "models"], [[c.name, str(c.models)] for c in report.by_stage])
    lines += ["", "### Active models per risk level", ""]
    lines += table(["risk level", "models"], [[c.name, str(c.models)] for c in report.by_risk])
    lines += ["", "### Monthly cost by team (active models, per currency, not converted)", ""]
    if report.cost:
        cost_rows = [
            [
                "**total**" if c.team == "total" else code(c.team),
                money(c.monthly, c.currency),
                str(c.models),
            ]
            for c in report.cost
        ]
        lines += table(["team", "monthly cost", "models"], cost_rows)
    else:
        lines.append("No active model records a cost.")
    lines += ["", "### Needs attention", ""]
    attention = [
        ("documentation out of date or missing", report.documentation_stale),
        ("a metric on the wrong side of its threshold", report.not_meeting_targets),
        ("no metric with a threshold", report.without_targets),
        ("usage data for models not in the catalog", report.unregistered_usage),
    ]
    lines += [
        f"- {label}: {', '.join(code(name) for name in names) or 'none'}"
        for label, names in attention
    ]
    return _done(lines)
