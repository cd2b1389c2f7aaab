"""The real CLI: exit codes, formats, the crash guard, `python -m modelinv`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelinv.cli import cli, main

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"
BROKEN = Path(__file__).resolve().parents[1] / "reporters" / "catalog"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    shutil.copytree(BASE, tmp_path / "catalog")
    return tmp_path / "catalog"


def test_clean_catalog_exits_0(clean: Path) -> None:
    assert main(["validate", str(clean)]) == 0


def test_findings_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BROKEN), "--today", "2026-11-26"]) == 1
    out = capsys.readouterr().out
    assert "REF001 unknown reference 'dataset:card-transaction'" in out
    assert out.rstrip().endswith("(4 files checked).")


def test_missing_catalog_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "catalog directory not found" in capsys.readouterr().err


def test_outside_posix_every_command_says_where_it_runs_and_exits_2(
    clean: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What Windows reports (os.name "nt"): no fcntl and no O_NOFOLLOW, so nothing may start.
    monkeypatch.setattr(os, "name", "nt")
    assert main(["validate", str(clean)]) == 2
    assert "on Windows, run it in WSL" in capsys.readouterr().err
    monkeypatch.undo()
    assert main(["validate", str(clean)]) == 0


def test_unknown_option_exits_2() -> None:
    assert main(["validate", "--no-such-option"]) == 2


def test_json_shape_is_fixed(clean: Path) -> None:
    runner = CliRunner()
    clean_out = json.loads(runner.invoke(cli, ["validate", str(clean), "--format", "json"]).output)
    broken = runner.invoke(
        cli, ["validate", str(BROKEN), "--format", "json", "--today", "2026-11-26"]
    )
    assert broken.exit_code == 1
    broken_out = json.loads(broken.output)
    assert clean_out.keys() == broken_out.keys() == {"version", "tool", "summary", "findings"}
    assert clean_out["version"] == 1
    assert clean_out["findings"] == []
    assert broken_out["summary"]["errors"] == len(broken_out["findings"]) == 8


def test_github_format_is_default_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = CliRunner().invoke(cli, ["validate", str(BROKEN), "--today", "2026-11-26"])
    assert result.exit_code == 1
    assert result.output.startswith("::error file=")


def test_crash_is_one_line_and_nonzero(
    monkeypatch: pytest.MonkeyPatch, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*_: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("modelinv.cli.validate_cmd.run_validate", explode)
    assert main(["validate", str(clean)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_rules_list_and_explain() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0
    assert "REF001  unknown-reference" in listing.output
    explained = runner.invoke(cli, ["rules", "unknown-reference"])
    assert explained.exit_code == 0
    assert "**Failing example.**" in explained.output
    assert runner.invoke(cli, ["rules", "NOPE999"]).exit_code == 2


def test_python_dash_m(clean: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "modelinv", "validate", str(clean)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No problems found (6 files checked)." in proc.stdout
