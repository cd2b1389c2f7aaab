"""`git log` read as git writes it (`log_changes`): the same changes as the whole output
parsed at once, a failure still a GitError, and git stopped when the reader stops."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from git_support import GitRepo
from modelinv.gitdata import git as gitrepo

pytestmark = pytest.mark.usefixtures("hermetic_git")

NAMES = ["plain.yaml", "café-ünïcode.yaml", "日本語.yaml", "a" * 40, "R100", "x\ny"]


def _repo(path: Path) -> Path:
    path.mkdir()
    repo = GitRepo.init(path, catalog_from=None)
    for n, name in enumerate(NAMES):
        (path / name).write_text(f"{n}\n")
        repo.commit(f"add {n}", when=f"2026-06-{n + 1:02d}T09:00:00+00:00")
    repo.git("mv", NAMES[1], "renamed-é.yaml")
    repo.commit("rename", when="2026-07-01T09:00:00+00:00")
    repo.git("commit", "-q", "--allow-empty", "-m", "empty")
    return path


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1024 * 1024])
def test_streamed_changes_are_the_whole_output_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Chunks of every size split tokens, and multi-byte characters, anywhere."""
    repo = _repo(tmp_path / "repo")
    whole = gitrepo.run(repo, "log", "-z", "--name-status", "--format=%H", "-M")
    expected = gitrepo.parse_log(whole)
    assert len(expected) == len(NAMES) + 2  # every file, the rename, the empty commit
    monkeypatch.setattr(gitrepo, "CHUNK_BYTES", chunk)
    assert list(gitrepo.log_changes(repo, "-M")) == expected
    assert [e.status[:1] for e in gitrepo.log(repo, "-M")][:2] == ["", "R"]


def test_a_git_failure_is_a_git_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    with pytest.raises(gitrepo.GitError, match="no-such-ref"):
        list(gitrepo.log_changes(repo, "no-such-ref", "--"))


def test_git_missing_is_a_git_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(gitrepo.GitError, match="git is not installed"):
        list(gitrepo.log_changes(repo))


def test_a_reader_that_stops_stops_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path / "repo")
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = real(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(gitrepo, "CHUNK_BYTES", 1)
    changes = gitrepo.log_changes(repo)
    assert next(changes)[1] == ""  # the empty commit, newest
    (log,) = [p for p in started if isinstance(p.args, list) and "log" in p.args]  # not rev-parse
    assert log.returncode is None
    changes.close()
    assert log.returncode is not None  # ended and reaped: no process left behind


def test_without_a_temporary_folder_a_failure_is_still_a_git_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git's errors go to a temporary file; without one the log is still read, and a
    failure still named (by the command, its message not kept)."""
    repo = _repo(tmp_path / "repo")
    expected = list(gitrepo.log_changes(repo))

    def no_file() -> None:
        raise OSError("no temporary folder")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_file)
    assert list(gitrepo.log_changes(repo)) == expected
    with pytest.raises(gitrepo.GitError, match="git log failed"):
        list(gitrepo.log_changes(repo, "no-such-ref", "--"))
