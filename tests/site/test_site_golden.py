"""Golden pages for the example catalog: the index, one model page and one team page.

Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

HERE = Path(__file__).parent
PAGES = ("index.html", "models/fraud-detector.html", "teams/payments-ml.html")
REPO = "https://github.com/acme/models/blob/main/catalog"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-site")
    build(EXAMPLE_CATALOG, out, dt.date(2026, 11, 26), REPO, history=False)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_golden(page: str, built: Path) -> None:
    output = (built / page).read_text(encoding="utf-8")
    golden = HERE / "golden" / page.replace("/", "--")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
