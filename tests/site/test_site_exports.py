"""`modelinv build --exports` writes every export into site/exports/ and links it from the
index page (what the publish workflow does); without it there is neither."""

from __future__ import annotations

from pathlib import Path

from site_support import EXAMPLE_CATALOG

from modelinv.cli.main import main
from modelinv.exports.registry import EXPORTERS


def _build(site: Path, *extra: str) -> str:
    args = ["build", str(EXAMPLE_CATALOG), "--out", str(site), "--today", "2026-11-26"]
    assert main([*args, *extra]) == 0
    return (site / "index.html").read_text()


def test_index_links_every_export(tmp_path: Path) -> None:
    site = tmp_path / "site"
    index = _build(site, "--exports")
    for exporter in EXPORTERS.values():
        assert f'<a href="exports/{exporter.filename}">' in index
        assert (site / "exports" / exporter.filename).is_file()
    exported = tmp_path / "exported"
    assert main(["export", "all", "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26",
                 "--out", str(exported)]) == 0  # fmt: skip
    for path in exported.iterdir():
        assert (site / "exports" / path.name).read_bytes() == path.read_bytes(), path.name


def test_no_exports_no_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert 'href="exports/' not in _build(site)
    assert not (site / "exports").exists()
