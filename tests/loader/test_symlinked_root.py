"""A catalog folder that is a symbolic link is refused by every command (exit 2), so a
pull request cannot point the tool at files outside the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.cli import main
from modelinv.loader.discover import symlinked_root

EXAMPLE = Path(__file__).resolve().parents[2] / "catalog"
COMMANDS = [
    ["validate", "catalog", "--no-cache"],
    ["build", "catalog", "--out", "site"],
    ["codeowners", "--check"],
    ["report", "health", "catalog"],
    ["history", "fraud-detector"],
    ["check-files", "catalog/models/fraud-detector.yaml"],
]


@pytest.fixture
def linked_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hermetic_git: None) -> Path:
    """A repository whose `catalog` links to a catalog outside it (holding a secret)."""
    outside = tmp_path / "outside"
    shutil.copytree(EXAMPLE, outside)
    (outside / "models" / "fraud-detector.yaml").write_text("secret: hunter2\n")
    repo = GitRepo.init(tmp_path / "repo", catalog_from=None)
    repo.catalog.symlink_to(outside)
    monkeypatch.chdir(repo.path)
    return repo.path


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_every_command_refuses_a_symlinked_catalog(
    linked_repo: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert "catalog is a symbolic link" in err
    assert "hunter2" not in out + err
    assert not (linked_repo / "site").exists()


def test_a_folder_on_a_relative_path_that_is_a_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real" / "sub" / "catalog").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path)
    assert symlinked_root(Path("link/sub/catalog")) is not None
    assert symlinked_root(tmp_path / "link" / "sub" / "catalog") is not None
    assert symlinked_root(Path("real/sub/catalog")) is None
    monkeypatch.chdir(tmp_path / "work")
    # Outside the working directory only the folder and its parent are the repository's.
    assert symlinked_root(tmp_path / "link" / "sub" / "catalog") is None
    assert symlinked_root(tmp_path / "link") is not None
