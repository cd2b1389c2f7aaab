"""The built site in a real headless Chromium over file://: search, facets, the URL state,
model pages, no console errors, and hostile text that executes nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from site_support import EXAMPLE_CATALOG, build, hostile_catalog, model_yaml, team_yaml

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TODAY = dt.date(2026, 11, 26)

# Skipped only on a developer machine without Chromium; in CI (.ci/run installs it) a
# missing browser fails instead of silently skipping.
pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened, errors
    context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(EXAMPLE_CATALOG, out, TODAY)
    return out


BULK = 250  # models: the table shows 100, then "Show more" adds 100 at a time


@pytest.fixture(scope="module")
def bulk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of BULK models named bulk-0000, bulk-0001, ... (the table's default order)."""
    root = tmp_path_factory.mktemp("bulk")
    catalog = root / "catalog"
    (catalog / "models").mkdir(parents=True)
    (catalog / "teams").mkdir()
    (catalog / "teams" / "bulk-team.yaml").write_text(team_yaml("bulk-team"), encoding="utf-8")
    for i in range(BULK):
        name = f"bulk-{i:04d}"
        text = model_yaml(name, f"Bulk model {i}", "bulk-team")
        (catalog / "models" / f"{name}.yaml").write_text(text, encoding="utf-8")
    build(catalog, root / "site", TODAY, history=False)
    return root / "site"


def rows(p: Page) -> list[str]:
    texts: list[str] = p.locator("#models tbody tr td:first-child").all_inner_texts()
    return texts


def test_search_facets_and_url_state(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "index.html").as_uri())
    expect(p.locator("#models tbody tr")).to_have_count(18)
    # Search reaches the limitations text, not just names.
    p.fill("#search", "merchant feature store is unavailable")
    expect(p.locator("#models tbody tr")).to_have_count(1)
    assert rows(p) == ["fraud-detector"]
    # ... and the row's own fields, which the page's data holds once: the owner's ref, a
    # health flag, the risk, words of the title (any case).
    for query, expected in [
        (
            "team:search-relevance",
            {
                "product-embedder",
                "query-intent-classifier",
                "search-ranker",
                "search-ranker-lambdamart",
            },
        ),
        ("metric-breached", {"kyc-document-classifier", "query-intent-classifier"}),
        ("LEGACY Fraud", {"legacy-fraud-scorer"}),
    ]:
        p.fill("#search", query)
        expect(p.locator("#models tbody tr")).to_have_count(len(expected))
        assert set(rows(p)) == expected, query
    p.fill("#search", "")
    expect(p.locator("#models tbody tr")).to_have_count(18)
    # A facet narrows the table, and the filter goes into the URL.
    p.locator('input[data-facet="stage"][value="deprecated"]').check()
    deprecated = rows(p)
    assert 0 < len(deprecated) < 18
    # `page.url` may lag behind `history.replaceState`: the page's own location is read.
    assert "stage=deprecated" in p.evaluate("location.href")
    # Sorting by a column, then restoring everything from the URL on a fresh load.
    p.locator('th[data-key="id"]').click()
    assert rows(p) == sorted(deprecated, reverse=True)
    shared = p.evaluate("location.href")
    p.goto("about:blank")
    p.goto(shared)
    expect(p.locator("#models tbody tr")).to_have_count(len(deprecated))
    assert rows(p) == sorted(deprecated, reverse=True)
    assert p.locator('input[data-facet="stage"][value="deprecated"]').is_checked()
    # Following a row link opens the model page.
    p.locator("#models tbody a").first.click()
    p.wait_for_load_state()
    assert "/models/" in p.url
    assert errors == []


NODES = ":scope > a, :scope > g:not(.edges)"  # a dependency graph's nodes


