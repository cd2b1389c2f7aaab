"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from git_support import HERMETIC, GitRepo

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CATALOG = ROOT / "catalog"


@pytest.fixture(autouse=True)
def _no_user_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests never read or write the real user cache."""
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def hermetic_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """The git processes modelinv starts ignore the user's and the system's git
    configuration and inherited GIT_* variables, as tests/git_support.py's own do."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in HERMETIC.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def git_repo(tmp_path: Path, hermetic_git: None) -> GitRepo:
    """A new repository at tmp_path/repo holding the rule cases' base catalog, uncommitted."""
    return GitRepo.init(tmp_path / "repo")


@pytest.fixture
def linked_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder `elsewhere` and the working directory `repo` beside it: a test links a
    path in `repo` to `elsewhere` and checks that an output through it is refused
    (`elsewhere` stays empty). Returns `elsewhere`."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    return elsewhere
