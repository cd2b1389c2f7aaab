"""`modelinv discover` with a model file that fails validation: the model counts as known
(no shadow), nothing is compared for it (no drift, no orphan), and the command says so on
stderr instead of passing for a full comparison; with --check that exits 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "examples" / "manifests" / "multi.yaml"


def _broken_catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("  lifecycle: ", "  lifecycle: x-", 1))
    return catalog


@pytest.mark.parametrize("check", [False, True])
def test_a_model_file_left_out_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], check: bool
) -> None:
    catalog = _broken_catalog(tmp_path)
    args = ["discover", "--k8s", str(MANIFESTS), "--catalog", str(catalog), "-e", "production"]
    code = main([*args, "--today", "2026-11-26", *(["--check"] if check else [])])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert any(
        line.startswith("modelinv: left out ") and "fraud-detector.yaml:" in line for line in lines
    ), err
    assert (
        "modelinv: 1 file failing validation left out of the comparison: fix it "
        "(modelinv validate lists every finding)" in lines
    )
    # neither a shadow nor its drift (the valid catalog's two DRIFT lines for it)
    assert "fraud-detector" not in out.replace("fraud-detector.yaml", "")
    assert code == (1 if check else 0)


def test_a_valid_catalog_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["discover", "--k8s", str(MANIFESTS), "--catalog", str(ROOT / "catalog")]
    assert main([*args, "-e", "production", "--today", "2026-11-26"]) == 0
    out, err = capsys.readouterr()
    assert "left out" not in err
    assert out.count("DRIFT  fraud-detector:") == 2
