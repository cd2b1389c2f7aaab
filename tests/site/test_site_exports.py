"""The index page links the exports written into site/exports/ before the build (what the
publish workflow does), and nothing when there are none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from site_support import EXAMPLE_CATALOG

from modelinv.cli.main import main
from modelinv.exports.registry import EXPORTERS
from modelinv.site import build_site

TODAY = dt.date(2026, 11, 26)


def test_index_links_every_export(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert (
        main(["export", "all", "--catalog", str(EXAMPLE_CATALOG), "--out", str(site / "exports")])
        == 0
    )
    build_site(EXAMPLE_CATALOG, site, TODAY, history=False)
    index = (site / "index.html").read_text()
    for exporter in EXPORTERS.values():
        assert f'<a href="exports/{exporter.filename}">' in index
        assert (site / "exports" / exporter.filename).is_file()


def test_no_exports_no_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(EXAMPLE_CATALOG, site, TODAY, history=False)
    assert 'href="exports/' not in (site / "index.html").read_text()
