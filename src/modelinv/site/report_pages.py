"""The report pages' inputs: the reports (made once, by the report functions, never
recomputed here) and the Markdown and JSON files written next to the pages for CI."""

from __future__ import annotations

from dataclasses import dataclass

from modelinv.inventory.inventory import Inventory
from modelinv.reports import render_json, render_md
from modelinv.reports.health import HealthReport, health_report
from modelinv.reports.index import ModelDerived, index_report
from modelinv.reports.retirement import RetirementReport, retirement_report
from modelinv.reports.review import ReviewReport, review_report
from modelinv.reports.usage import Usage

PageReport = RetirementReport | ReviewReport | HealthReport


@dataclass(frozen=True, slots=True)
class Reports:
    retirement: RetirementReport
    review: ReviewReport
    health: HealthReport
    flags: dict[str, tuple[str, ...]]  # model id -> health flags from the index report

    def pages(self) -> tuple[tuple[str, str, PageReport], ...]:
        """(page file, title, report): each page's template has the page's file name;
        every page links them from its nav bar."""
        return (
            ("retirement.html", "Retirement", self.retirement),
            ("review.html", "Reviews due", self.review),
            ("health.html", "Health", self.health),
        )


def make_reports(catalog: Inventory, usage: Usage) -> tuple[Reports, dict[str, bytes]]:
    """The reports for the pages, and their files: `reports/NAME.md`, `reports/NAME.json`
    and `index.json` (the index report); the JSON files are compact."""
    retirement = retirement_report(catalog, usage)
    index = index_report(catalog, usage, retirement)
    made = Reports(
        retirement,
        review_report(catalog, usage),
        health_report(catalog, usage),
        {
            e.name: tuple(e.derived.flags)
            for e in index.entities
            if e.kind == "Model" and isinstance(e.derived, ModelDerived)
        },
    )
    texts = {
        "reports/retirement.md": render_md.retirement(made.retirement),
        "reports/retirement.json": render_json.render(made.retirement, compact=True),
        "reports/review.md": render_md.review(made.review),
        "reports/review.json": render_json.render(made.review, compact=True),
        "reports/health.md": render_md.health(made.health),
        "reports/health.json": render_json.render(made.health, compact=True),
    }
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    # Without indentation (the value is the same): the site's largest file, the whole
    # catalog, is 40% smaller, and the encoder runs in C (indenting runs in Python).
    files["index.json"] = render_json.render(index, compact=True).encode("utf-8")
    return made, files