def test_model_page_graph_and_chart(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "models" / "fraud-detector.html").as_uri())
    graph = p.locator("svg.graph")
    expect(graph).to_be_visible()
    nodes = graph.locator(NODES)
    assert nodes.count() > 5
    assert graph.locator("g.edges path").count() > 5
    assert p.locator("svg.chart polyline").count() == 3
    box = graph.bounding_box()
    assert box is not None and box["width"] > 100
    # CSS loaded (the CSP allows 'self' files): the table header uses the stylesheet.
    assert p.eval_on_selector("header.top", "e => getComputedStyle(e).display") == "flex"
    # The dependency paragraphs list only what the graph leaves out, so its nodes must be
    # links for assistive technology too: the drawing is a group (ARIA makes an img's
    # children presentational), each node a link named by its full ref, a cut label by
    # the node's title.
    assert graph.aria_snapshot().startswith('- group "dependency graph"')
    links = graph.get_by_role("link")
    assert links.count() == graph.locator(":scope > a").count() > 5
    # The nodes are styled by site.css without a class of their own: boxes filled, the
    # model's own box in the accent colour with white text.
    fill = "e => getComputedStyle(e).fill"
    assert graph.locator(":scope > a use").first.evaluate(fill) == "rgb(244, 246, 248)"
    assert graph.locator(".center use").evaluate(fill) == "rgb(44, 111, 187)"
    assert graph.locator(".center text").evaluate(fill) == "rgb(255, 255, 255)"
    expect(graph.get_by_role("link", name="model:merchant-embedder")).to_have_count(1)
    expect(graph.get_by_role("link", name="feature-store:customer-features")).to_have_count(1)
    p.locator('svg.graph a[href$="merchant-embedder.html"]').click()
    p.wait_for_load_state()
    assert p.url.endswith("/models/merchant-embedder.html")
    assert errors == []


def test_hostile_text_executes_nothing(tmp_path: Path, page: tuple[Page, list[str]]) -> None:
    out = tmp_path / "site"
    build(hostile_catalog(tmp_path), out, TODAY)
    p, errors = page
    for path in ("index.html", "models/fraud-detector.html", "teams.html"):
        p.goto((out / path).as_uri())
        p.wait_for_load_state("load")
        assert p.evaluate("window.__pwned") is None, path
        assert p.locator("img").count() == 0
    p.goto((out / "index.html").as_uri())
    p.fill("#search", "window.__pwned")
    expect(p.locator("#models tbody tr")).to_have_count(1)
    title = p.locator("#models tbody tr td:nth-child(2)").inner_text()
    assert title.startswith("</script><script>window.__pwned = 1</script>")
    p.goto((out / "index.html").as_uri() + "#q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D5%3E")
    p.wait_for_load_state("load")
    assert p.evaluate("window.__pwned") is None
    assert errors == []


def test_nav_links_and_health_charts(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "models" / "fraud-detector.html").as_uri())
    for label, title, heading in (
        ("Retirement", "Retirement · modelinv", "Retirement"),
        ("Reviews due", "Reviews due · modelinv", "Reviews due"),
        ("Teams", "Teams · modelinv", "Teams"),
        ("Health", "Health · modelinv", "Inventory health"),
    ):
        p.locator("header.top nav a", has_text=label).click()
        expect(p).to_have_title(title)
        expect(p.locator("h1")).to_have_text(heading)
    charts = p.locator("svg.trend-chart")
    expect(charts).to_have_count(4)
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 30
    assert p.locator("svg.trend-chart polyline").first.get_attribute("points")
    p.locator("a", has_text="team:payments-ml").first.click()
    expect(p.locator("h1")).to_contain_text("Payments ML")
    assert errors == []


