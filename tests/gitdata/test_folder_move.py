"""A move of the whole catalog folder (`git mv catalog inventory/catalog`: a repository
reorganised, an inventory brought into a monorepo) is not the creation of every entity.
git cannot see the move through a path limit (it lists every file as added), so the audit
trail once said each model was created by whoever moved the folder, on that day, and lost
everything older; the inventory on a date before the move was empty and the health
history started at the move.

Each test makes a real repository: the catalog created in June, a model retitled in July,
the folder moved in August, the model promoted in September."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from git_support import GitRepo
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import main
from modelinv.gitdata.history import catalog_line, inventory_at, model_history
from modelinv.site.changes import file_trails
from modelinv.site.health_history import health_history

pytestmark = pytest.mark.usefixtures("hermetic_git")

FRAUD = "models/fraud-detector.yaml"
EMBEDDER = "models/merchant-embedder.yaml"
TODAY = dt.date(2026, 11, 30)


def _move(repo: GitRepo, to: str) -> GitRepo:
    """`git mv` the catalog folder to `to` (a path in the repository)."""
    (repo.path / to).parent.mkdir(parents=True, exist_ok=True)
    repo.git("mv", repo.catalog.relative_to(repo.path).as_posix(), to)
    return GitRepo(repo.path, to)


@pytest.fixture
def moved(git_repo: GitRepo) -> tuple[GitRepo, list[str]]:
    repo = git_repo
    (repo.path / "README.md").write_text("The inventory.\n", encoding="utf-8")
    repo.git("add", "README.md")
    repo.git("commit", "-q", "-m", "Start the repository")
    created = repo.commit("Add the inventory", when="2026-06-01T09:00:00Z")
    repo.edit(FRAUD, "title: ", "title: Renamed ")
    retitled = repo.commit("Retitle", when="2026-07-01T09:00:00Z", author="Ben Okafor")
    repo = _move(repo, "inventory/catalog")
    move = repo.commit("Move the catalog", when="2026-08-01T09:00:00Z", author="Cy Ng")
    repo.edit(FRAUD, "lifecycle: production", "lifecycle: deprecated")
    promoted = repo.commit("Deprecate", when="2026-09-01T09:00:00Z", author="Dee Park")
    return repo, [created, retitled, move, promoted]


def test_history_goes_on_before_the_move(moved: tuple[GitRepo, list[str]]) -> None:
    repo, (created, retitled, move, promoted) = moved
    found = model_history(repo.catalog, "fraud-detector")
    assert [(r.commit.commit, r.status, r.commit.author) for r in found.revisions] == [
        (promoted, "modified", "Dee Park"),
        (move, "renamed", "Cy Ng"),
        (retitled, "modified", "Ben Okafor"),
        (created, "added", "Ana Lima"),
    ]
    renamed = found.revisions[1]
    assert renamed.previous_path == f"catalog/{FRAUD}"
    assert renamed.path == f"inventory/catalog/{FRAUD}"
    assert renamed.changes == ()  # moved as it was
    assert [c.field for c in found.revisions[2].changes][:1] == ["metadata.title"]


def test_the_page_trail_reaches_the_creation(moved: tuple[GitRepo, list[str]]) -> None:
    repo, (created, _, move, promoted) = moved
    trail = file_trails(repo.catalog)[FRAUD]
    assert trail.total == 4
    assert [e.commit for e in trail.newest][:2] == [promoted, move]
    assert trail.newest[-1].commit == created and trail.newest[-1].status == "A"


def test_the_inventory_before_the_move_is_read_where_it_was(
    moved: tuple[GitRepo, list[str]],
) -> None:
    repo, (_, retitled, _, _) = moved
    snapshot = inventory_at(repo.catalog, dt.date(2026, 7, 15))
    assert [m.model for m in snapshot.models] == ["fraud-detector", "merchant-embedder"]
    fraud = snapshot.models[0]
    assert fraud.path == f"catalog/{FRAUD}"
    assert fraud.lifecycle == "production"
    assert fraud.last_change is not None and fraud.last_change.commit == retitled


def test_the_health_history_starts_with_the_catalog(moved: tuple[GitRepo, list[str]]) -> None:
    repo, _ = moved
    history = health_history(load_inventory(repo.catalog, Options(today=TODAY)))
    days = [point.day for point in history.points]
    assert days[:4] == [
        dt.date(2026, 6, 1),
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
        dt.date(2026, 9, 1),
    ]
    # The versions before the move were read from where the folder was: both models.
    assert [point.health.models for point in history.points[:3]] == [2, 2, 2]
    assert history.cut is None


def test_each_commit_is_listed_with_its_folder(moved: tuple[GitRepo, list[str]]) -> None:
    repo, (created, retitled, move, promoted) = moved
    line = list(catalog_line(repo.path, "inventory/catalog"))
    assert line == [
        (promoted, "inventory/catalog"),
        (move, "inventory/catalog"),
        (retitled, "catalog"),
        (created, "catalog"),
    ]


def test_two_moves_are_followed(moved: tuple[GitRepo, list[str]]) -> None:
    repo, (created, *_) = moved
    repo = _move(repo, "ml/inventory")
    again = repo.commit("Move it again", when="2026-10-01T09:00:00Z")
    statuses = [
        (r.commit.commit, r.status) for r in model_history(repo.catalog, "fraud-detector").revisions
    ]
    assert statuses[0] == (again, "renamed")
    assert statuses[-1] == (created, "added")
    assert len(statuses) == 5


def test_a_catalog_created_in_place_is_created(git_repo: GitRepo) -> None:
    """Not a move: the folder added by a later commit, its files new (nothing deleted)."""
    (git_repo.path / "README.md").write_text("The inventory.\n", encoding="utf-8")
    git_repo.git("add", "README.md")
    git_repo.git("commit", "-q", "-m", "Start the repository")
    created = git_repo.commit("Add the inventory", when="2026-06-01T09:00:00Z")
    (revision,) = model_history(git_repo.catalog, "fraud-detector").revisions
    assert (revision.commit.commit, revision.status) == (created, "added")


def test_a_catalog_added_after_the_old_one_was_removed_is_created(git_repo: GitRepo) -> None:
    """The old folder deleted by one commit, a new one added by a later commit: nothing
    was moved (git finds no rename), so every file is created there."""
    git_repo.commit("Add the inventory", when="2026-06-01T09:00:00Z")
    files = {
        f.relative_to(git_repo.catalog): f.read_bytes() for f in git_repo.catalog.rglob("*.yaml")
    }
    git_repo.git("rm", "-rq", "catalog")
    git_repo.git("commit", "-q", "-m", "Remove the old catalog")
    again = GitRepo(git_repo.path, "inventory/catalog")
    for rel, data in files.items():
        (again.catalog / rel).parent.mkdir(parents=True, exist_ok=True)
        (again.catalog / rel).write_bytes(data)
    added = again.commit("A new inventory", when="2026-07-01T09:00:00Z")
    (revision,) = model_history(again.catalog, "fraud-detector").revisions
    assert (revision.commit.commit, revision.status) == (added, "added")


def _moved_on_a_branch(git_repo: GitRepo) -> GitRepo:
    """The inventory on main; a branch that moves the folder to inventory/catalog."""
    git_repo.commit("Add the inventory", when="2026-06-01T09:00:00Z")
    git_repo.git("checkout", "-q", "-b", "move")
    return _move(git_repo, "inventory/catalog")


def test_a_branch_that_moves_the_folder_changes_no_model(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`diff main` once listed every model as added (the base read at the new path)."""
    repo = _moved_on_a_branch(git_repo)
    monkeypatch.chdir(repo.path)
    args = ["diff", "main", "--catalog", "inventory/catalog", "--format", "json"]
    assert main(args) == 0  # the move staged, not committed: the working tree
    staged = json.loads(capsys.readouterr().out)
    repo.commit("Move the catalog", when="2026-07-01T09:00:00Z")
    assert main(args) == 0
    committed = json.loads(capsys.readouterr().out)
    for found in (staged, committed):
        assert (found["added"], found["removed"], found["renamed"]) == ([], [], [])


def test_a_promotion_in_the_moving_branch_is_still_judged(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moving the folder must not hide a lifecycle move made in the same branch: with the
    base read at the new path, every model looked new and no move was judged."""
    repo = _moved_on_a_branch(git_repo)
    repo.edit(EMBEDDER, "lifecycle: development", "lifecycle: production")
    repo.commit("Move the catalog, promote the embedder", when="2026-07-01T09:00:00Z")
    monkeypatch.chdir(repo.path)
    args = ["validate", "inventory/catalog", "--base", "main", "--today", "2026-11-26"]
    assert main([*args, "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    moves = [f for f in found if f["code"] == "LC001"]
    assert [m["path"] for m in moves] == [f"inventory/catalog/{EMBEDDER}"]
