"""The typed context of every page, the Jinja environment that renders them, and the
Content Security Policy every page carries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from modelinv.findings import Finding
from modelinv.inventory.index import Entry
from modelinv.model import Model
from modelinv.reports.common import money, number, signed
from modelinv.reports.markdown import percent, plural, requests
from modelinv.site import fragments
from modelinv.site.changes import Trail
from modelinv.site.chart import Chart
from modelinv.site.graph import Graph
from modelinv.site.health_history import History, TrendChart
from modelinv.site.report_pages import PageReport
from modelinv.site.review_html import review_rows
from modelinv.site.safety import safe_url
from modelinv.site.team_pages import TeamView
from modelinv.support.wording import days_text

if TYPE_CHECKING:  # its reader is imported by `build --discovery` alone
    from modelinv.discovery.saved import SavedDiscovery

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class Page:
    """What every page shares: the way back to the site root and the judging date."""

    root: str  # "" at the top, "../" one folder down
    title: str
    today: dt.date
    hrefs: dict[str, str]  # ref -> link relative to the site root


@dataclass(frozen=True, slots=True)
class IndexPage(Page):
    # The rows as JSON, safe inside a script element, in parts (one row each: the page is
    # written as it is rendered, so the 10 MB of rows at 10,000 models are never one text).
    data: Iterable[Markup]
    count: int
    invalid: tuple[tuple[str, tuple[Finding, ...]], ...]  # files that failed the schema
    exports: tuple[tuple[str, str], ...] = ()  # (file under exports/, what it is)


@dataclass(frozen=True, slots=True)
class MetricView:
    name: str
    value: float
    threshold: float | None
    higher_is_better: bool
    evaluated: dt.date
    passing: bool | None
    chart: Chart


@dataclass(frozen=True, slots=True)
class ModelPage(Page):
    entry: Entry
    model: Model
    ref: str
    graph: Graph
    metrics: tuple[MetricView, ...]
    checklist: tuple[tuple[str, bool, str], ...]
    findings: tuple[Finding, ...]
    source_url: str | None  # the YAML file on the forge, http(s) only
    source_path: str
    changes: Trail  # what the page lists of the commits that changed the file
    in_git: bool


@dataclass(frozen=True, slots=True)
class Listed:
    """One team, data asset or consumer with its related entities."""

    anchor: str
    ref: str
    title: str
    description: str | None
    facts: tuple[tuple[str, str], ...]
    related: tuple[tuple[str, tuple[str, ...]], ...]  # (relation label, refs)
    links: tuple[tuple[str, str], ...]  # (title, url), url maybe not http(s)


@dataclass(frozen=True, slots=True)
class ListingPage(Page):
    heading: str
    items: tuple[Listed, ...]


@dataclass(frozen=True, slots=True)
class ReportPage(Page):
    report: PageReport


@dataclass(frozen=True, slots=True)
class HealthPage(ReportPage):
    history: History
    charts: tuple[TrendChart, ...]
    discovery: SavedDiscovery | None = None  # counts shadow and orphan models when given


@dataclass(frozen=True, slots=True)
class ShadowPage(Page):
    discovery: SavedDiscovery


@dataclass(frozen=True, slots=True)
class TeamPage(Page):
    view: TeamView


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("modelinv.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_url"] = safe_url
    env.filters["days"] = days_text
    env.filters["number"] = number
    env.filters["signed"] = signed
    env.filters["percent"] = percent
    env.filters["requests"] = requests
    env.filters["money"] = money
    env.filters["plural"] = plural
    # Written as is: a constant whose only quotes are single, inside a double-quoted
    # attribute (escaped, each was five bytes on every page; tests/site/test_output.py).
    env.globals["CSP"] = Markup(CSP)
    env.globals.update(
        ref=fragments.ref,
        refs=fragments.refs,
        url=fragments.url,
        chart=fragments.chart,
        review_rows=review_rows,
    )
    return env


# Stand-ins for a page's title and body while its layout is rendered once (`Layout.of`):
# escaping leaves them as they are, and no template writes them.
_TITLE, _BODY = "\x00title\x00", "\x00body\x00"


@dataclass(frozen=True, slots=True)
class Layout:
    """A template's text around a page's title and body, rendered once for many pages that
    differ only in those two (every model page: same way back to the root, same date).
    `page(title, body)` is the very text the template gives for that page."""

    head: str
    middle: str
    tail: str

    @classmethod
    def of(cls, env: Environment, template: str, root: str, today: dt.date) -> Layout:
        """`template` must use the page's title once and `body` once, and nothing else of
        the page but `root` and `today`: anything else fails here (strict undefined)."""
        text = env.get_template(template).render(
            page=Page(root, _TITLE, today, {}), body=Markup(_BODY)
        )
        head, middle, tail = _split_once(text, _TITLE, _BODY)
        return cls(head, middle, tail)

    def page(self, title: str, body: str) -> str:
        # A join, not `+`: adding a str to Markup would escape the str.
        return "".join((self.head, fragments.escape(title), self.middle, body, self.tail))


def _split_once(text: str, first: str, second: str) -> tuple[str, str, str]:
    if text.count(first) != 1 or text.count(second) != 1 or text.index(first) > text.index(second):
        raise ValueError("the layout must show the title once, then the body once")
    head, rest = text.split(first)
    middle, tail = rest.split(second)
    return head, middle, tail


def subset_hrefs(hrefs: dict[str, str], refs: Iterable[str]) -> dict[str, str]:
    """The links a page needs: its inputs then name only what it shows."""
    return {r: hrefs[r] for r in sorted(set(refs)) if r in hrefs}
