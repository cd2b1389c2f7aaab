"""A partial clone (`git clone --filter=blob:none`, actions/checkout's `filter:`, a common
way to check out a long history quickly) holds every commit and tree but only the files
of the commit checked out; git fetches any other file version the moment it is read, one
request each. The audit trail reads hundreds of past versions: modelinv fetches the ones
it needs in one request, and says so plainly when the remote cannot send them.

Each test clones a real repository with `git clone --filter=blob:none file://...` (a
remote on this machine: git's own protocol, no network)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.cli import main
from modelinv.gitdata import git as gitrepo

pytestmark = pytest.mark.usefixtures("hermetic_git")

FRAUD = "models/fraud-detector.yaml"
EMBEDDER = "models/merchant-embedder.yaml"
TODAY = "2026-11-30"
MONTHS = ("06", "07", "08", "09", "10")


@pytest.fixture
def origin(git_repo: GitRepo) -> GitRepo:
    """Five monthly commits, each changing both models (so every past version of them is
    one a blobless clone leaves out), serving partial clones as a forge does."""
    repo = git_repo
    repo.commit("Add the inventory", when="2026-05-01T09:00:00+00:00")
    for number, month in enumerate(MONTHS):
        repo.edit(FRAUD, "title: ", f"title: v{number} ")
        repo.edit(EMBEDDER, "title: ", f"title: v{number} ")
        repo.commit(f"Retitle {number}", when=f"2026-{month}-01T09:00:00+00:00")
    repo.git("config", "uploadpack.allowFilter", "true")
    repo.git("config", "uploadpack.allowAnySHA1InWant", "true")
    return repo


def partial_clone(origin: GitRepo, into: Path, left_out: str = "blob:none") -> GitRepo:
    origin.git("clone", "-q", f"--filter={left_out}", f"file://{origin.path}", str(into))
    return GitRepo(into)


def fetches(repo: GitRepo) -> int:
    """How many times git fetched into `repo`: each fetch of a partial clone (the clone's
    own checkout included) writes one pack marked `.promisor`."""
    return len(list((repo.path / ".git" / "objects" / "pack").glob("*.promisor")))


def left_out(repo: GitRepo) -> int:
    listed = repo.git("rev-list", "--objects", "--all", "--missing=print")
    return sum(line.startswith("?") for line in listed.splitlines())


def run(repo: GitRepo, args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(repo.path)
    return main(args)


def test_the_promisor_remote_is_found(origin: GitRepo, tmp_path: Path) -> None:
    assert gitrepo.promisor_remote(origin.catalog) is None
    clone = partial_clone(origin, tmp_path / "clone")
    assert gitrepo.promisor_remote(clone.catalog) == "origin"


def test_history_fetches_the_versions_it_reads_in_one_request(
    origin: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["history", "fraud-detector", "--format", "json"]
    assert run(origin, args, monkeypatch) == 0
    whole = capsys.readouterr().out
    clone = partial_clone(origin, tmp_path / "clone")
    assert left_out(clone) >= 2 * len(MONTHS)  # the older versions of both models
    before = fetches(clone)
    assert run(clone, args, monkeypatch) == 0
    assert capsys.readouterr().out == whole
    assert fetches(clone) == before + 1
    # Only what the history read: the embedder's older versions are still left out.
    assert left_out(clone) >= len(MONTHS)


def test_a_treeless_clone_fetches_the_trees_in_one_request(
    origin: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--filter=tree:0` leaves out the trees of past commits too: git log would fetch
    them commit by commit."""
    args = ["history", "fraud-detector", "--format", "json"]
    assert run(origin, args, monkeypatch) == 0
    whole = capsys.readouterr().out
    clone = partial_clone(origin, tmp_path / "clone", "tree:0")
    before = fetches(clone)
    assert run(clone, args, monkeypatch) == 0
    assert capsys.readouterr().out == whole
    assert fetches(clone) == before + 2  # the trees, then the file versions read


def test_the_site_built_from_a_partial_clone_is_the_full_clones(
    origin: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = ["build", "--today", TODAY, "--no-cache", "--out"]
    assert run(origin, [*build, str(tmp_path / "full")], monkeypatch) == 0
    clone = partial_clone(origin, tmp_path / "clone")
    before = fetches(clone)
    assert run(clone, [*build, str(tmp_path / "partial")], monkeypatch) == 0
    # The health history reads every monthly version: one request for all of them.
    assert fetches(clone) == before + 1
    # The health page charts the history: a point per monthly version.
    health = (tmp_path / "partial" / "health.html").read_text(encoding="utf-8")
    assert health.count('<svg class="chart trend-chart"') >= 1
    assert "2026-06" in health and "2026-10" in health
    _same_tree(tmp_path / "full", tmp_path / "partial")


def test_a_remote_that_cannot_send_them_is_named(
    origin: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = partial_clone(origin, tmp_path / "clone")
    origin.path.rename(tmp_path / "gone")
    assert run(clone, ["history", "fraud-detector"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "this partial clone left out" in err
    assert "could not fetch them from remote 'origin'" in err
    assert err.count("\n") == 1


def test_a_full_clone_runs_no_extra_git_command(origin: GitRepo) -> None:
    """Outside a partial clone the check is one `git config` call, and nothing fetched."""
    gitrepo.fetch_left_out(origin.catalog, ["HEAD:catalog/" + FRAUD])
    assert fetches(origin) == 0


def _same_tree(left: Path, right: Path) -> None:
    """Every file of the two sites byte for byte (the build's own manifest records file
    stamps, which differ)."""
    compared = filecmp.dircmp(left, right, ignore=[".modelinv-build.json"])
    stack = [compared]
    while stack:
        here = stack.pop()
        assert here.left_only == [] and here.right_only == [], here.left
        _, mismatch, errors = filecmp.cmpfiles(
            here.left, here.right, here.common_files, shallow=False
        )
        assert mismatch == [] and errors == [], (here.left, mismatch, errors)
        stack += here.subdirs.values()
