"""HTML fragments that repeat on many pages (ref links, URLs, dependency lists, charts, the
dependency graph), built in Python rather than as Jinja macros.

Why: a macro call costs Jinja a context, a loop object and an escape call per expression;
at 10,000 model pages these fragments were most of the build's time (~600 escape calls a
page). Each function here escapes every value that can come from YAML with `escape`
(what `markupsafe.escape`, the templates' autoescape, gives) and returns HTML: as a str for
the model page's body (`model_html`), as `Markup` for a template, which inserts it as it
is. Numbers (coordinates, sizes, counts) are computed by the build, never read as text.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from functools import lru_cache
from typing import Protocol

from markupsafe import Markup

from modelinv.site.chart import Chart
from modelinv.site.graph import NODE_H, NODE_W, Graph, Linked
from modelinv.site.safety import safe_url


def _escape_text(text: str) -> str:
    """`&<>"'` of `text` as `&amp; &lt; &gt; &#34; &#39;`: MarkupSafe's own rule."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


try:
    # MarkupSafe 3's C escaper of a str to a str, the one `markupsafe.escape` calls: about
    # half the cost of the five replaces above, and ~130 values are escaped on each model
    # page. It is private, so the replaces stay as the fallback (tests hold the two equal).
    from markupsafe._speedups import _escape_inner

    _fast_escape_text: Callable[[str], str] = _escape_inner
except ImportError:  # pragma: no cover - MarkupSafe 2 or without its C extension
    _fast_escape_text = _escape_text


def escape(value: object) -> str:
    """`value` as HTML text: what `markupsafe.escape` (the templates' autoescape) gives,
    byte for byte (`&<>"'` become `&amp; &lt; &gt; &#34; &#39;`), as a plain str and about
    four times as fast in an f-string; markup (anything with `__html__`) is kept as it is."""
    if type(value) is str:  # nearly every value: ~100 a model page
        return _fast_escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _fast_escape_text(str(value))


class Linking(Protocol):
    """What a page offers its links: the way back to the site root and ref -> link."""

    @property
    def root(self) -> str: ...

    @property
    def hrefs(self) -> dict[str, str]: ...


@lru_cache(maxsize=1 << 16)  # a ref is linked from many pages: its markup is made once
def _ref_html(root: str, href: str | None, target: str) -> str:
    if href is None:
        return f'<span class="dangling">{escape(target)}</span>'
    return f'<a href="{escape(root)}{escape(href)}">{escape(target)}</a>'


# Each fragment comes twice: `NAME_html` gives a str, for the model page's body, which is
# assembled in Python (wrapping every fragment in `Markup` cost ~0.5 us, ~15 a page); `NAME`
# gives the same as `Markup`, for the templates, whose autoescape must leave it as it is.


def ref_html(page: Linking, target: str) -> str:
    """A ref as a link to its page, or marked dangling when it has none."""
    return _ref_html(page.root, page.hrefs.get(target), target)


def ref(page: Linking, target: str) -> Markup:
    return Markup(ref_html(page, target))


def refs_html(page: Linking, targets: Iterable[str], empty: str = "none") -> str:
    """Refs as links, comma separated; `empty` when there are none."""
    root, hrefs = page.root, page.hrefs
    parts = [_ref_html(root, hrefs.get(target), target) for target in targets]
    return ", ".join(parts) if parts else escape(empty)


def refs(page: Linking, targets: Iterable[str], empty: str = "none") -> Markup:
    return Markup(refs_html(page, targets, empty))


def url_html(address: str, text: str | None = None) -> str:
    """An http(s) address as a link (opened without referrer), anything else as text."""
    shown = escape(text or address)
    safe = safe_url(address)
    if safe:
        return f'<a href="{escape(safe)}" rel="noopener noreferrer">{shown}</a>'
    if text:
        return (
            f'<span class="text-url">{shown}</span> <span class="text-url">({escape(address)})'
            "</span>"
        )
    return f'<span class="text-url">{shown}</span>'


def url(address: str, text: str | None = None) -> Markup:
    return Markup(url_html(address, text))


def linked(
    page: Linking, side: str, items: Iterable[Linked], more: int, direct: int, drawn: Container[str]
) -> str:
    """One side of the dependency section: how many refs there are (how many direct), then
    those of the nearest that the graph does not draw, with their distance, and how many
    more there are. A drawn ref is a link in the graph already: listing it again cost
    ~0.7 kB on every page."""
    items = list(items)
    total = len(items) + more
    if not total:
        return f"{side}: none."
    parts = []
    for item in items:
        if item.ref in drawn:
            continue
        text = _ref_html(page.root, item.href or None, item.ref)
        if item.steps > 1:
            text += f" <small>({item.steps} steps)</small>"
        parts.append(text)
    html = f"{side}: {total:,} {'ref' if total == 1 else 'refs'} ({direct:,} direct)"
    if not parts and not more:
        return html + ", all drawn below."
    left_out = ", ".join(parts)
    if more:
        left_out += f" and {more:,} more" if parts else f"{more:,} more"
    return f"{html}; not drawn below: {left_out}."


def chart(c: Chart, label: str, kind: str = "") -> Markup:
    return Markup(chart_html(c, label, kind))


