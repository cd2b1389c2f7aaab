"""tests/git_support.py: the shared test repository is the same whoever runs the suite, even
from inside a git hook (GIT_DIR set) or with a personal git configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from git_support import GitRepo

# A personal configuration that would change every commit the tests make, or refuse it.
PERSONAL = """\
[user]
    name = Someone Else
    email = someone@elsewhere.invalid
[commit]
    gpgsign = true
[init]
    defaultBranch = trunk
"""


@pytest.fixture
def hostile_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The caller's environment: a personal git config and a hook's GIT_DIR pointing at
    another repository, which is returned."""
    other = GitRepo.init(tmp_path / "other", catalog_from=None)
    (other.path / "file.txt").write_text("other\n")
    other.commit("the other repository")
    config = tmp_path / "gitconfig"
    config.write_text(PERSONAL)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.path))
    return other


def test_commits_ignore_the_callers_git_environment(hostile_environment: GitRepo) -> None:
    other_head = hostile_environment.head()
    repo = GitRepo.init(hostile_environment.path.parent / "repo")
    first = repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    assert (repo.path / ".git").is_dir()
    assert repo.git("log", "-1", "--format=%an <%ae>|%cn|%aI|%s") == (
        "Ana Lima <ana.lima@example.com>|Ana Lima|2026-06-01T09:00:00+00:00|Add the inventory\n"
    )
    assert repo.git("branch", "--show-current") == "main\n"
    assert repo.git("ls-files", "catalog/models/fraud-detector.yaml") != ""
    repo.edit("models/merchant-embedder.yaml", "lifecycle: development", "lifecycle: staging")
    second = repo.commit("Promote", author="Ben Okafor")
    assert repo.git("log", "-1", "--format=%an <%ae>|%cn", second) == (
        "Ben Okafor <ben.okafor@example.com>|Ben Okafor\n"
    )
    assert repo.git("rev-parse", "HEAD~1") == first + "\n"
    assert hostile_environment.head() == other_head  # the hook's repository is untouched


def test_hermetic_git_fixture_clears_the_same_for_modelinv(
    hostile_environment: GitRepo, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue("hermetic_git")
    assert "GIT_DIR" not in os.environ and "GIT_WORK_TREE" not in os.environ
    assert os.environ["GIT_CONFIG_GLOBAL"] == os.devnull
    assert os.environ["GIT_CONFIG_NOSYSTEM"] == "1"


def test_output_is_not_translated(git_repo: GitRepo) -> None:
    name = "models/odd\rname.yaml"
    (git_repo.catalog / name).write_text("kind: Model\n")
    git_repo.git("add", "-A")
    assert f"catalog/{name}" in git_repo.git("ls-files", "-z").split("\0")
    failed = git_repo.run("rev-parse", "--verify", "-q", "no-such-ref")
    assert failed.returncode != 0 and failed.stdout == ""
