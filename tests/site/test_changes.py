"""Model pages list the commits that changed their file, across a rename, from real git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from modelinv.site.changes import file_histories

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_histories_follow_a_rename(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo / "catalog")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    old = repo / "catalog" / "models" / "merchant-embedder.yaml"
    new = repo / "catalog" / "models" / "merchant-encoder.yaml"
    _git(repo, "mv", str(old), str(new))
    new.write_text(new.read_text().replace("merchant-embedder", "merchant-encoder"))
    _git(repo, "commit", "-qam", "rename the embedder")
    found = file_histories(repo / "catalog")
    subjects = [e.subject for e in found["models/merchant-encoder.yaml"]]
    assert subjects == ["rename the embedder", "first"]
    assert "models/merchant-embedder.yaml" not in found
    assert [e.subject for e in found["models/fraud-detector.yaml"]] == ["first"]


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    assert file_histories(tmp_path / "catalog") == {}
