"""Golden pages for the example catalog: the index, one model page, one team page and the
review page (with no model due, and with eight, with usage data).

Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

from modelinv.reports.usage import load_usage

HERE = Path(__file__).parent
PAGES = ("index.html", "models/fraud-detector.html", "teams/payments-ml.html", "review.html")
REPO = "https://github.com/acme/models/blob/main/catalog"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(EXAMPLE_CATALOG.parent)  # the report pages name the catalog as given
        build(Path(EXAMPLE_CATALOG.name), out, dt.date(2026, 11, 26), REPO, history=False)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_golden(page: str, built: Path) -> None:
    output = (built / page).read_text(encoding="utf-8")
    golden = HERE / "golden" / page.replace("/", "--")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three months on, with usage data: eight production models due for review (never
    reviewed, overdue, metrics with baselines, thresholds and trends)."""
    out = tmp_path_factory.mktemp("golden-site-later")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(EXAMPLE_CATALOG.parent)  # the page names the catalog and usage file as given
        usage = load_usage(Path("examples/usage.csv"))
        build(Path(EXAMPLE_CATALOG.name), out, dt.date(2027, 3, 1), REPO, usage, history=False)
    return out


def test_golden_review_rows(later: Path) -> None:
    output = (later / "review.html").read_text(encoding="utf-8")
    golden = HERE / "golden" / "review-2027-03-01.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert output.count('<section class="card"') == 8