def test_columns_sort_from_the_keyboard(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "index.html").as_uri())
    expect(p.locator("#models tbody tr")).to_have_count(18)
    ids = rows(p)
    # Each column header holds a button named by its column, so Tab reaches it and Enter
    # or Space sorts (a header that only listens for clicks is out of the keyboard's reach).
    name = p.locator('th[data-key="id"]').get_by_role("button", name="Name")
    expect(name).to_have_count(1)
    name.focus()
    expect(name).to_be_focused()
    p.keyboard.press("Enter")
    assert rows(p) == sorted(ids, reverse=True)
    expect(p.locator('th[data-key="id"]')).to_have_attribute("aria-sort", "descending")
    p.keyboard.press("Space")
    assert rows(p) == sorted(ids)
    assert p.evaluate("location.hash") == ""
    assert errors == []


FOCUSED_FACET = "[document.activeElement.dataset.facet, document.activeElement.value]"


def test_a_facet_ticked_from_the_keyboard_keeps_focus(
    site: Path, page: tuple[Page, list[str]]
) -> None:
    p, errors = page
    p.goto((site / "index.html").as_uri())
    p.locator('input[data-facet="stage"][value="deprecated"]').focus()
    p.keyboard.press("Space")
    assert p.evaluate("location.hash") == "#stage=deprecated"
    # The facets are drawn again with their new counts; focus stays on the box just
    # ticked, so Tab goes on to the next box instead of back to the top of the list.
    assert p.evaluate(FOCUSED_FACET) == ["stage", "deprecated"]
    assert p.locator('input[data-facet="stage"][value="deprecated"]').is_checked()
    p.keyboard.press("Tab")
    assert p.evaluate(FOCUSED_FACET) == ["stage", "development"]
    p.keyboard.press("Space")
    assert p.evaluate("location.hash") == "#stage=deprecated&stage=development"
    assert p.evaluate(FOCUSED_FACET) == ["stage", "development"]
    assert errors == []


def test_a_models_own_ref_finds_it(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "index.html").as_uri())
    # Pages name models by ref; pasting one into the search finds that model as well as
    # the models that depend on it, as a team's ref finds the team's models.
    p.fill("#search", "model:merchant-embedder")
    expect(p.locator("#models tbody tr")).to_have_count(3)
    assert rows(p) == ["card-fraud-gnn", "fraud-detector", "merchant-embedder"]
    p.fill("#search", "model:search-ranker-lambdamart")
    expect(p.locator("#models tbody tr")).to_have_count(1)
    assert errors == []


