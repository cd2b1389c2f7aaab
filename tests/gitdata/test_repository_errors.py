"""When git cannot be used, every command says why and what to do: no repository, no git,
no such folder, and a repository git refuses because another user owns it (git 2.35.2 and
later; a CI job in a container, a folder mounted from the host). A build publishes its
site without the history then, and says so; it never blames a repository that is there.

git's own test switch GIT_TEST_ASSUME_DIFFERENT_OWNER makes git take its real refusal path
for a repository this user owns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.cli import main
from modelinv.gitdata import git as gitrepo

pytestmark = pytest.mark.usefixtures("hermetic_git")


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    return git_repo


def test_outside_a_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    said = f"^{re.escape(str(folder))} is not in a git repository$"
    for ask in (gitrepo.toplevel, gitrepo.shallow_commits, gitrepo.in_repository):
        with pytest.raises(gitrepo.NotARepository, match=said):
            ask(folder)


def test_a_missing_folder_is_not_a_missing_git(tmp_path: Path) -> None:
    with pytest.raises(gitrepo.NotARepository, match=r"^not a folder: "):
        gitrepo.toplevel(tmp_path / "gone")
    with pytest.raises(gitrepo.NotARepository, match=r"^not a folder: "):
        list(gitrepo.log_changes(tmp_path / "gone", files=False))


def test_git_missing(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(gitrepo.GitError, match=r"^git is not installed") as raised:
        gitrepo.toplevel(repo.catalog)
    assert not isinstance(raised.value, gitrepo.NotARepository)


def test_a_repository_git_refuses_says_how_to_accept_it(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    top = repo.path.resolve()
    said = (
        f"git refuses the repository at {top}: another user owns it (if that is expected, "
        f"as in a CI container: git config --global --add safe.directory {top})"
    )
    with pytest.raises(gitrepo.GitError) as raised:
        gitrepo.toplevel(repo.catalog)
    assert str(raised.value) == said
    assert not isinstance(raised.value, gitrepo.NotARepository)
    monkeypatch.chdir(repo.path)
    assert main(["history", "fraud-detector"]) == 2
    assert capsys.readouterr().err == f"modelinv: {said}\n"
    assert main(["validate", "catalog", "--base", "HEAD"]) == 2
    assert capsys.readouterr().err == f"modelinv: --base: {said}\n"
    # The site is built, without the history, and the build says why.
    out = tmp_path / "site"
    assert main(["build", "catalog", "--out", str(out), "--today", "2026-09-01"]) == 0
    assert capsys.readouterr().err.endswith(
        f"modelinv: warning: the site has no change history and no health history: {said}\n"
    )
    health = (out / "health.html").read_text(encoding="utf-8")
    assert "Only today's figures: git could not read the catalog&#39;s repository." in health
    assert "not in a git repository" not in health
    page = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    assert "No change history: this build did not read the catalog from git." in page
    # Accepted as git says, the history is back and nothing is said.
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "safe.directory")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(top))
    assert main(["build", "catalog", "--out", str(out), "--today", "2026-09-01"]) == 0
    assert capsys.readouterr().err == ""
    page = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    assert "<td>Ana Lima</td><td>created</td><td>Add the inventory</td>" in page


def test_outside_git_a_build_says_nothing_more(
    tmp_path: Path, repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (repo.path / "catalog").rename(plain / "catalog")
    out = tmp_path / "site"
    assert main(["build", str(plain / "catalog"), "--out", str(out), "--today", "2026-09-01"]) == 0
    assert capsys.readouterr().err == ""
    health = (out / "health.html").read_text(encoding="utf-8")
    assert "Only today's figures: the catalog is not in a git repository." in health


def test_a_git_file_pointing_nowhere_is_not_a_missing_repository(tmp_path: Path) -> None:
    """A worktree whose `.git` file names a git folder that is gone: git's reason, not
    "not in a git repository"."""
    folder = tmp_path / "worktree"
    (folder / "catalog").mkdir(parents=True)
    gone = tmp_path / "gone" / ".git" / "worktrees" / "w"
    (folder / ".git").write_text(f"gitdir: {gone}\n", encoding="utf-8")
    with pytest.raises(gitrepo.GitError) as raised:
        gitrepo.toplevel(folder / "catalog")
    assert not isinstance(raised.value, gitrepo.NotARepository)
    assert str(raised.value) == (
        f"{folder / 'catalog'} is in a repository whose git folder is missing: {gone}"
    )
