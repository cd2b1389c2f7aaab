"""`modelinv build`: deterministic, self-contained, safe output."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, PAYLOAD, build, hostile_catalog

from modelinv.api import validate
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import build_cmd
from modelinv.cli.main import main
from modelinv.reports import render_json, render_md
from modelinv.reports.health import health_report
from modelinv.reports.index import index_report
from modelinv.reports.retirement import retirement_report
from modelinv.reports.review import review_report
from modelinv.reports.usage import load_usage
from modelinv.site.builder import CSP
from modelinv.site.safety import safe_url, script_json, script_json_texts

TODAY = dt.date(2026, 11, 26)
REPO = "https://github.com/acme/models/blob/main/catalog"
USAGE_FILE = EXAMPLE_CATALOG.parent / "examples" / "usage.csv"
NAV = ("index", "teams", "data", "consumers", "retirement", "review", "health")


class Links(HTMLParser):
    """Every URL-valued attribute and every script element's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.csp: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action", "xlink:href"):
            if found.get(name) is not None:
                self.urls.append(found[name] or "")
        if tag == "script":
            self.scripts.append(found)
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(found.get("content"))


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(EXAMPLE_CATALOG, out, TODAY, REPO, load_usage(USAGE_FILE))
    return out


def test_same_input_same_bytes(site: Path, tmp_path: Path) -> None:
    build(EXAMPLE_CATALOG, tmp_path, TODAY, REPO, load_usage(USAGE_FILE))
    assert snapshot(tmp_path) == snapshot(site)


def test_every_model_has_a_page(site: Path) -> None:
    names = sorted(p.stem for p in (EXAMPLE_CATALOG / "models").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "models").glob("*.html")) == names
    data = json.loads(_data_text(site / "index.html"))
    assert sorted(row["id"] for row in data) == names
    for name in NAV:
        assert (site / f"{name}.html").is_file()
    assert (site / "static" / "site.css").is_file()
    assert (site / "static" / "index.js").is_file()


def test_links_are_relative_and_resolve(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        links = parse(page)
        for url in links.urls:
            if url.startswith(("https://", "http://")):
                continue  # links out: model cards, runbooks, the forge
            assert not url.startswith(("/", "//")) and ":" not in url.split("#")[0], url
            target = url.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, url)


def test_csp_on_every_page_and_no_inline_script(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        links = parse(page)
        assert links.csp == [CSP], page
        for script in links.scripts:
            assert script.get("src") or script.get("type") == "application/json", page
        assert "style=" not in page.read_text(encoding="utf-8")


def test_model_page_shows_graph_metrics_and_forge_link(site: Path) -> None:
    html = (site / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    assert 'class="graph"' in html and 'class="chart"' in html
    assert 'href="../models/merchant-embedder.html"' in html
    assert f'href="{REPO}/models/fraud-detector.yaml"' in html
    for heading in ("Deployments", "Training data", "Metrics", "Compliance", "Cost"):
        assert f">{heading}</h2>" in html


def test_nav_bar_on_every_page(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        root = "../" if page.parent != site else ""
        urls = parse(page).urls
        for name in NAV:
            assert f"{root}{name}.html" in urls, (page, name)


def test_report_files_are_the_reports(site: Path) -> None:
    catalog = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY))
    usage = load_usage(USAGE_FILE)
    retirement = retirement_report(catalog, usage)
    review = review_report(catalog, usage)
    health = health_report(catalog, usage)
    expected = {
        "retirement.md": render_md.retirement(retirement),
        "retirement.json": render_json.render(retirement, compact=True),
        "review.md": render_md.review(review),
        "review.json": render_json.render(review, compact=True),
        "health.md": render_md.health(health),
        "health.json": render_json.render(health, compact=True),
    }
    for name, text in expected.items():
        assert (site / "reports" / name).read_text(encoding="utf-8") == text, name
    for name, report in (("retirement", retirement), ("review", review), ("health", health)):
        # the value `modelinv report NAME --format json` gives, without its indentation
        written = json.loads((site / "reports" / f"{name}.json").read_text(encoding="utf-8"))
        assert written == json.loads(render_json.render(report))


def test_index_json_only_when_asked(site: Path, tmp_path: Path) -> None:
    # The index report is the whole catalog again (~3.4 kB a model): written on request.
    assert not (site / "index.json").exists()
    out = tmp_path / "site"
    build(EXAMPLE_CATALOG, out, TODAY, REPO, load_usage(USAGE_FILE), index_json=True)
    catalog = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY))
    report = index_report(catalog, load_usage(USAGE_FILE))
    index = (out / "index.json").read_text(encoding="utf-8")
    assert index == render_json.render(report, compact=True)
    assert json.loads(index) == json.loads(render_json.render(report))
    assert json.loads(index)["report"] == "index"
    # Nothing else differs: the index page's flags come from the same derived fields.
    with_index = snapshot(out)
    del with_index["index.json"]
    assert with_index == snapshot(site)
    assert any(
        entity["derived"]["flags"]
        for entity in json.loads(index)["entities"]
        if entity["kind"] == "Model"
    )


