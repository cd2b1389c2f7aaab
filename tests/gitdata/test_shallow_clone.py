"""A shallow clone (`git clone --depth N`, actions/checkout's default, GitLab CI's
`GIT_DEPTH`) holds only the newest commits: git lists every file of the oldest one as
added. The audit trail must say the history stops there, never that the file was created
then, by that commit's author; commands that need older commits must say how to fetch them.

Each test clones a real repository with `git clone --depth N file://...`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv import Options, validate
from modelinv.cli import main
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.history import inventory_at, model_history
from modelinv.site.changes import file_trails

pytestmark = pytest.mark.usefixtures("hermetic_git")

FRAUD = "models/fraud-detector.yaml"
EMBEDDER = "models/merchant-embedder.yaml"
AUGUST = dt.date(2026, 8, 31)


@pytest.fixture
def origin(git_repo: GitRepo) -> tuple[GitRepo, list[str]]:
    """Three commits by three authors: the inventory added (June), fraud-detector promoted
    (July), the embedder retitled and a scorer added (August). Returns the commits too."""
    repo = git_repo
    repo.edit(FRAUD, "lifecycle: production", "lifecycle: staging")
    first = repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    repo.edit(FRAUD, "lifecycle: staging", "lifecycle: production")
    second = repo.commit("Promote", when="2026-07-01T09:00:00+00:00", author="Ben Okafor")
    repo.edit(EMBEDDER, "title: ", "title: Renamed ")
    scorer = (repo.catalog / FRAUD).read_text(encoding="utf-8")
    (repo.catalog / "models" / "fraud-scorer.yaml").write_text(
        scorer.replace("name: fraud-detector", "name: fraud-scorer"), encoding="utf-8"
    )
    third = repo.commit("Retitle, add a scorer", when="2026-08-01T09:00:00Z", author="Cy Ng")
    return repo, [first, second, third]


def clone(origin: GitRepo, into: Path, depth: int) -> GitRepo:
    """A clone of `origin` holding only its newest `depth` commits."""
    origin.git("clone", "-q", f"--depth={depth}", f"file://{origin.path}", str(into))
    return GitRepo(into)


def test_the_cut_commits_are_listed(origin: tuple[GitRepo, list[str]], tmp_path: Path) -> None:
    repo, commits = origin
    assert gitrepo.shallow_commits(repo.catalog) == frozenset()
    one = clone(repo, tmp_path / "one", 1)
    assert gitrepo.shallow_commits(one.path) == {commits[2]}
    assert gitrepo.shallow_commits(one.catalog) == {commits[2]}  # from a subfolder too
    two = clone(repo, tmp_path / "two", 2)
    assert gitrepo.shallow_commits(two.catalog) == {commits[1]}
    two.git("fetch", "-q", "--unshallow")
    assert gitrepo.shallow_commits(two.catalog) == frozenset()


def test_a_file_in_the_oldest_commit_is_not_created_there(
    origin: tuple[GitRepo, list[str]], tmp_path: Path
) -> None:
    repo, commits = origin
    whole = model_history(repo.catalog, "fraud-detector")
    assert [(r.commit.commit, r.status) for r in whole.revisions] == [
        (commits[1], "modified"),
        (commits[0], "added"),
    ]
    two = clone(repo, tmp_path / "two", 2)
    # The promotion is the clone's oldest commit: it holds the file, and nothing older.
    (cut,) = model_history(two.catalog, "fraud-detector").revisions
    assert (cut.commit.commit, cut.commit.author) == (commits[1], "Ben Okafor")
    assert cut.status == "truncated"
    assert cut.changes == ()  # no "(none) -> production": nothing older to compare with
    # A change after the cut is what it was; the file as the cut commit holds it is the
    # "before" of that change.
    embedder = model_history(two.catalog, "merchant-embedder")
    assert [(r.commit.commit, r.status) for r in embedder.revisions] == [
        (commits[2], "modified"),
        (commits[1], "truncated"),
    ]
    assert [c.field for c in embedder.revisions[0].changes] == ["metadata.title"]
    # A file added after the cut was added.
    scorer = model_history(two.catalog, "fraud-scorer").revisions
    assert [(r.commit.commit, r.status) for r in scorer] == [(commits[2], "added")]


def test_history_text_and_json_say_the_history_stops(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, commits = origin
    one = clone(repo, tmp_path / "one", 1)
    catalog = ["--catalog", str(one.catalog)]
    assert main(["history", "fraud-detector", *catalog]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].endswith("Cy Ng  Retitle, add a scorer")
    assert lines[3] == f"    history truncated here: {gitrepo.FETCH_HISTORY}"
    assert "created" not in "\n".join(lines)
    assert main(["history", "fraud-detector", *catalog, "--format", "json"]) == 0
    (revision,) = json.loads(capsys.readouterr().out)["revisions"]
    assert (revision["commit"], revision["status"], revision["changes"]) == (
        commits[2],
        "truncated",
        [],
    )


def test_the_inventory_on_a_date_does_not_name_a_last_change_it_cannot_know(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, commits = origin
    assert not inventory_at(repo.catalog, AUGUST).truncated
    two = clone(repo, tmp_path / "two", 2)
    snapshot = inventory_at(two.catalog, AUGUST)
    assert snapshot.truncated
    last = {m.model: m.last_change.commit if m.last_change else None for m in snapshot.models}
    # fraud-detector is as the clone's oldest commit (the promotion) holds it, but whether
    # that commit changed it is not in the clone; the other two changed after it.
    assert last == {
        "fraud-detector": None,
        "fraud-scorer": commits[2],
        "merchant-embedder": commits[2],
    }
    catalog = ["--catalog", str(two.catalog)]
    assert main(["history", "--at", "2026-08-31", *catalog, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["truncated"] is True
    assert [m["last_change"] for m in data["models"] if m["model"] == "fraud-detector"] == [None]
    assert main(["history", "--at", "2026-08-31", *catalog]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^fraud-detector +production +team:payments-ml +\?$", out, re.M)
    assert out.endswith(f"last change ?: before the oldest commit here: {gitrepo.FETCH_HISTORY}\n")
    # Before the clone's oldest commit: no answer, and how to get one.
    assert main(["history", "--at", "2026-06-15", *catalog]) == 2
    assert capsys.readouterr().err == (
        f"modelinv: no commit at or before 2026-06-15: {gitrepo.FETCH_HISTORY}\n"
    )
    assert main(["history", "--at", "2026-06-15", "--catalog", str(repo.catalog)]) == 0


def test_a_ref_the_clone_does_not_hold_says_how_to_fetch_it(
    origin: tuple[GitRepo, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo, _ = origin
    one = clone(repo, tmp_path / "one", 1)
    monkeypatch.chdir(one.path)
    unknown = "unknown git ref 'HEAD~1' (no such branch, tag or commit)"
    for args in (["validate", "--base", "HEAD~1", "catalog"], ["diff", "HEAD~1", "HEAD"]):
        assert main(args) == 2
        assert capsys.readouterr().err.endswith(f"{unknown}: {gitrepo.FETCH_HISTORY}\n")
    # In a whole repository, an unknown ref is only unknown.
    monkeypatch.chdir(repo.path)
    assert main(["diff", "HEAD~9", "HEAD"]) == 2
    assert capsys.readouterr().err == (
        "modelinv: unknown git ref 'HEAD~9' (no such branch, tag or commit)\n"
    )


def test_site_pages_say_where_the_history_was_cut(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, commits = origin
    two = clone(repo, tmp_path / "two", 2)
    trails = file_trails(two.catalog)
    assert trails[FRAUD].newest[-1].status == gitrepo.CUT
    assert trails["models/fraud-scorer.yaml"].newest[-1].status == "A"
    out = tmp_path / "site"
    assert main(["build", str(two.catalog), "--out", str(out), "--today", "2026-09-01"]) == 0
    page = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    changes = page[page.index('id="changes"') : page.index('id="findings"')]
    assert f"<code>{commits[1][:8]}</code></td><td>Ben Okafor</td><td>history cut</td>" in changes
    assert "created" not in changes
    assert "this site was built from a shallow clone" in changes
    scorer = (out / "models" / "fraud-scorer.html").read_text(encoding="utf-8")
    assert "<td>created</td>" in scorer and "shallow clone" not in scorer
    health = (out / "health.html").read_text(encoding="utf-8")
    assert (
        f"History cut: the history starts at 2026-07-01 (commit {commits[1][:7]}): this site "
        "was built from a shallow clone" in health
    )
    # The whole repository's site says none of it.
    whole = tmp_path / "whole"
    assert main(["build", str(repo.catalog), "--out", str(whole), "--today", "2026-09-01"]) == 0
    texts = [p.read_text(encoding="utf-8") for p in whole.rglob("*.html")]
    assert not [t for t in texts if "shallow clone" in t or "history cut" in t.lower()]


def test_build_notes_a_shallow_clone(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, _ = origin
    one = clone(repo, tmp_path / "one", 1)
    args = ["build", str(one.catalog), "--out", str(tmp_path / "site"), "--today", "2026-09-01"]
    assert main(args) == 0
    assert capsys.readouterr().err.endswith(
        "modelinv: note: the change histories and the health history stop where the "
        f"clone's history does: {gitrepo.FETCH_HISTORY}\n"
    )
    args = ["build", str(repo.catalog), "--out", str(tmp_path / "whole"), "--today", "2026-09-01"]
    assert main(args) == 0
    assert "shallow" not in capsys.readouterr().err


def test_an_unreadable_list_of_cut_commits_is_an_error_not_a_guess(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, _ = origin
    one = clone(repo, tmp_path / "one", 1)
    listed = one.path / ".git" / "shallow"
    moved = tmp_path / "elsewhere"
    listed.rename(moved)
    listed.symlink_to(moved)  # git follows it; a list read through a link is refused
    with pytest.raises(gitrepo.GitError, match="cannot read the shallow clone's list"):
        gitrepo.shallow_commits(one.catalog)
    assert main(["history", "fraud-detector", "--catalog", str(one.catalog)]) == 2
    assert "cannot read the shallow clone's list" in capsys.readouterr().err


def test_a_shallow_checkout_of_a_pull_requests_merge_compares_with_its_base(
    origin: tuple[GitRepo, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI checking out a pull request's merge commit one commit deep, with the base branch's
    tip fetched: REF is a parent of HEAD, so no history is needed to find where they meet."""
    repo, _ = origin
    repo.git("checkout", "-q", "-b", "feature")
    (repo.catalog / "models" / "fraud-scorer.yaml").unlink()
    repo.commit("Delete fraud-scorer", when="2026-09-01T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "pull-merge", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
    ci = tmp_path / "ci"
    repo.git("clone", "-q", "--depth=1", "--branch=pull-merge", f"file://{repo.path}", str(ci))
    checkout = GitRepo(ci)
    checkout.git("fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main")
    assert gitrepo.shallow_commits(checkout.catalog)
    monkeypatch.chdir(ci)
    assert gitrepo.fork_point(ci, "origin/main") == "origin/main"
    result = validate("catalog", Options(jobs=1, base="origin/main", today=AUGUST))
    assert [(f.code, f.location.path) for f in result.findings if f.code.startswith("LC")] == [
        ("LC005", "catalog/models/fraud-scorer.yaml")
    ]