def chart_html(c: Chart, label: str, kind: str = "") -> str:
    """A line chart as inline SVG (see site.chart for its geometry). Lines that only draw
    (grid, axes, tick marks) are single paths, the presentation is in site.css, and the
    elements that share a class (tick labels, dots) share one group that carries it: a
    chart is drawn on every metric of every model page, so its bytes count."""
    extra = f" {escape(kind)}" if kind else ""
    if c.summary:  # a dense series dots only three values: its name says the rest
        label = f"{label}: {c.summary}"
    out = [
        f'<svg class="chart{extra}" role="img" aria-label="{escape(label)}" width="{c.width}" '
        f'height="{c.height}" viewBox="0 0 {c.width} {c.height}">\n',
        _frame(c.left, c.top, c.right, c.bottom, c.y_ticks, c.x_ticks, c.y_title),
    ]
    if c.threshold_y is not None:
        out.append(
            f'<path class="threshold" d="M{c.left} {c.threshold_y}H{c.right}">'
            f"<title>{escape(c.threshold_label)}</title></path>"
        )
    out.append(f'<polyline class="line" points="{escape(c.points)}"/>\n')
    out.append('<g class="dot">')
    out += [
        f'<circle cx="{x}" cy="{y}" r="3"><title>{escape(title)}</title></circle>'
        for x, y, title in c.dots
    ]
    out.append("</g></svg>")
    return "".join(out)


# Charts share their axes (see site.chart): each axis's markup is made once. Not the whole
# frame at once: scales and date spans combine (10,000 models: 588 scales and 61 spans in
# 10,574 pairs).
@lru_cache(maxsize=4096)
def _value_axis_markup(
    left: int, right: int, y_ticks: tuple[tuple[float, str], ...]
) -> tuple[str, str]:
    """The grid's path and the value axis's labels."""
    grid = "".join(f"M{left} {y}H{right}" for y, _ in y_ticks)
    labels = "".join(
        f'<text x="{left - 4}" y="{y + 3}">{escape(text)}</text>' for y, text in y_ticks
    )
    return (f'<path class="grid" d="{grid}"/>\n', f'<g class="y-tick">{labels}</g>')


@lru_cache(maxsize=4096)
def _date_axis_markup(
    left: int, top: int, right: int, bottom: int, x_ticks: tuple[tuple[float, str], ...]
) -> tuple[str, str]:
    """The axes' path (with the date ticks' marks) and the date axis's labels."""
    marks = "".join(f"M{x} {bottom}v3" for x, _ in x_ticks)
    labels = "".join(
        f'<text x="{x}" y="{bottom + 14}">{escape(text)}</text>' for x, text in x_ticks
    )
    return (
        f'<path class="axis" d="M{left} {top}V{bottom}H{right}{marks}"/>\n',
        f'<g class="x-tick">{labels}</g>',
    )


@lru_cache(maxsize=256)
def _axis_title(left: int, top: int, y_title: str) -> str:
    if not y_title:
        return ""
    return f'<text class="axis-title" x="{left - 4}" y="{top - 10}">{escape(y_title)}</text>'


def _frame(
    left: int,
    top: int,
    right: int,
    bottom: int,
    y_ticks: tuple[tuple[float, str], ...],
    x_ticks: tuple[tuple[float, str], ...],
    y_title: str,
) -> str:
    """A chart's grid, axes, tick labels (each axis's in one group that carries their
    class, and so their alignment) and axis title."""
    grid, y_labels = _value_axis_markup(left, right, y_ticks)
    axes, x_labels = _date_axis_markup(left, top, right, bottom, x_ticks)
    return f"{grid}{axes}{y_labels}{x_labels}{_axis_title(left, top, y_title)}\n"


# What every node and edge of a graph refers to: the arrowhead and the node's box (drawn by
# `<use>`, which takes its fill and stroke from site.css through the `<use>` element).
_DEFS = (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
    'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
    f'</marker><rect id="box" width="{NODE_W}" height="{NODE_H}" rx="4"/></defs>\n'
)


_CENTER = ' class="center"'


def graph_html(page: Linking, g: Graph) -> str:
    """The dependency graph as inline SVG: the model in the middle, linked nodes around
    (boxes and labels are styled by site.css). A node is its link (or a group when it has
    none), its box and its label; a label cut short to fit is followed by the full ref as
    the node's title (its tooltip and accessible name). A label shown whole is the node's
    name already, so a title repeating it is left out: the graph is on every model page,
    and its markup was a fifth of a page's bytes."""
    root = escape(page.root)
    out = [
        f'<svg class="graph" role="group" aria-label="dependency graph" width="{g.width}" '
        f'height="{g.height}" viewBox="0 0 {g.width} {g.height}">\n',
        _DEFS,
        '<g class="edges">',
    ]
    out += [f'<path d="{e.path}"/>' for e in g.edges]  # numbers only: nothing to escape
    out.append("</g>\n")
    for n in g.nodes:
        start, label, end = _node_parts(
            root, n.href if not n.center else None, n.ref, n.label, n.center
        )
        out.append(
            f'{start}<use href="#box" x="{n.x}" y="{n.y}"/><text x="{n.x + 8}" y="{n.y + 17}">'
            f"{label}</text>{end}"
        )
    out.append("</svg>")
    return "".join(out)


@lru_cache(maxsize=1 << 16)  # a ref is drawn on many pages: its markup is escaped once
def _node_parts(
    root: str, href: str | None, ref: str, label: str, center: bool
) -> tuple[str, str, str]:
    """A node's markup around its box: the opening (its link or group, and its title when
    the label is cut short), the label, and the closing tag. A node is the svg's only link
    or group but the edges': site.css styles them by that, not by a class repeated on every
    node of every page."""
    title = f"<title>{escape(ref)}</title>" if label != ref else ""
    if href:
        return f'<a href="{root}{escape(href)}">{title}', escape(label), "</a>\n"
    return f"<g{_CENTER if center else ''}>{title}", escape(label), "</g>\n"
