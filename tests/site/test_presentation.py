"""What an auditor reads on the site: amounts and numbers as people write them, charts with
labelled axes on a scale that shows change, dependency labels that fit their box (the full
name on hover), every finding of a file that failed validation, next audits only where the
audit rule applies, and a review page that opens with a summary table."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

from modelinv.api import validate
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli.diff_cmd import markdown as diff_markdown
from modelinv.gitdata.inventory_diff import FieldChange, InventoryDiff
from modelinv.model import Model
from modelinv.reports.common import money, number, signed
from modelinv.reports.health import health_report
from modelinv.reports.markdown import money as markdown_money
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.retirement import _metric_text
from modelinv.reports.usage import Usage
from modelinv.site import fragments
from modelinv.site.chart import LINE_STEP, MAX_DOTS, METRIC_SIZE, series_chart, value_axis
from modelinv.site.graph import LABEL_PX, dependency_graph, fit_label, text_width
from modelinv.site.health_history import History, Point, trend_charts

TODAY = dt.date(2026, 11, 26)
EXPONENT = re.compile(r"\d[eE][-+]?\d")


class Text(HTMLParser):
    """The visible text of a page: everything outside script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if not self._script:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("presentation")
    build(EXAMPLE_CATALOG, out, TODAY, history=False)
    return out


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (4200, "4,200 USD"),
        (4200.5, "4,200.50 USD"),
        (1234.567, "1,234.57 USD"),
        (0.00004, "0.00004 USD"),
        (0.0021, "0.0021 USD"),
        (0.000001, "0.000001 USD"),
        (0.5, "0.50 USD"),
        (0.1 + 0.2, "0.30 USD"),
        (0, "0 USD"),
    ],
)
def test_money(amount: float, shown: str) -> None:
    assert money(amount, "USD") == shown
    assert markdown_money(amount, "USD") == shown  # the Markdown reports use the same one


def test_numbers_and_changes_never_in_exponent_notation() -> None:
    assert number(0.00004) == "0.00004"
    assert number(0.702) == "0.702"
    assert number(4200.0) == "4200"
    assert signed(-0.00004) == "-0.00004"
    assert signed(0.0123456) == "+0.01235"
    assert signed(0.0) == "0"


def test_retirement_trend_rate_in_plain_decimals() -> None:
    status = MetricStatus(
        name="auc",
        value=0.91,
        evaluated=TODAY,
        threshold=0.9,
        higher_is_better=True,
        previous=None,
        previous_evaluated=None,
        state="ok",
        slope_per_day=-0.000001,
        crossing=TODAY + dt.timedelta(days=20),
        points=3,
    )
    text = _metric_text(status, TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=30))
    assert text is not None and "falling 0.00003 per 30 days" in text


def test_diff_summary_shows_costs_in_plain_decimals() -> None:
    change = FieldChange("fraud-detector", "monthly_cost", 0.00004, 4200.0)
    text = diff_markdown(InventoryDiff("main", "HEAD", (), (), (), (change,)))
    assert "| fraud-detector | 0.00004 | 4200 |" in text


def test_no_page_shows_a_number_in_exponent_notation(site: Path) -> None:
    model = visible_text(site / "models" / "fraud-detector.html")
    assert "4,200 USD per month; 0.00004 USD per prediction" in model
    for page in sorted(site.rglob("*.html")):
        found = EXPONENT.findall(visible_text(page))
        assert not found, f"{page.relative_to(site)}: {found}"


