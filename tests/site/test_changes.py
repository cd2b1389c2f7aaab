"""Model pages list the commits that changed their file, across a rename, from real git."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.site.changes import file_histories

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"


pytestmark = pytest.mark.usefixtures("hermetic_git")


def test_histories_follow_a_rename(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.commit("first")
    old = repo.catalog / "models" / "merchant-embedder.yaml"
    new = repo.catalog / "models" / "merchant-encoder.yaml"
    repo.git("mv", str(old), str(new))
    new.write_text(new.read_text().replace("merchant-embedder", "merchant-encoder"))
    repo.commit("rename the embedder")
    found = file_histories(repo.catalog)
    subjects = [e.subject for e in found["models/merchant-encoder.yaml"]]
    assert subjects == ["rename the embedder", "first"]
    assert "models/merchant-embedder.yaml" not in found
    assert [e.subject for e in found["models/fraud-detector.yaml"]] == ["first"]


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    assert file_histories(tmp_path / "catalog") == {}