def test_facet_values_named_like_object_properties(
    tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    # A tag is any id ("constructor" is one) and a regulation any text: counted as keys of
    # a plain object they read JavaScript's own properties, so the count said
    # "function Object() { [native code] }1" and "__proto__" had no box at all.
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(
        model.read_text(encoding="utf-8")
        .replace("tags: [payments,", "tags: [constructor, payments,", 1)
        .replace("regulations: [eu-ai-act,", "regulations: [__proto__, toString, eu-ai-act,", 1),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(catalog, out, TODAY)
    p, errors = page
    p.goto((out / "index.html").as_uri())
    for facet, value in (
        ("tags", "constructor"),
        ("regulations", "__proto__"),
        ("regulations", "toString"),
    ):
        box = p.locator(f'input[data-facet="{facet}"][value="{value}"]')
        expect(box).to_have_count(1)
        label = p.locator("label.facet", has=box)
        expect(label).to_have_text(f"{value} (1)")
    p.locator('input[data-facet="regulations"][value="__proto__"]').check()
    assert rows(p) == ["fraud-detector"]
    assert p.evaluate("location.hash") == "#regulations=__proto__"
    assert errors == []


def test_search_finds_what_a_row_shows(site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((site / "index.html").as_uri())
    # The monthly cost as the row shows it (its digits without separators too), the
    # currency, the last-evaluated and last-reviewed dates, and the reviewer.
    for query, expected in [
        ("4,200", {"fraud-detector"}),
        ("4200", {"fraud-detector"}),
        ("1,350 eur", {"product-embedder"}),
        (
            "2026-11-02",
            {"churn-logreg", "fraud-detector", "legacy-fraud-scorer", "product-embedder"},
        ),
        ("2024-07-15", {"credit-scorecard-2019"}),
        ("Yasmin Haddad", {"fraud-detector"}),
    ]:
        p.fill("#search", query)
        expect(p.locator("#models tbody tr")).to_have_count(len(expected))
        assert set(rows(p)) == expected, query
    assert errors == []


def test_back_from_a_model_page_shows_the_rows_shown_before(
    bulk_site: Path, page: tuple[Page, list[str]]
) -> None:
    p, errors = page
    p.goto((bulk_site / "index.html").as_uri())
    expect(p.locator("#models tbody tr")).to_have_count(100)
    p.locator("#more").click()
    expect(p.locator("#models tbody tr")).to_have_count(200)
    # The rows shown are part of the URL state, like the search, facets and sort.
    assert p.evaluate("location.hash") == "#shown=200"
    link = p.locator("#models tbody tr").nth(150).locator("a")
    expect(link).to_have_text("bulk-0150")
    link.scroll_into_view_if_needed()
    link.click()
    p.wait_for_load_state()
    assert p.url.endswith("/models/bulk-0150.html")
    p.go_back()
    p.wait_for_load_state()
    expect(p.locator("#models tbody tr")).to_have_count(200)
    came_from = p.locator("#models tbody a", has_text="bulk-0150")
    expect(came_from).to_have_count(1)
    expect(came_from).to_be_in_viewport()  # the browser's scroll position finds it again
    expect(p.locator("#more")).to_have_text("Show more (50 left)")
    # A new search starts again from the first 100 rows, and says so in the URL.
    p.fill("#search", "bulk")
    expect(p.locator("#models tbody tr")).to_have_count(100)
    assert p.evaluate("location.hash") == "#q=bulk"
    # A shared URL showing more rows, or a nonsensical count, is read sensibly.
    for shown, count in (("150", 200), ("1000000", BULK), ("-5", 100), ("x", 100)):
        p.goto("about:blank")
        p.goto((bulk_site / "index.html").as_uri() + "#shown=" + shown)
        expect(p.locator("#models tbody tr")).to_have_count(count)
    assert errors == []


FOCUSED = "[document.activeElement.tagName, document.activeElement.textContent]"


def test_focus_after_the_last_show_more(bulk_site: Path, page: tuple[Page, list[str]]) -> None:
    p, errors = page
    p.goto((bulk_site / "index.html").as_uri())
    more = p.locator("#more")
    more.focus()
    p.keyboard.press("Enter")
    expect(p.locator("#models tbody tr")).to_have_count(200)
    # Rows are left: the button stays, and keeps focus for the next press.
    expect(more).to_be_focused()
    p.keyboard.press("Enter")
    expect(p.locator("#models tbody tr")).to_have_count(BULK)
    expect(more).to_be_hidden()
    # The button is gone: focus goes to the first row it showed, not to the page's body.
    assert p.evaluate(FOCUSED) == ["A", "bulk-0200"]
    p.keyboard.press("Tab")
    assert p.evaluate(FOCUSED) == ["A", "bulk-0201"]
    assert errors == []


def test_retirement_page_has_the_reports_summary_and_catalog(
    tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    # A folder name is text like any other: markup in it is shown, never parsed.
    catalog = tmp_path / 'catalog <b id="pwned">&amp;'
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    out = tmp_path / "site"
    build(catalog, out, TODAY)
    markdown = (out / "reports" / "retirement.md").read_text(encoding="utf-8").splitlines()
    summary = next(line for line in markdown if line.startswith("**")).replace("**", "")
    assert summary.startswith("2 findings on 1 model ")
    p, errors = page
    p.goto((out / "retirement.html").as_uri())
    # The page says what the Markdown report says: the summary line, and the catalog.
    expect(p.locator("main p", has_text="findings on")).to_have_text(summary)
    expect(p.locator("p.basis code").first).to_have_text(str(catalog))
    assert p.locator("#pwned").count() == 0
    assert errors == []
