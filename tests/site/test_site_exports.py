"""`modelinv build --exports` writes every export into site/exports/ and links it from the
index page (what the publish workflow does); without it there is neither."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
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


def test_index_json_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--index-json` adds the index report, the value `modelinv report index` gives
    (without its indentation); without it the site has none."""
    _build(tmp_path / "plain")
    assert not (tmp_path / "plain" / "index.json").exists()
    _build(tmp_path / "site", "--index-json")
    capsys.readouterr()
    args = ["report", "index", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    assert main([*args, "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert json.loads((tmp_path / "site" / "index.json").read_text()) == expected
    kinds = ("models", "teams", "data", "consumers")
    files = [path for kind in kinds for path in (EXAMPLE_CATALOG / kind).rglob("*.yaml")]
    assert len(expected["entities"]) == len(files)


def test_files_left_out_of_the_exports_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exports are handed on alone: a build with --exports says on stderr how many
    files failing validation they lack (exit 0: the index page lists them); without
    --exports the site says it, and the build says nothing."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("  lifecycle: ", "  lifecycle: x-", 1))
    args = ["build", str(catalog), "--today", "2026-11-26"]
    assert main([*args, "--out", str(tmp_path / "a"), "--exports"]) == 0
    note = (
        "modelinv: note: 1 file failing validation left out of the exports (the index page "
        "lists them; modelinv validate lists every finding)"
    )
    assert note in capsys.readouterr().err.splitlines()
    rows = csv.DictReader(io.StringIO((tmp_path / "a" / "exports" / "models.csv").read_text()))
    assert "fraud-detector" not in [row["id"] for row in rows]
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert "left out" not in capsys.readouterr().err


def test_a_second_file_for_an_id_does_not_stop_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two valid files declaring one model id (ID003) stopped the build with an internal
    error (the page models/ID.html written twice). The first in path order gets the page,
    as references resolve; the other is listed with the files that failed validation,
    with its findings, and the exports' note counts it."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    models = catalog / "models"
    (models / "legacy").mkdir()
    shutil.copy(models / "fraud-detector.yaml", models / "legacy" / "fraud-detector.yaml")
    site = tmp_path / "site"
    args = ["build", str(catalog), "--out", str(site), "--today", "2026-11-26", "--exports"]
    assert main(args) == 0
    assert "modelinv: note: 1 file failing validation left out of the exports" in (
        capsys.readouterr().err
    )
    index = (site / "index.html").read_text()
    listed = index[index.index('<h2 id="invalid">') :]
    assert "<code>models/legacy/fraud-detector.yaml</code>" in listed
    assert "ID003" in listed
    page = (site / "models" / "fraud-detector.html").read_text()
    assert "Source: <code>" in page and "models/fraud-detector.yaml</code>" in page
    assert "models/legacy/fraud-detector.yaml</code></p>" not in page