def test_index_rows_carry_the_same_money_text(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '"costText":"4,200 USD"' in html
    assert "toLocaleString" not in (site / "static" / "index.js").read_text(encoding="utf-8")


def _ys(points: str) -> list[float]:
    return [float(p.split(",")[1]) for p in points.split()]


def test_trend_chart_scale_shows_a_small_change() -> None:
    """16 active models after 14: drawn from zero the line hugs the top edge (a change of
    an eighth of the plot); on a round scale around the data it spans most of it."""
    series = [
        (dt.date(2026, 9, 30), 14.0),
        (dt.date(2026, 10, 31), 15.0),
        (dt.date(2026, 11, 26), 16.0),
    ]
    chart = series_chart(series, bounds=(0.0, None), whole=True, y_title="models")
    ys = _ys(chart.points)
    plot = chart.bottom - chart.top
    assert max(ys) - min(ys) >= plot / 2
    assert chart.top < min(ys) and max(ys) < chart.bottom  # never on the frame
    labels = [label for _, label in chart.y_ticks]
    assert labels == sorted(labels, key=float) and all("." not in label for label in labels)
    assert float(labels[0]) <= 14 and float(labels[-1]) >= 16
    assert [label for _, label in chart.x_ticks] == ["2026-09-30", "2026-11-26"]


def test_percent_axis_stays_within_0_and_100() -> None:
    series = [(dt.date(2026, 1, 31), 96.0), (dt.date(2026, 11, 26), 100.0)]
    chart = series_chart(series, bounds=(0.0, 100.0), unit="%")
    assert chart.y_ticks[-1][1] == "100%"
    assert all(label.endswith("%") for _, label in chart.y_ticks)
    assert float(chart.y_ticks[0][1].rstrip("%")) >= 80  # not squashed against 0


def test_metric_chart_includes_its_threshold_and_dates() -> None:
    series = [(dt.date(2026, 5, 4), 0.945), (dt.date(2026, 11, 2), 0.934)]
    chart = series_chart(series, 0.9, True, y_title="auc", size=(300, 120))
    assert chart.threshold_y is not None and chart.top <= chart.threshold_y <= chart.bottom
    assert chart.threshold_label == "threshold 0.9"
    assert [label for _, label in chart.y_ticks][:2] == ["0.88", "0.90"]
    assert len(chart.x_ticks) >= 2


def test_metric_chart_in_the_last_year_a_date_holds() -> None:
    """Evaluations dated in 9999 (a typo, or a "never" date) crashed the build: the date
    axis looked for the month start after 9999-12, in year 10000."""
    series = [(dt.date(9999, 6, 1), 0.95), (dt.date(9999, 12, 30), 0.934)]
    chart = series_chart(series, 0.9, True, y_title="auc", size=(300, 120))
    assert [label for _, label in chart.x_ticks][-1] == "9999-12"


def test_one_day_series_is_centred_with_its_date() -> None:
    chart = series_chart([(TODAY, 16.0)], bounds=(0.0, None), whole=True)
    ((x, y, title),) = chart.dots
    assert x == (chart.left + chart.right) / 2 and chart.top < y < chart.bottom
    assert chart.x_ticks == ((x, "2026-11-26"),) and title == "2026-11-26: 16"


def test_health_trend_charts_are_drawn_with_axes(tmp_path: Path) -> None:
    catalog = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY))
    report = health_report(catalog, Usage.none())
    history = History(
        (Point(TODAY - dt.timedelta(days=40), "a", report), Point(TODAY, "b", report)),
        "commit",
        None,
    )
    charts = trend_charts(history)
    assert [c.chart.y_title for c in charts] == [
        "models",
        "% of active models",
        "% of models with targets",
        "days",
    ]
    same_day = trend_charts(History((history.points[1], history.points[1]), "commit", None))
    assert all(len(c.chart.dots) == 1 for c in same_day)  # one dot per day, not stacked
    build(EXAMPLE_CATALOG, tmp_path, TODAY)  # the history of this repository
    html = (tmp_path / "health.html").read_text(encoding="utf-8")
    svg = html[html.index('<svg class="chart trend-chart"') :]
    svg = svg[: svg.index("</svg>")]
    assert 'class="y-tick"' in svg and 'class="x-tick"' in svg and 'class="axis-title"' in svg
    model = (tmp_path / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    y_labels = re.findall(r'<g class="y-tick">(.*?)</g>', model)
    assert len(y_labels) == 3 and 'class="threshold"' in model  # a chart per metric
    assert all(labels.count("<text ") >= 3 for labels in y_labels)


def test_graph_labels_fit_their_box_and_keep_the_full_name(tmp_path: Path) -> None:
    long_ref = "model:" + "m" * 40
    assert fit_label(long_ref).endswith("\u2026")
    assert text_width(fit_label(long_ref)) <= LABEL_PX
    assert fit_label("model:fraud-detector") == "model:fraud-detector"
    # a catalog where the example model depends on one with a long, wide id
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    wide = "mmmm-wwww-mmmm-wwww-merchant-embedder-v2"
    source = (catalog / "models" / "merchant-embedder.yaml").read_text(encoding="utf-8")
    (catalog / "models" / "merchant-embedder.yaml").unlink()
    (catalog / "models" / f"{wide}.yaml").write_text(
        source.replace("name: merchant-embedder", f"name: {wide}"), encoding="utf-8"
    )
    for path in (catalog / "models").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("model:merchant-embedder", f"model:{wide}"), encoding="utf-8")
    loaded = load_inventory(catalog, Options(today=TODAY))
    graph = dependency_graph(loaded, "model:fraud-detector", {})
    cut = [n for n in graph.nodes if n.label != n.ref]
    assert [n.ref for n in cut if n.ref == f"model:{wide}"]
    assert all(text_width(n.label) <= LABEL_PX for n in graph.nodes)
    build(catalog, tmp_path / "site", TODAY, history=False)
    html = (tmp_path / "site" / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    for node in cut:
        assert f"<title>{node.ref}</title>" in html
        assert f">{node.label}</text>" in html


def test_index_lists_every_finding_of_a_file_that_failed_validation(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    broken = catalog / "models" / "churn-predictor.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("lifecycle: production", "lifecycle: live").replace("owner:", "ownr:"),
        encoding="utf-8",
    )
    build(catalog, tmp_path / "site", TODAY, history=False)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    findings = [
        f
        for f in validate(catalog, Options(today=TODAY)).findings
        if f.location.path.endswith("churn-predictor.yaml")
    ]
    assert len(findings) >= 2
    listed = html[html.index('id="invalid"') :]
    for f in findings:
        position = f"models/churn-predictor.yaml:{f.location.line}:{f.location.column}"
        assert f"<code>{position}</code> <code>{f.code}</code> {f.message}" in listed.replace(
            "&#39;", "'"
        )


def _audit_cells(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr><td><a href="../models/([^"]+)\.html">.*?</tr>', page)
    cells = re.findall(r"<tr><td><a href=\"../models/[^\"]+\.html\">.*?<td>([^<]*)</td></tr>", page)
    return dict(zip(rows, cells, strict=True))


