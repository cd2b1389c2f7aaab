"""The body of a model page (everything inside `<main>`), written in Python.

Why not a Jinja template: there is one model page per model, and with Jinja each page cost
~0.3 ms of attribute lookups, loop objects and escape calls (10,000 pages: 3 s of a build
budgeted at ~5 s). The page's layout (head, CSP, nav) stays in `templates/base.html`; the
body is assembled here section by section in the order the page shows them.

Escaping: every value that comes from the catalog, git or findings goes through `esc`
(`fragments.escape`: the templates' autoescape, byte for byte); links go through
`fragments`, which keep only http(s) URLs as links. Numbers and dates are formatted by the
build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from modelinv.gitdata.git import CUT, LogEntry
from modelinv.reports.common import money, number
from modelinv.site import fragments
from modelinv.site.fragments import escape as esc
from modelinv.site.pages import MetricView, ModelPage
from modelinv.support.unsafe_text import visible

_MISSING = '<p class="missing">none recorded</p>'
_STATUS = {"A": "created", "M": "changed", "D": "deleted", CUT: "history cut"}


_Section = Callable[[ModelPage], str]


def model_body(page: ModelPage) -> str:
    """The page's main content (HTML), as the model page shows it."""
    return "".join([section(page) for section in SECTIONS])


