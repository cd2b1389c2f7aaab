"""Writes never go through a symbolic link the repository holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli import main
from modelinv.support.safe_paths import symlink_on_path

ROOT = Path(__file__).resolve().parents[2]


def test_links_below_the_base_are_found(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".github").symlink_to(elsewhere)
    assert symlink_on_path(Path(".github/CODEOWNERS"), repo) == repo / ".github"
    assert symlink_on_path(repo / ".github" / "CODEOWNERS", repo) == repo / ".github"
    (repo / "docs").mkdir()
    assert symlink_on_path(Path("docs/CODEOWNERS"), repo) is None
    (repo / "docs" / "CODEOWNERS").symlink_to(elsewhere / "x")
    assert symlink_on_path(Path("docs/CODEOWNERS"), repo) == repo / "docs" / "CODEOWNERS"


def test_codeowners_refuses_a_symlinked_github_folder(
    linked_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12 item 8: `.github -> /elsewhere` must not redirect the write."""
    elsewhere = linked_out
    Path(".github").symlink_to(elsewhere)
    shutil.copytree(ROOT / "catalog", "catalog")
    assert main(["codeowners", "--catalog", "catalog"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
