"""Mistakes a new user makes get a clear message and exit 2, never a silent pass
(issue 10, defects 3 and 9)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelinv.cli import cli, main

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"
NOBODY = 65534


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_files_on_a_missing_path_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check-files", "catalog/models/fraud-detector.yaml", "catalog/models/gone.yaml"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no such file: catalog/models/gone.yaml" in err
    assert "fraud-detector" not in err


def test_validate_on_an_empty_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["validate", str(tmp_path / "empty")]) == 2
    assert "no catalog files (*.yaml) under" in capsys.readouterr().err


def test_validate_on_a_kind_folder_points_at_the_root(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "catalog/models"]) == 2
    err = capsys.readouterr().err
    assert "catalog/models is the 'models' folder of a catalog" in err
    assert "point at the catalog root instead: catalog" in err
    assert "ID004" not in err


def test_kind_folder_named_catalog_root_is_still_a_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog that happens to live in a folder named `models` is not refused."""
    shutil.copytree(BASE, tmp_path / "models")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "models", "--today", "2026-11-26"]) == 0


def test_validate_on_a_file_says_it_is_a_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "catalog/models/fraud-detector.yaml"]) == 2
    err = capsys.readouterr().err
    assert "catalog/models/fraud-detector.yaml is a file; give the catalog folder" in err
    assert "not found" not in err


@contextlib.contextmanager
def _unprivileged() -> Iterator[None]:
    """Run the block as an ordinary user: root reads every file whatever its mode.

    The real uid changes too (click's readability check uses access(2), which looks at
    it); the saved uid stays root so the block can give the privileges back.
    """
    if os.geteuid() != 0:
        yield
        return
    os.setresuid(NOBODY, NOBODY, 0)
    try:
        yield
    finally:
        os.setresuid(0, 0, 0)


def test_check_files_reports_an_unreadable_file_as_validate_does() -> None:
    work = Path(tempfile.mkdtemp(prefix="modelinv-unreadable-"))
    try:
        work.chmod(0o755)  # an ordinary user can reach the files, not read the one below
        shutil.copytree(BASE, work / "catalog")
        for folder in (work / "catalog").rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
            else:
                folder.chmod(0o644)
        target = work / "catalog" / "models" / "fraud-detector.yaml"
        target.chmod(0)
        args = [str(target), "--catalog", str(work / "catalog"), "--today", "2026-11-26"]
        runner = CliRunner()
        validate_args = ["validate", str(work / "catalog"), "--no-cache"]
        # Both commands run once first, so every module they import (commands are imported
        # on first use) is loaded before the files of the environment may be out of reach.
        runner.invoke(cli, ["check-files", *args])
        runner.invoke(cli, validate_args)
        with _unprivileged():
            checked = runner.invoke(cli, ["check-files", *args])
            validated = runner.invoke(cli, validate_args)
        assert checked.exit_code == 1, checked.output
        assert "YML010 cannot open file: Permission denied" in checked.output
        assert "YML010 cannot open file: Permission denied" in validated.output
    finally:
        for path in work.rglob("*"):
            path.chmod(stat.S_IRWXU)
        shutil.rmtree(work)


def test_build_summary_uses_singular_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(BASE, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("lifecycle: production", "lifecycle: shipped"))
    assert main(["build", str(catalog), "--out", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "1 finding shown" in out
    assert "1 findings" not in out


def test_report_index_help_describes_only_json() -> None:
    help_text = CliRunner().invoke(cli, ["report", "index", "--help"]).output
    assert "[json]" in help_text
    assert "Markdown" not in help_text
    retirement = CliRunner().invoke(cli, ["report", "retirement", "--help"]).output
    assert "Markdown" in retirement and "JSON" in retirement


def test_gate_without_argument_asks_for_one() -> None:
    result = CliRunner().invoke(cli, ["gate", "-e", "production"])
    assert result.exit_code == 2
    assert "give a MODEL or --manifest FILE" in result.output
    assert "not both" not in result.output


def test_docs_check_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["docs", "--check"]) == 2
    err = capsys.readouterr().err
    assert "Errno" not in err
    assert "README.md: cannot read file: No such file or directory" in err
    assert "run from the repository root" in err
