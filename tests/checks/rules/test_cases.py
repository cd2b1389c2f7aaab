"""Run every rule case on disk (see README.md in this folder)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv import Options, validate
from modelinv.checks.rules.registry import RULES

HERE = Path(__file__).parent
TODAY = dt.date(2026, 11, 26)  # time-based rules judge the cases as of this date
BASE = HERE / "base"
CASES = sorted(p for p in (HERE / "cases").glob("*/*/*") if p.is_dir())

pytestmark = pytest.mark.usefixtures("hermetic_git")


def _materialise(case: Path, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    if (case / "base").is_dir():  # a transition case: commit BASE + base/ first
        _overlay(work / "catalog", case / "base")
        GitRepo.init(work, catalog_from=None).commit("base")
        shutil.rmtree(work / "catalog")
    _overlay(work / "catalog", case / "catalog")
    deleted = case / "deleted.txt"
    for rel in deleted.read_text().split() if deleted.is_file() else ():
        (work / "catalog" / rel).unlink()
    if (case / "repo").is_dir():  # files beside the catalog (e.g. .github/CODEOWNERS)
        shutil.copytree(case / "repo", work, symlinks=True, dirs_exist_ok=True)
        if not (work / ".git").exists():
            GitRepo.init(work, catalog_from=None)
    return work


def _overlay(target: Path, overlay: Path) -> None:
    shutil.copytree(BASE, target, symlinks=True)
    if overlay.is_dir():
        shutil.copytree(overlay, target, symlinks=True, dirs_exist_ok=True)


def _found(work: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.chdir(work)
    committed = (work / ".git").is_dir() and (
        GitRepo(work).run("rev-parse", "--verify", "-q", "HEAD").returncode == 0
    )
    base = "HEAD" if committed else None  # a transition case committed its base
    result = validate("catalog", Options(jobs=1, today=TODAY, base=base))
    return {f"{f.code} {f.location}" for f in result.findings}


def test_base_catalog_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    shutil.copytree(BASE, work / "catalog")
    assert _found(work, monkeypatch) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda p: "/".join(p.parts[-3:]))
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _materialise(case, tmp_path)
    found = _found(work, monkeypatch)
    if case.parent.name == "pass":
        assert found == set()
        return
    expected_file = case / "expected.txt"
    expected = {line.strip() for line in expected_file.read_text().splitlines() if line.strip()}
    assert expected, f"{expected_file} lists no finding"
    assert {e.split()[0] for e in expected} == {case.parent.parent.name}, (
        "a fail case must pin findings of its own rule only"
    )
    assert found == expected


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_cases(code: str) -> None:
    folder = HERE / "cases" / code
    assert any((folder / "fail").glob("*/expected.txt")), f"{code} has no failing case"
    assert any((folder / "pass").iterdir()) if (folder / "pass").is_dir() else False, (
        f"{code} has no passing case"
    )
