"""The review page's rows (its summary table and one section per model), written in Python.

Why not the template's loops: at 10,000 models the review report lists every production
model whose review is due (3,623 in the bench's catalog), and Jinja's loop objects, filter
calls and escape calls took 0.25 s to render the page (0.14 s here). The text is what
`templates/review.html` gave, byte for byte (tests/site/golden/review*.html).

Escaping as in `model_html`: every value from the catalog or the usage data goes through
`esc` (the templates' autoescape); refs are linked by `fragments`.
"""

from __future__ import annotations

from markupsafe import Markup

from modelinv.reports.common import money, number, signed
from modelinv.reports.markdown import requests
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.review import ReviewReport, ReviewRow
from modelinv.site import fragments
from modelinv.site.fragments import Linking
from modelinv.site.fragments import escape as esc

_STATE = {"ok": "ok", "breached": "breached", "no-threshold": "no threshold"}
_STATE_CLASS = {"breached": "bad", "ok": "ok"}
_NOT_RECORDED = '<span class="missing">not recorded</span>'


def review_rows(page: Linking, report: ReviewReport) -> Markup:
    """Everything after the page's introduction: the summary table and the sections."""
    rows = report.rows
    if not rows:
        return Markup("<p>No production model is due for review.</p>\n")
    return Markup(_summary(page, rows) + "".join(_section(page, row) for row in rows))


def _summary(page: Linking, rows: tuple[ReviewRow, ...]) -> str:
    overdue = sum(1 for row in rows if row.overdue)
    out = [
        '<div class="scroll">\n',
        f'<table class="summary" id="summary"><caption>{len(rows)} '
        f"model{'' if len(rows) == 1 else 's'} to review: {overdue} overdue</caption>\n",
        "<thead><tr><th>model</th><th>owner</th><th>last reviewed</th><th>due</th>"
        '<th>state</th><th class="num">metrics breached</th><th class="num">requests '
        f'(last {esc(rows[0].traffic.days)} days)</th><th class="num">monthly cost</th>'
        "</tr></thead><tbody>\n",
    ]
    for row in rows:
        model_id = esc(row.model.id)
        breached = sum(1 for m in row.metrics if m.state == "breached")
        out.append(
            f'<tr><td><a href="#{model_id}">{model_id}</a></td>'
            f"<td>{fragments.ref_html(page, row.model.owner)}</td>"
            f"<td>{esc(row.last_reviewed or 'never')}</td><td>{esc(row.due)}</td>"
            f"<td>{_due_state(row)}</td>"
            f'<td class="num">{breached} of {len(row.metrics)}</td>'
            f'<td class="num">{esc(requests(row.traffic))}</td>'
            f'<td class="num">{_cost(row, "")}</td></tr>\n'
        )
    out.append("</tbody></table>\n</div>\n")
    return "".join(out)


def _section(page: Linking, row: ReviewRow) -> str:
    info = row.model
    title = f' <span class="muted">{esc(info.title)}</span>' if info.title != info.id else ""
    if row.last_reviewed:
        reviewer = f" by {esc(row.reviewer)}" if row.reviewer else ""
        reviewed = f"{esc(row.last_reviewed)}{reviewer}"
    else:
        reviewed = '<span class="bad">never</span>'
    traffic = row.traffic
    period = (
        f" ({esc(traffic.start)} to {esc(traffic.end)})" if traffic.requests is not None else ""
    )
    out = [
        f'<section class="card" id="{esc(info.id)}">\n',
        f"<h2>{fragments.ref_html(page, info.ref)}{title}</h2>\n",
        "<dl>\n",
        f"<dt>owner</dt><dd>{fragments.ref_html(page, info.owner)}</dd>\n",
        f"<dt>last reviewed</dt><dd>{reviewed}</dd>\n",
        f"<dt>due</dt><dd>{esc(row.due)}: {_due_state(row)}</dd>\n",
        f"<dt>requests</dt><dd>{esc(requests(traffic))}{period}</dd>\n",
        f"<dt>monthly cost</dt><dd>{_cost(row, _NOT_RECORDED)}</dd>\n",
        "</dl>\n",
    ]
    if row.metrics:
        out.append(
            '<div class="scroll"><table><thead><tr><th>metric</th><th>value</th>'
            "<th>threshold</th><th>baseline</th><th>change</th><th>state</th></tr></thead>"
            "<tbody>\n"
        )
        out += [_metric(m) for m in row.metrics]
        out.append("</tbody></table></div>\n")
    else:
        out.append('<p class="missing">no metrics recorded</p>\n')
    out.append("</section>\n")
    return "".join(out)


def _metric(m: MetricStatus) -> str:
    if m.threshold is None:
        threshold = "none"
    else:
        threshold = f"{'≥' if m.higher_is_better else '≤'} {esc(number(m.threshold))}"
    if m.previous is None:
        baseline = "none"
    else:
        baseline = f"{esc(number(m.previous))} ({esc(m.previous_evaluated)})"
    change = m.change
    crossing = f"; trend reaches the threshold around {esc(m.crossing)}" if m.crossing else ""
    return (
        f"<tr><td>{esc(m.name)}</td>"
        f'<td class="num">{esc(number(m.value))} ({esc(m.evaluated)})</td>'
        f"<td>{threshold}</td><td>{baseline}</td>"
        f'<td class="num">{esc(signed(change)) if change is not None else ""}</td>'
        f'<td class="{_STATE_CLASS.get(m.state, "")}">{esc(_STATE[m.state])}{crossing}</td>'
        "</tr>\n"
    )


def _due_state(row: ReviewRow) -> str:
    text, urgent = row.state
    return f'<span class="bad">{esc(text)}</span>' if urgent else esc(text)


def _cost(row: ReviewRow, missing: str) -> str:
    if row.monthly_cost is None:
        return missing
    return esc(money(row.monthly_cost, row.currency or ""))