def test_next_audit_only_where_the_audit_rule_applies(site: Path) -> None:
    catalog = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY))
    stages = {m.metadata.name: m.spec.lifecycle for _, m in catalog.of_kind(Model)}
    shown: dict[str, str] = {}
    for page in (site / "teams").glob("*.html"):
        shown.update(_audit_cells(page.read_text(encoding="utf-8")))
    assert shown.keys() == stages.keys()
    # archived and development models are not audited (TM002): no date for them
    for name in ("credit-scorecard-2019", "search-ranker-lambdamart", "kyc-document-classifier"):
        assert stages[name] in ("archived", "development") and shown[name] == ""
    # a high-risk production model is
    assert shown["fraud-detector"] == "2026-12-27"


def test_review_page_opens_with_a_summary_table(tmp_path: Path) -> None:
    later = dt.date(2027, 1, 20)
    build(EXAMPLE_CATALOG, tmp_path, later, history=False)
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    cards = re.findall(r'<section class="card" id="([^"]+)">', html)
    assert len(cards) >= 3
    summary = html[html.index("<h1>") : html.index('<section class="card"')]
    assert '<table class="summary"' in summary
    linked = re.findall(r'<tr><td><a href="#([^"]+)">', summary)
    assert linked == cards  # one row per model, in the same order
    assert f"{len(cards)} models to review" in summary


