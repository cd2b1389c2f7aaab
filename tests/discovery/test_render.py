"""`discover`'s output formats, read back as their consumers read them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from github_support import parse
from modelinv.cli import main

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "examples" / "manifests" / "multi.yaml"
TODAY = "2026-11-26"


def _github(capsys: pytest.CaptureFixture[str], manifest: Path) -> list[str]:
    args = ["discover", "--k8s", str(manifest), "-e", "production", "--format", "github"]
    assert main([*args, "--catalog", str(ROOT / "catalog"), "--today", TODAY]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("discover: ")
    return lines[:-1]


def test_every_github_line_is_a_workflow_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The orphan (no file) used to be `::warning,title=...`: no command, no annotation."""
    parsed = [parse(line) for line in _github(capsys, MULTI)]
    orphan = next(p for p in parsed if p[1]["title"] == "modelinv orphan")
    assert orphan[0] == "warning" and "file" not in orphan[1]
    assert orphan[2].startswith("product-recommender: the catalog says it runs on kserve")
    shadow = next(p for p in parsed if p[1]["title"] == "modelinv shadow")
    assert shadow[1] == {"file": str(MULTI), "line": "30", "title": "modelinv shadow"}


def test_a_manifest_path_with_commas_and_colons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    manifest = folder / "multi,prod:eu.yaml"
    shutil.copy(MULTI, manifest)
    parsed = [parse(line) for line in _github(capsys, manifest)]
    files = {p[1].get("file") for p in parsed} - {None}
    assert files == {str(manifest)}
    assert {p[1]["line"] for p in parsed if "line" in p[1]} == {"10", "30"}
