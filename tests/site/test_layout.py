"""Layout in a real headless Chromium: at 1280 px (a laptop) and 390 px (a phone) no page
type scrolls sideways (wide tables and drawings scroll inside their own box), the index's
table shows every column at 1280 px, facets stay in their column, dependency labels fit
their boxes with the full name on hover, and charts carry axis labels.

Every page is screenshotted into $MODELINV_SCREENSHOTS (default test-artifacts/screenshots,
git-ignored; CI keeps the folder) to be looked at.

The site is built from examples/dated_history.py's repository (so the health page has a
real history), judged on a day when reviews are due, with one model file broken in the
working tree (so the index lists failed validation)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from site_support import EXAMPLE_CATALOG, build

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = EXAMPLE_CATALOG.parent
SCREENSHOTS = Path(os.environ.get("MODELINV_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
WIDTHS = (1280, 390)
PAGES = (
    "index.html",
    "models/fraud-detector.html",
    "models/credit-scorer.html",
    "teams/payments-ml.html",
    "teams.html",
    "data.html",
    "consumers.html",
    "retirement.html",
    "review.html",
    "health.html",
)
DAY = dt.date(2027, 1, 20)  # reviews are due: the review page has rows

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("layout") / "inventory"
    script = ROOT / "examples" / "dated_history.py"
    subprocess.run([sys.executable, str(script), str(repo)], check=True, capture_output=True)
    broken = repo / "catalog" / "models" / "churn-predictor.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("lifecycle: production", "lifecycle: live"),
        encoding="utf-8",
    )
    out = repo.parent / "site"
    build(repo / "catalog", out, DAY)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _open(browser: Browser, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _open(browser, request.param)


@pytest.fixture
def wide(browser: Browser) -> Iterator[Page]:
    yield from _open(browser, 1280)


OVERFLOW = "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"


def test_no_page_scrolls_sideways(site: Path, page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wider = []
    for name in PAGES:
        page.goto((site / name).as_uri())
        page.wait_for_load_state("load")
        page.screenshot(
            path=str(SCREENSHOTS / f"{width}-{name.replace('/', '--')}.png"), full_page=True
        )
        scroll, client = page.evaluate(OVERFLOW)
        if scroll > client:
            wider.append(f"{name}: {scroll} > {client}")
    assert wider == [], f"pages wider than {width} px"


def test_index_shows_every_column_at_1280(site: Path, wide: Page) -> None:
    wide.goto((site / "index.html").as_uri())
    wide.wait_for_load_state("load")
    box = wide.evaluate(
        "(() => { const e = document.getElementById('models-scroll');"
        " return [e.scrollWidth, e.clientWidth]; })()"
    )
    assert box[0] <= box[1], "the index table scrolls inside its box at 1280 px"
    flags = wide.locator('th[data-key="flags"]').bounding_box()
    assert flags is not None and flags["x"] + flags["width"] <= 1280
    # facets stay inside their column, however long a value is
    spill = wide.evaluate(
        "(() => { const aside = document.getElementById('facets').getBoundingClientRect();"
        " return Array.from(document.querySelectorAll('#facets label.facet'))"
        ".filter(l => l.getBoundingClientRect().right > aside.right + 0.5)"
        ".map(l => l.textContent); })()"
    )
    assert spill == []
    assert wide.locator('input[data-facet="regulations"]').count() > 5
    # the failed file is listed with its findings
    listed = wide.locator("#invalid ~ ul.findings li").all_inner_texts()
    assert any("models/churn-predictor.yaml:" in item and "SCH" in item for item in listed)


def test_graph_labels_fit_and_name_the_node(site: Path, wide: Page) -> None:
    wide.goto((site / "models" / "fraud-detector.html").as_uri())
    wide.wait_for_load_state("load")
    nodes = wide.evaluate(
        "Array.from(document.querySelectorAll('svg.graph > a, svg.graph > g:not(.edges)'))"
        ".map(n => ["
        " n.querySelector('text').getComputedTextLength(),"
        " n.querySelector('use').getBBox().width,"
        " n.querySelector('text').textContent,"
        " n.querySelector('title') && n.querySelector('title').textContent])"
    )
    assert len(nodes) > 5
    cut = 0
    for length, box, label, title in nodes:
        assert box == 190 and length <= box - 16, label
        if label.endswith("\u2026"):  # cut short: the title names the node in full
            cut += 1
            assert title.startswith(label[:-1]) and len(title) > len(label) - 1
        else:  # shown whole: the label is the node's name, no title repeats it
            assert title is None
    assert cut >= 1  # the example has long names: fitting is exercised


def test_charts_have_labelled_axes(site: Path, wide: Page) -> None:
    wide.goto((site / "health.html").as_uri())
    wide.wait_for_load_state("load")
    charts = wide.locator("svg.trend-chart")
    assert charts.count() == 4
    for i in range(4):
        chart = charts.nth(i)
        assert chart.locator(".y-tick text").count() >= 2
        assert chart.locator(".x-tick text").count() >= 2  # months of history
        assert chart.locator("text.axis-title").count() == 1
        assert chart.locator(".dot circle").count() >= 20


def test_a_long_word_hides_no_column(tmp_path: Path, wide: Page) -> None:
    # One title holding a long unbroken word (an ARN, a URL, a file path) and a long
    # platform name: the table must still fit at 1280 px, the word broken inside its cell,
    # rather than push the last columns out of view for every row.
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/fraud-lightgbm-v3-canary-shadow"
    model.write_text(
        model.read_text(encoding="utf-8")
        .replace("title: Card Fraud Detector", f'title: "Card Fraud Detector ({arn})"')
        .replace("platform: kserve", "platform: kserve-inferenceservice-v1beta1-raw-deployment"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(catalog, out, DAY)
    wide.goto((out / "index.html").as_uri())
    wide.wait_for_load_state("load")
    box = wide.evaluate(
        "(() => { const e = document.getElementById('models-scroll');"
        " return [e.scrollWidth, e.clientWidth]; })()"
    )
    assert box[0] <= box[1], "the index table scrolls inside its box at 1280 px"
    assert wide.get_by_text(arn, exact=False).count() == 1


def test_team_page_headings_share_one_size(site: Path, wide: Page) -> None:
    # The team page's "Models by stage" heading is anchored #models, the id of the index's
    # table too: the table's smaller font must not reach the heading.
    wide.goto((site / "teams" / "payments-ml.html").as_uri())
    wide.wait_for_load_state("load")
    sizes = wide.evaluate(
        "Array.from(document.querySelectorAll('main h2'))"
        ".map(h => [h.id, getComputedStyle(h).fontSize])"
    )
    assert "models" in [name for name, _ in sizes]
    assert len({size for _, size in sizes}) == 1, sizes