def test_a_model_archived_before_production_shows_its_one_item_checklist(site: Path) -> None:
    """search-ranker-lambdamart was archived from development (LC004 asks only that its
    deployments are gone); its page listed all eight items, seven of them "not done"."""
    page = (site / "models" / "search-ranker-lambdamart.html").read_text(encoding="utf-8")
    checklist = page.split('<ul class="checklist">')[1].split("</ul>")[0]
    assert checklist.count("<li") == 1
    assert "no deployments left" in checklist and 'class="done"' in checklist
    page = (site / "models" / "credit-scorecard-2019.html").read_text(encoding="utf-8")
    assert page.split('<ul class="checklist">')[1].split("</ul>")[0].count("<li") == 8


def test_report_pages_show_the_rows(site: Path) -> None:
    retirement = (site / "retirement.html").read_text(encoding="utf-8")
    # zero traffic needs the usage data; the checklist shows notice, decommission, days left
    assert 'id="zero-traffic"' in retirement
    zero = retirement.split('id="zero-traffic"')[1].split("</section>")[0]
    assert 'href="models/product-embedder.html"' in zero
    checklist = retirement.split('id="checklist-churn-logreg"')[1].split("</section>")[0]
    for fact in ("2026-10-30", "2027-01-31", "66 days left", "models/churn-predictor.html"):
        assert fact in checklist
    assert 'href="reports/retirement.md"' in retirement
    review = (site / "review.html").read_text(encoding="utf-8")
    assert "every 90 days" in review
    health = (site / "health.html").read_text(encoding="utf-8")
    for fact in ("16 of 18", "12 of 16 (75%)", "13 of 15 with targets (87%)", "687 days"):
        assert fact in health
    assert "8,050 USD" in health


def test_review_page_lists_due_models(tmp_path: Path) -> None:
    # a year later every production model is overdue
    out = tmp_path / "site"
    build(EXAMPLE_CATALOG, out, dt.date(2027, 11, 26), None, load_usage(USAGE_FILE))
    review = (out / "review.html").read_text(encoding="utf-8")
    assert 'id="fraud-detector"' in review and "overdue by" in review
    assert "<th>baseline</th>" in review


def test_team_pages(site: Path, tmp_path: Path) -> None:
    names = sorted(p.stem for p in (EXAMPLE_CATALOG / "teams").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "teams").glob("*.html")) == names
    html = (site / "teams" / "payments-ml.html").read_text(encoding="utf-8")
    for fact in ("Ana Lima", "payments-ml@example.com", "#payments-ml", "8,050 USD"):
        assert fact in html
    assert 'href="../models/fraud-detector.html"' in html
    assert html.index(">staging</span>") < html.index(">production</span>")
    assert 'href="teams/payments-ml.html"' in (site / "teams.html").read_text(encoding="utf-8")
    # later, reviews and audits fall due: the page lists exactly the TM001/TM002 findings
    later = dt.date(2027, 6, 26)
    build(EXAMPLE_CATALOG, tmp_path, later)
    result = validate(EXAMPLE_CATALOG, Options(today=later))
    owned = {"card-fraud-gnn", "fraud-detector", "legacy-fraud-scorer", "merchant-embedder"}
    expected = sorted(
        f"{f.code} {f.message}"
        for f in result.findings
        if f.code in ("TM001", "TM002") and Path(f.location.path).stem in owned
    )
    page = (tmp_path / "teams" / "payments-ml.html").read_text(encoding="utf-8")
    shown = sorted(re.findall(r"<code>(TM00[12])</code> ([^<]*)</li>", page))
    assert [f"{code} {message}" for code, message in shown] == [
        e.replace("'", "&#39;") for e in expected
    ]
    assert len(expected) == 5