def _title(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    s = m.spec
    meta = m.metadata
    lifecycle = esc(s.lifecycle)
    add(f"<h1>{esc(meta.title)} <code>{esc(meta.name)}</code></h1>\n")
    add(f'<p class="badges"><span class="stage stage-{lifecycle}">{lifecycle}</span>\n')
    out += [f'<span class="tag">{esc(tag)}</span>' for tag in meta.tags]
    add("</p>\n")
    if meta.description:
        add(f'<p class="description">{esc(meta.description)}</p>')
    if page.source_url:
        source = (
            f'<a href="{esc(page.source_url)}" rel="noopener noreferrer">'
            f"{esc(page.source_path)}</a>"
        )
    else:
        source = f"<code>{esc(page.source_path)}</code>"
    add(f'<p class="source">Source: {source}</p>\n\n')
    return "".join(out)


def _owner(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    s = m.spec
    meta = m.metadata
    add('<h2 id="owner">Owner and maintainer</h2>\n<dl>\n')
    add(f"<dt>owner</dt><dd>{fragments.ref_html(page, s.owner)}</dd>\n")
    if s.maintainer:
        who = f"{esc(s.maintainer.name)} &lt;{esc(s.maintainer.email)}&gt;"
    else:
        found = s.discovered
        who = (
            f"not yet named (discovered {esc(found.when)} from {esc(found.source)})"
            if found
            else "not yet named"  # the schema requires one of the two
        )
    add(f"<dt>maintainer</dt><dd>{who}</dd>\n")
    if s.created:
        add(f"<dt>created</dt><dd>{esc(s.created)}</dd>")
    if meta.links:
        links = ", ".join(fragments.url_html(link.url, link.title) for link in meta.links)
        add(f"<dt>links</dt><dd>{links}</dd>")
    add("</dl>\n\n")
    return "".join(out)


def _deployments(page: ModelPage) -> str:
    s = page.model.spec
    table = _MISSING
    if s.deployments:
        table = _table(
            "<th>environment</th><th>platform</th><th>location</th><th>endpoint</th>"
            "<th>resource</th>",
            (
                f"<tr><td>{esc(d.environment)}</td><td>{esc(d.platform)}</td>"
                f"<td>{esc(d.location or '')}</td>"
                f"<td>{fragments.url_html(d.endpoint) if d.endpoint else ''}</td>"
                f"<td>{esc(d.resource or '')}</td></tr>\n"
                for d in s.deployments
            ),
        )
    slo = ""
    if s.slo:
        if s.slo.latency_p99_ms is not None:
            slo += f"p99 latency {esc(number(s.slo.latency_p99_ms))} ms"
        if s.slo.availability is not None:
            slo += f" · availability {esc(number(s.slo.availability))} %"
        slo = f"<p>SLO: {slo}</p>"
    return _section("deployments", "Deployments", table + slo)


def _training_data(page: ModelPage) -> str:
    items = "".join(
        f"<li>{fragments.ref_html(page, t.source)}: {esc(t.from_)} to "
        f"{esc(t.to or 'training date')}</li>"
        for t in page.model.spec.training_data or ()
    )
    return _section("training-data", "Training data", items and f"<ul>{items}</ul>\n")


def _metrics(page: ModelPage) -> str:
    table = page.metrics and _table(
        '<th>metric</th><th class="num">value</th><th class="num">threshold</th>'
        "<th>status</th><th>evaluated</th><th>history</th>",
        map(_metric_row, page.metrics),
        "metrics",
    )
    return _section("metrics", "Metrics", table or "")


def _dependencies(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    s = m.spec
    g = page.graph
    add('<h2 id="dependencies">Dependencies</h2>\n')
    drawn = {node.ref for node in g.nodes}
    up = fragments.linked(page, "Upstream", g.upstream, g.upstream_more, g.upstream_direct, drawn)
    down = fragments.linked(
        page, "Downstream", g.downstream, g.downstream_more, g.downstream_direct, drawn
    )
    add(f"<p>{up}</p>\n<p>{down}</p>\n")
    add(f'<div class="graph-wrap">\n{fragments.graph_html(page, g)}\n</div>\n')
    add(f"<p>Direct consumers: {fragments.refs_html(page, s.consumers or ())}.</p>\n\n")
    return "".join(out)


def _compliance(page: ModelPage) -> str:
    compliance = page.model.spec.compliance
    body = ""
    if compliance:
        risk = esc(compliance.risk_level)
        regulations = ", ".join(esc(r) for r in compliance.regulations) or "none"
        body = (
            f'<dl>\n<dt>risk level</dt><dd><span class="risk risk-{risk}">{risk}</span></dd>\n'
            f"<dt>regulations</dt><dd>{regulations}</dd>\n"
            f"<dt>last audit</dt><dd>{esc(compliance.last_audit or 'never')}</dd>\n</dl>\n"
        )
    return _section("compliance", "Compliance", body)


def _cost(page: ModelPage) -> str:
    cost = page.model.spec.cost
    body = ""
    if cost:
        per = ""
        if cost.per_prediction is not None:
            per = f"; {esc(money(cost.per_prediction, cost.currency))} per prediction"
        body = f"<p>{esc(money(cost.monthly, cost.currency))} per month{per}</p>\n"
    return _section("cost", "Cost", body)


def _retraining(page: ModelPage) -> str:
    retraining = page.model.spec.retraining
    body = retraining and (
        f"<p>Schedule: {esc(retraining.schedule)}; last retrained "
        f"{esc(retraining.last_retrained or 'unknown')}.</p>\n"
    )
    return _section("retraining", "Retraining", body or "")


def _limitations(page: ModelPage) -> str:
    items = "".join(f"<li>{esc(item)}</li>" for item in page.model.spec.limitations or ())
    return _section("limitations", "Known limitations", items and f"<ul>{items}</ul>\n")


def _documentation(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    s = m.spec
    add('<h2 id="documentation">Documentation and review</h2>\n<dl>\n')
    if s.documentation:
        card = fragments.url_html(s.documentation.url)
        if s.documentation.updated:
            card += f" (updated {esc(s.documentation.updated)})"
    else:
        card = "none"
    add(f"<dt>model card</dt><dd>{card}</dd>\n")
    if s.review:
        reviewed = str(esc(s.review.last_reviewed))
        if s.review.reviewer:
            reviewed += f" by {esc(s.review.reviewer)}"
    else:
        reviewed = "never"
    add(f"<dt>last reviewed</dt><dd>{reviewed}</dd>\n</dl>\n\n")
    return "".join(out)


def _deprecation(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    s = m.spec
    add('<h2 id="deprecation">Deprecation and retirement</h2>\n')
    block = s.deprecation
    if block:
        if block.replacement:
            successor = fragments.ref_html(page, block.replacement)
        else:
            successor = f"none: {esc(block.no_replacement)}"
        add(
            f"<dl>\n<dt>notified</dt><dd>{esc(block.notified)}</dd>\n"
            f"<dt>decommission</dt><dd>{esc(block.decommission)}</dd>\n"
            f"<dt>successor</dt><dd>{successor}</dd>\n</dl>\n"
        )
    else:
        add("<p>Not deprecated.</p>")
    if s.lifecycle in ("deprecated", "archived") or s.deprecation or s.retirement:
        add('<ul class="checklist">\n')
        for item, done, detail in page.checklist:
            more = f": {esc(detail)}" if detail else ""
            state, mark = ("done", "✔") if done else ("todo", "✘")
            add(f'<li class="{state}">{mark} {esc(item)}{more}</li>')
        add("</ul>\n")
    add("\n")
    return "".join(out)


def _waivers(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    meta = m.metadata
    add('<h2 id="waivers">Waivers</h2>\n')
    if meta.waivers:
        expired = ' <span class="bad">expired</span>'
        add(
            _table(
                "<th>rule</th><th>reason</th><th>approved by</th><th>expires</th>",
                (
                    f"<tr><td>{esc(w.rule)}</td><td>{esc(w.reason)}</td>"
                    f"<td>{esc(w.approved_by)}</td><td>{esc(w.expires)}"
                    f"{expired if w.expires < page.today else ''}</td></tr>"
                    for w in meta.waivers
                ),
            )
        )
    else:
        add("<p>None.</p>")
    add("\n")
    return "".join(out)


def _changes(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    meta = page.model.metadata
    trail = page.changes
    add('<h2 id="changes">Change history</h2>\n')
    if trail.newest:
        rows = [_change_row(c) for c in trail.newest]
        if trail.first is not None:
            gap = f"{trail.left_out:,} earlier {'change' if trail.left_out == 1 else 'changes'}"
            rows.append(f'<tr class="gap"><td colspan="5">… {gap} …</td></tr>\n')
            rows.append(_change_row(trail.first))
        add(
            _table(
                "<th>date</th><th>commit</th><th>author</th><th>change</th><th>subject</th>",
                rows,
                "changes",
            )
        )
        lead = "Field by field" if trail.first is None else f"All {trail.total:,}, field by field"
        add(f'<p class="note">{lead}: <code>modelinv history {esc(meta.name)}</code>.</p>\n')
        if (trail.first or trail.newest[-1]).status == CUT:
            add(
                '<p class="missing">History cut: this site was built from a shallow clone of '
                "the repository, and changes older than its oldest commit were not fetched."
                "</p>\n"
            )
    elif page.in_git:
        add("<p>No commit has changed this file yet.</p>\n")
    else:
        add("<p>No change history: this build did not read the catalog from git.</p>")
    add("\n")
    return "".join(out)


def _change_row(c: LogEntry) -> str:
    # Authors and subjects come from git, not from the checked catalog: an escape sequence
    # or a bidi override in one is shown as `\u001b`, as `modelinv history` shows it.
    return (
        f"<tr><td>{esc(c.date[:10])}</td><td><code>{esc(c.commit[:8])}</code></td>"
        f"<td>{esc(visible(c.author))}</td><td>{esc(_change(c.status))}</td>"
        f"<td>{esc(visible(c.subject))}</td></tr>\n"
    )


def _findings(page: ModelPage) -> str:
    out: list[str] = []
    add = out.append
    m = page.model
    meta = m.metadata
    add('<h2 id="findings">Findings</h2>\n')
    if page.findings:
        add('<ul class="findings">\n')
        path = esc(page.source_path)
        for f in page.findings:
            hint = f" ({esc(f.hint)})" if f.hint else ""
            add(
                f'<li class="{esc(f.severity.value)}"><code>{path}:{f.location.line}:'
                f"{f.location.column}</code> {esc(f.code)} {esc(f.message)}{hint}</li>"
            )
        add("</ul>\n")
    else:
        add('<p class="ok">No findings.</p>')
    add("\n")

    if meta.annotations:
        add('<h2 id="annotations">Annotations</h2>\n<dl>')
        for key, value in sorted(meta.annotations.items(), key=lambda kv: kv[0].lower()):
            add(f"<dt>{esc(key)}</dt><dd>{esc(value)}</dd>")
        add("</dl>\n")
    return "".join(out)


SECTIONS: tuple[_Section, ...] = (
    _title,
    _owner,
    _deployments,
    _training_data,
    _metrics,
    _dependencies,
    _compliance,
    _cost,
    _retraining,
    _limitations,
    _documentation,
    _deprecation,
    _waivers,
    _changes,
    _findings,
)


def _section(anchor: str, heading: str, body: str) -> str:
    """A section: its heading, its body ("none recorded" when there is none), a blank line."""
    return f'<h2 id="{anchor}">{heading}</h2>\n{body or _MISSING}\n'


def _table(head: str, rows: Iterable[str], css: str = "") -> str:
    """A table that scrolls sideways on narrow screens: `head` is the header cells, each of
    `rows` a whole `<tr>`."""
    attr = f' class="{css}"' if css else ""
    return (
        f'<div class="scroll"><table{attr}><thead><tr>{head}</tr></thead><tbody>\n'
        + "".join(rows)
        + "</tbody></table></div>\n"
    )


def _change(status: str) -> str:
    """A git status letter (R100 for a rename) in words."""
    kind = status[:1]
    return _STATUS.get(kind, "renamed" if kind == "R" else status)


def _metric_row(mv: MetricView) -> str:
    threshold = ""
    label = f"history of {mv.name}"
    if mv.threshold is not None:
        shown = number(mv.threshold)
        threshold = f"{'≥' if mv.higher_is_better else '≤'} {esc(shown)}"
        label += f" against its threshold {shown}"
    if mv.passing is None:
        status = "no threshold"
    elif mv.passing:
        status = '<span class="ok">meets</span>'
    else:
        status = '<span class="bad">misses</span>'
    return (
        f'<tr>\n<td>{esc(mv.name)}</td>\n<td class="num">{esc(number(mv.value))}</td>\n'
        f'<td class="num">{threshold}</td>\n<td>{status}</td>\n<td>{esc(mv.evaluated)}</td>\n'
        f"<td>{fragments.chart_html(mv.chart, label)}</td>\n</tr>\n"
    )
