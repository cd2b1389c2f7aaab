"""The report pages' inputs: the reports (made once, by the report functions, never
recomputed here) and the Markdown and JSON files written next to the pages for CI."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from modelinv.inventory.inventory import Inventory
from modelinv.reports import render_json, render_md
from modelinv.reports.common import basis
from modelinv.reports.health import HealthReport
from modelinv.reports.index import (
    IndexEntry,
    ModelDerived,
    index_entries,
    index_policy,
    models_derived,
)
from modelinv.reports.model_facts import FactsOf, each_time
from modelinv.reports.retirement import RetirementReport, retirement_report
from modelinv.reports.review import ReviewReport
from modelinv.reports.usage import Usage
from modelinv.support.text import utf8

PageReport = RetirementReport | ReviewReport | HealthReport
Writer = Callable[[str, Iterable[bytes]], None]  # (file name, its bytes in pieces)


@dataclass(frozen=True, slots=True)
class Reports:
    """The reports the building process makes (the review and health reports are made by
    workers meanwhile, see `report_files`)."""

    retirement: RetirementReport
    flags: dict[str, tuple[str, ...]]  # model id -> health flags from the index report


# (page file, title): each page's template has the page's file name; every page links them
# from its nav bar.
RETIREMENT_PAGE = ("retirement.html", "Retirement")
REVIEW_PAGE = ("review.html", "Reviews due")
HEALTH_PAGE = ("health.html", "Health")


def make_reports(
    catalog: Inventory,
    usage: Usage,
    write: Writer,
    index_json: bool = False,
    facts: FactsOf = each_time,
) -> Reports:
    """The reports for the pages; their files (`reports/NAME.md`, `reports/NAME.json` and,
    with `index_json`, `index.json`, the index report) go to `write` as they are made. The
    JSON is compact (the same value as `modelinv report`: `index.json`, the whole catalog,
    is 40% smaller and the encoder runs in C). `index.json` is written one entity at a
    time, never the whole catalog's data at once. `facts` gives the models' facts (see
    `reports/model_facts.py`)."""
    retirement = retirement_report(catalog, usage, facts)
    flags: dict[str, tuple[str, ...]] = {}
    if index_json:

        def noting_flags(entries: Iterator[IndexEntry]) -> Iterator[IndexEntry]:
            for entry in entries:
                if entry.kind == "Model" and isinstance(entry.derived, ModelDerived):
                    # the first file for an id, as `models_derived` (a second is left out)
                    flags.setdefault(entry.name, tuple(entry.derived.flags))
                yield entry

        entries = noting_flags(
            index_entries(catalog, usage, retirement, render_json.entity_json, facts)
        )
        chunks = render_json.index_chunks(basis(catalog, usage), index_policy(catalog), entries)
        write("index.json", (utf8(chunk) for chunk in chunks))
    else:
        for _, known, derived in models_derived(catalog, usage, retirement, facts):
            flags[known.name] = tuple(derived.flags)
    write(
        "reports/retirement.md",
        (utf8(render_md.retirement(retirement)),),
    )
    json_text = render_json.render(retirement, compact=True)
    write("reports/retirement.json", (utf8(json_text),))
    return Reports(retirement, flags)


def report_files(report: HealthReport | ReviewReport) -> tuple[bytes, Callable[[], bytes]]:
    """A report's `reports/NAME.json` (compact, as `make_reports` writes; made now: it
    holds the report's whole value, which the site keeps the report's files and page by)
    and how to make its `reports/NAME.md`."""
    json_bytes = utf8(render_json.render(report, compact=True))
    if isinstance(report, HealthReport):
        health = report
        return json_bytes, lambda: utf8(render_md.health(health))
    review = report
    return json_bytes, lambda: utf8(render_md.review(review))