def test_a_dense_series_is_drawn_in_bounded_bytes_with_its_extremes() -> None:
    """Two years of daily evaluations: dots on the latest, lowest and highest value only,
    a line of at most two values a LINE_STEP column that still dips where the values
    dip, and a chart no larger for ten times the values. Up to MAX_DOTS, every value is
    a dot and a vertex."""
    start = dt.date(2024, 11, 1)

    def daily(days: int) -> list[tuple[dt.date, float]]:
        values = [(0.91, 0.93, 0.92, 0.9)[day % 4] for day in range(days)]
        values[100] = 0.97  # the best evaluation
        values[days // 3] = 0.7  # one bad evaluation, below the threshold
        return [(start + dt.timedelta(days=day), v) for day, v in enumerate(values)]

    series = daily(730)
    chart = series_chart(series, 0.85, True, y_title="auc", size=METRIC_SIZE)
    titles = [title for _, _, title in chart.dots]
    dip = series[730 // 3]
    assert titles == [f"{series[100][0]}: 0.97", f"{dip[0]}: 0.7", f"{series[-1][0]}: 0.93"]
    ys = _ys(chart.points)
    assert len(ys) <= 2 * ((chart.right - chart.left) // LINE_STEP + 1) + 2
    lowest_dot = max(y for _, y, _ in chart.dots)
    assert chart.threshold_y is not None
    assert max(ys) == lowest_dot > chart.threshold_y  # the dip is drawn below the threshold
    assert chart.points.split()[0] == f"{chart.left},{_ys(chart.points)[0]}"
    assert all(chart.top <= y <= chart.bottom for y in ys)
    svg = fragments.chart(chart, "history of auc")
    first, last = series[0][0], series[-1][0]
    summary = f"history of auc: 730 values from {first} to {last}, 0.7 to 0.97"
    assert f'aria-label="{summary}"' in svg  # what the three dots leave out, said
    assert len(svg) < 4_500
    big = fragments.chart(series_chart(daily(7300), 0.85, True, size=METRIC_SIZE), "auc")
    assert len(big) < 4_500
    few = series[:MAX_DOTS]
    sparse = series_chart(few, 0.85, True, size=METRIC_SIZE)
    assert len(sparse.dots) == MAX_DOTS == len(sparse.points.split())
    assert sparse.summary == ""  # every value is a titled dot


@pytest.mark.parametrize(
    ("values", "bounds"),
    [([-95.0], (0.0, None)), ([-3.0, 40.0], (0.0, 100.0)), ([120.0], (0.0, 100.0))],
)
def test_a_value_axis_shows_values_beyond_its_bounds(
    values: list[float], bounds: tuple[float | None, float | None]
) -> None:
    """The bounds (0 for a count, 100 for a share) only stop the margin: a value beyond
    them is still on the axis (a negative age crashed the health page's chart)."""
    low, high, step = value_axis(values, bounds)
    assert low <= min(values) and max(values) <= high and step > 0


def test_the_site_of_a_catalog_with_a_post_dated_model_builds(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    path = catalog / "models" / "fraud-detector.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  created: 2024-03-01", "  created: 2027-03-01"), "utf-8")
    assert "created: 2027-03-01" in path.read_text(encoding="utf-8")
    build(catalog, tmp_path / "site", "2024-01-01")  # every model post-dated
    assert "average model age" in (tmp_path / "site" / "health.html").read_text("utf-8")


def test_values_beyond_the_bounds_stay_on_the_axis() -> None:
    """A negative average age (`--today` before the catalog's dates) under a floor of 0
    left an empty axis and crashed the build (log10 of a span <= 0)."""
    series = [(dt.date(1, 1, 1), -740_000.0), (dt.date(1, 1, 2), -739_999.0)]
    chart = series_chart(series, bounds=(0.0, None), whole=True)
    values = [float(label.replace(",", "")) for _, label in chart.y_ticks]
    assert values[0] <= -740_000 and values[-1] >= -739_999