def test_forge_link_only_for_http_urls(tmp_path: Path) -> None:
    build(EXAMPLE_CATALOG, tmp_path, TODAY, "javascript:alert(1)//")
    html = (tmp_path / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    assert "javascript:" not in html
    assert "<code>models/fraud-detector.yaml</code>" in html


def test_safe_url() -> None:
    assert safe_url("https://example.com/x") == "https://example.com/x"
    for bad in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "//evil",
        "",
        "http://",
        "https://a b",
        "vbscript:x",
        " https://example.com",
        None,
    ):
        assert safe_url(bad) is None, bad


def test_script_json_cannot_break_out() -> None:
    text = str(script_json({"a": "</script><!-- & \u2028\u2029 >"}))
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_script_json_row_by_row_is_the_same_text() -> None:
    rows = [{"b": "</script>", "a": ["&", "\u2028"]}, {"z": None, "y": 1.5}, {}]
    encoded = [str(script_json(row)) for row in rows]
    text = "".join(script_json_texts(iter(encoded)))
    assert text == str(script_json(rows))
    for batch in (1, 2, 3):  # batches of rows: a row alone, a last shorter one
        assert "".join(script_json_texts(iter(encoded), batch)) == text
    assert not set("<>&\u2028") & set(text)
    assert "".join(script_json_texts(())) == str(script_json([])) == "[]"


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(hostile_catalog(tmp_path), out, TODAY)
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        html = html.replace(_data_text(page), "") if page.name == "index.html" else html
        assert "<script>window" not in html and "<img" not in html
        assert "<b>bold" not in html
        links = parse(page)
        assert all(not u.lower().startswith("javascript") for u in links.urls)
        assert len(links.scripts) == (2 if page.name == "index.html" else 0)
    model = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in model
    assert "it&#39;s &#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;" in model
    data = _data_text(out / "index.html")
    assert "</" not in data and "<" not in data
    rows = {row["id"]: row for row in json.loads(data)}
    assert rows["fraud-detector"]["title"] == PAYLOAD


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["build", str(EXAMPLE_CATALOG), "--out", str(out), "--today", "2026-11-26"])
    assert code == 0
    assert "18 model pages" in capsys.readouterr().out
    assert (out / "index.html").is_file()
    assert main(["build", str(tmp_path / "missing"), "--out", str(out)]) == 2


def test_cli_build_says_the_sites_size_and_when_github_pages_would_refuse_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE_CATALOG), "--out", str(out), "--today", "2026-11-26"]
    assert main(args) == 0
    printed = capsys.readouterr()
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert f" files, {size / 1e6:,.1f} MB (18 model pages" in printed.out
    assert "GitHub Pages" not in printed.err
    # A site over the limit builds all the same, with a note saying what to do.
    monkeypatch.setattr(build_cmd, "PAGES_LIMIT", size - 1)
    assert main(args) == 0
    note = capsys.readouterr().err
    assert "more than the 1 GB GitHub Pages publishes" in note
    assert "without --exports" in note


def test_cli_build_with_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE_CATALOG), "--out", str(out), "--today", "2026-11-26"]
    assert main([*args, "--usage", str(USAGE_FILE)]) == 0
    assert "product-embedder" in (out / "reports" / "retirement.md").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("model,date,requests\nx,2026-13-01,1\n", encoding="utf-8")
    assert main([*args, "--usage", str(bad)]) == 2
    assert "bad.csv:2:" in capsys.readouterr().err


def _data_text(index: Path) -> str:
    html = index.read_text(encoding="utf-8")
    found = re.search(
        r'<script type="application/json" id="models-data">(.*?)</script>', html, re.S
    )
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("policy", "position"),
    [
        ("apiVersion: modelinv/v1\nkind: Policy\nspec:\n  reviewIntervalDays: -5\n", ":4:"),
        ("apiVersion: modelinv/v1\nkind: Policy\nspec: [unclosed\n", ":"),
    ],
    ids=["negative-interval", "yaml-error"],
)
def test_cli_build_refuses_an_invalid_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: str, position: str
) -> None:
    """Like `report`: exit 2 with the policy finding positioned, and no site written."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    (catalog / "policy.yaml").write_text(policy, encoding="utf-8")
    out = tmp_path / "site"
    args = ["build", str(catalog), "--out", str(out), "--today", "2026-11-26"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"policy.yaml{position}" in err and "Traceback" not in err
    assert not out.exists()
