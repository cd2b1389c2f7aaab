"""`modelinv export` and `modelinv search` through the real CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from export_support import EXAMPLE_CATALOG

from modelinv.checks.engine import Options, load_inventory
from modelinv.cli.main import main
from modelinv.exports.base import ExportOptions
from modelinv.exports.csv_table import safe_cell
from modelinv.exports.registry import EXPORTERS


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_all_writes_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    code, _, err = _run(
        capsys, "export", "all", "--catalog", str(EXAMPLE_CATALOG), "--out", str(out)
    )
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([e.filename for e in EXPORTERS.values()] + ["modelinv-sources.yaml"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


def test_each_exporter_lists_the_files_it_renders() -> None:
    """`files` is what `build --exports` links before the exports are made: exactly the
    files `render` returns, the main one (`filename`) first."""
    inventory = load_inventory(EXAMPLE_CATALOG, Options(today=dt.date(2026, 11, 26)))
    for exporter in EXPORTERS.values():
        assert exporter.files[0] == exporter.filename
        assert sorted(exporter.render(inventory, ExportOptions())) == sorted(exporter.files)


def test_export_to_stdout_equals_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bom.json"
    args = ["export", "cyclonedx", "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    assert _run(capsys, *args, "--out", str(target))[0] == 0
    code, out, _ = _run(capsys, *args)
    assert code == 0
    assert out.encode() == target.read_bytes()


def test_multi_file_export_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "export", "kubeflow-hub", "--catalog", str(EXAMPLE_CATALOG))
    assert code == 2
    assert "give --out" in err


def test_missing_catalog_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "export", "csv", "--catalog", str(tmp_path / "nope"))
    assert code == 2
    assert "catalog directory not found" in err


def test_csv_cells_cannot_run_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    text = model.read_text().replace(
        "title: Card Fraud Detector", 'title: "=HYPERLINK(\\"https://evil.example\\")"'
    )
    model.write_text(text)
    code, out, err = _run(capsys, "export", "csv", "--catalog", str(catalog))
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["fraud-detector"]["title"] == '\'=HYPERLINK("https://evil.example")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_cell_quotes_every_formula_start(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell(f"a{start}") == f"a{start}"


def _database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "inventory.sqlite"
    code, _, err = _run(
        capsys, "export", "sqlite", "--catalog", str(EXAMPLE_CATALOG), "--out", str(db)
    )
    assert code == 0, err
    return db


def test_search_with_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    code, out, _ = _run(
        capsys, "search", "--db", str(db), "team:payments-ml", "stage:production", "fraud"
    )
    assert code == 0
    refs = [line.split()[0] for line in out.splitlines()]
    assert refs[0] == "model:fraud-detector"
    connection = sqlite3.connect(db)
    production = {
        f"model:{r[0]}"
        for r in connection.execute(
            "SELECT id FROM models WHERE owner = 'team:payments-ml' AND lifecycle = 'production'"
        )
    }
    assert set(refs) <= production


def test_search_ranks_title_hits_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    code, out, _ = _run(capsys, "search", "--db", str(db), "kind:model", "churn")
    assert code == 0
    refs = [line.split()[0] for line in out.splitlines()]
    assert set(refs[:2]) == {"model:churn-predictor", "model:churn-logreg"}


def test_search_without_hits_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    assert _run(capsys, "search", "--db", str(db), "zzyzx-no-such-word")[0] == 1


def test_search_indexes_the_catalog_without_db(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "search", "--catalog", str(EXAMPLE_CATALOG), "--format", "json", "tag:fraud"
    )
    assert code == 0
    assert '"model:fraud-detector"' in out


def test_search_missing_db_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "search", "--db", str(tmp_path / "x.sqlite"), "fraud")
    assert code == 2
    assert "database not found" in err


def test_out_ending_in_a_slash_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(
        capsys, "export", "kubeflow-hub", "--catalog", str(EXAMPLE_CATALOG), "--out", "hub/"
    )
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "hub").iterdir()) == [
        "modelinv-models.yaml",
        "modelinv-sources.yaml",
    ]


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_a_cached_run_exports_the_same_bytes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second export reads every entity from the validation cache, not the YAML."""
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(tmp_path / "cache"))
    args = ["export", name, "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    first, second = tmp_path / "first", tmp_path / "second"
    assert _run(capsys, *args, "--out", f"{first}/")[0] == 0
    assert any((tmp_path / "cache").iterdir())
    assert _run(capsys, *args, "--out", f"{second}/")[0] == 0
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_a_model_without_maintainer_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`maintainer` is optional in the model: every format writes the model without one."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "kyc-document-classifier.yaml"  # in development
    lines = model.read_text().splitlines(keepends=True)
    discovered = "  discovered: {source: kubernetes, where: deploy.yaml:3, when: 2026-11-20}\n"
    model.write_text(
        "".join(discovered if line.startswith("  maintainer:") else line for line in lines)
    )
    out = tmp_path / "out"
    code, _, err = _run(capsys, "export", "all", "--catalog", str(catalog), "--out", str(out))
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "models.csv").read_text()))}
    assert rows["kyc-document-classifier"]["maintainer"] == ""
