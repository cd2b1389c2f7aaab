"""`modelinv check-files`: the per-file stage on given paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli.main import main

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_good_files_pass_and_others_are_skipped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "README.md").write_text("# hi\n")
    args = ["catalog/models/fraud-detector.yaml", "catalog/teams/payments-ml.yaml", "README.md"]
    assert main(["check-files", "--today", "2026-11-26", *args]) == 0
    assert "2 files checked" in capsys.readouterr().out


def test_schema_error_fails_but_references_are_not_checked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    text = model.read_text().replace(
        "upstream: [dataset:card-transactions]", "upstream: [dataset:nope]"
    )
    model.write_text(text)
    assert main(["check-files", "--today", "2026-11-26", str(model)]) == 0
    model.write_text(text.replace("lifecycle: production", "lifecycle: shipped"))
    assert main(["check-files", "--today", "2026-11-26", str(model)]) == 1
    out = capsys.readouterr().out
    assert "catalog/models/fraud-detector.yaml:" in out
    assert "REF001" not in out


def test_missing_catalog_is_a_usage_error(repo: Path) -> None:
    assert main(["check-files", "--catalog", "nowhere", "x.yaml"]) == 2
