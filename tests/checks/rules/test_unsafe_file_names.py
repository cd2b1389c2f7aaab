"""YML012: hostile file names, built by the test (Windows and macOS checkouts cannot hold a
tab or a newline in a path, so they are not stored as rule cases), cannot forge CODEOWNERS
lines, even with every waiver their author can write."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv import Options, validate
from modelinv.checks.rules.registry import waivable
from modelinv.cli.main import main

BASE = Path(__file__).parent / "base"
TODAY = dt.date(2026, 11, 26)
# The waiver a careless reviewer approves: the file name differs from the id.
MODEL = """\
apiVersion: modelinv/v1
kind: Model
metadata:
  name: takeover
  title: Takeover
  waivers:
    - {rule: ID002, reason: legacy name, approvedBy: Ana Lima, expires: 2027-12-31}
    - {rule: YML012, reason: legacy name, approvedBy: Ana Lima, expires: 2027-12-31}
spec:
  lifecycle: development
  owner: team:payments-ml
  maintainer: {name: Ben Okafor, email: ben.okafor@example.com}
"""
HOSTILE = [
    "a\n* @evil\n.yaml",  # the injection: a line of its own
    "b\t@evil.yaml",
    "c\r* @evil.yaml",
    "d\u2028* @evil.yaml",
    "e\u0085* @evil.yaml",
    "f\u202e@evil.yaml",  # right-to-left override
    "g\u200b.yaml",  # zero-width space
    "*.yaml",  # a glob: would match every model file
    "h[a-z]*.yaml",
    "i?.yaml",
    "j#@evil.yaml",
    "k\\ @evil.yaml",
    "!l.yaml",
]
# A CODEOWNERS line: a comment, or one pattern (spaces escaped) and one owner.
LINE = re.compile(r"#[^\n]*|/(?:[^\s\\#*?\[\]!]|\\ )+ @[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")

pytestmark = pytest.mark.usefixtures("hermetic_git")


@pytest.mark.parametrize("name", HOSTILE, ids=ascii)
def test_hostile_file_name_is_refused_and_forges_no_codeowners_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = GitRepo.init(tmp_path / "inventory", catalog_from=BASE)
    (repo.catalog / "models" / name).write_text(MODEL)
    monkeypatch.chdir(repo.path)
    assert main(["codeowners", "--fallback", "@acme/platform"]) == 0
    # git holds such a name: a pull request can really bring it.
    repo.git("add", "-A")
    assert f"catalog/models/{name}" in repo.git("ls-files", "-z").split("\0")

    codeowners = Path(".github/CODEOWNERS").read_text(encoding="utf-8")
    lines = codeowners.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert line == "" or LINE.fullmatch(line), repr(line)
    assert not any("evil" in line for line in lines if not line.startswith("#"))
    assert any(line.startswith("#") and "YML012" in line for line in lines)
    assert main(["codeowners", "--check", "--fallback", "@acme/platform"]) == 0

    result = validate("catalog", Options(jobs=1, today=TODAY))
    found = [f for f in result.findings if f.code == "YML012"]
    assert len(found) == 1 and result.waived == 0, result.findings
    assert found[0].location.path.startswith("catalog/models/")
    # The finding names the real file; the text output shows it on one line, escaped.
    assert found[0].location.path == f"catalog/models/{name}"
    capsys.readouterr()
    assert main(["validate", "catalog", "--today", "2026-11-26"]) == 1
    (shown,) = [line for line in capsys.readouterr().out.splitlines() if "YML012" in line]
    assert shown.startswith("catalog/models/") and shown.endswith("and spaces)")


def test_yml012_cannot_be_waived() -> None:
    assert not waivable("YML012")
