"""git data a pull request author controls: commit messages, author names, file names,
huge blobs, and files copied into the catalog. Real git repositories throughout."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.checks.engine import Options, load_index
from modelinv.cli import main
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.at_commit import indexes_at
from modelinv.gitdata.history import model_history
from modelinv.site.changes import file_histories

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"
HOSTILE_SUBJECT = "Tidy\x1eup\x1fthe\x1e\x1fcatalog"
HOSTILE_AUTHOR = "Eve\x1fMal\x1elory"
FIRST = "2026-06-01T09:00:00+00:00"


pytestmark = pytest.mark.usefixtures("hermetic_git")


def new_repo(path: Path) -> Path:
    path.mkdir()
    GitRepo.init(path, catalog_from=BASE).commit("Add the inventory", when=FIRST)
    return path


def test_separator_bytes_in_subject_and_author_do_not_break_history_or_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log used to be split on \\x1e and \\x1f: such a commit crashed both (exit 3)."""
    repo = new_repo(tmp_path / "repo")
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("value: 0.934", "value: 0.95"))
    GitRepo(repo).commit(HOSTILE_SUBJECT, when="2026-07-01T10:00:00+02:00", author=HOSTILE_AUTHOR)
    found = model_history(repo / "catalog", "fraud-detector")
    latest = found.revisions[0]
    assert latest.commit.subject == HOSTILE_SUBJECT
    assert latest.commit.author == HOSTILE_AUTHOR
    assert latest.commit.date == "2026-07-01T10:00:00+02:00"
    assert [r.commit.subject for r in found.revisions[1:]] == ["Add the inventory"]
    catalog = str(repo / "catalog")
    assert main(["history", "fraud-detector", "--catalog", catalog, "--format", "json"]) == 0
    out = tmp_path / "site"
    assert main(["build", catalog, "--out", str(out), "--today", "2026-11-01"]) == 0
    assert (out / "index.html").is_file()
    capsys.readouterr()


def test_file_names_that_look_like_commit_ids_or_statuses(tmp_path: Path) -> None:
    """Paths are taken by count after their status, so no file name shifts the parse."""
    repo = tmp_path / "repo"
    repo.mkdir()
    GitRepo.init(repo, catalog_from=None)
    names = ["a" * 40, "R100", "M", "\nA", "x\ny"]
    for name in names:
        (repo / name).write_text(name)
    GitRepo(repo).commit("odd names", when="2026-06-01T09:00:00+00:00")
    entries = gitrepo.log(repo, "--", ".")
    assert sorted(e.path for e in entries) == sorted(names)
    assert {(e.status, e.subject) for e in entries} == {("A", "odd names")}


def test_parse_log_treats_garbage_as_data() -> None:
    commit_id = "b" * 40
    out = f"{commit_id}\0\nZZZ\0junk\0M\0file\0R100\0only-one".encode()
    assert gitrepo.parse_log(out) == [(commit_id, "M", ("file",))]
    assert gitrepo.parse_log(b"") == []
    assert gitrepo.parse_log(b"\xff\xfe\0\0") == []


def test_a_merges_combined_status_is_one_change_of_one_file() -> None:
    """`git log --cc -z --name-status` writes a merge's file after an empty token, with a
    status letter per parent (MM; a file named like a status is still a path)."""
    merge, child = "a" * 40, "b" * 40
    out = f"{child}\0\nM\0x.yaml\0{merge}\0\0MM\0x.yaml\0RM\0MM\0AMM\0R100\0".encode()
    assert gitrepo.parse_log(out) == [
        (child, "M", ("x.yaml",)),
        (merge, "MM", ("x.yaml",)),
        (merge, "RM", ("MM",)),
        (merge, "AMM", ("R100",)),
    ]


def test_unreadable_author_lines_become_placeholders() -> None:
    info = gitrepo.parse_commit(b"tree x\nauthor no brackets here\n\nSubject\n\nbody")
    assert (info.author, info.email, info.date, info.subject) == (
        "no brackets here",
        "",
        gitrepo.EPOCH,
        "Subject",
    )
    odd = gitrepo.parse_commit(b"author A <a@b> 99999999999999999999 +9999\n\nx\ny\n\nz")
    assert (odd.date, odd.subject) == (gitrepo.EPOCH, "x y")


def test_a_huge_blob_in_the_history_is_never_read(tmp_path: Path) -> None:
    """`history` used to read every version whole (a 48 MB blob cost ~2 GB)."""
    repo = new_repo(tmp_path / "repo")
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    original = model.read_text()
    model.write_text(original + "#" * (3 * 1024 * 1024) + "\n")
    GitRepo(repo).commit("Pad it", when="2026-07-01T09:00:00+00:00")
    model.write_text(original)
    GitRepo(repo).commit("Unpad it", when="2026-07-02T09:00:00+00:00")
    blobs = gitrepo.read_blobs(repo, ["HEAD~1:catalog/models/fraud-detector.yaml"], 1 << 20)
    assert blobs == {
        "HEAD~1:catalog/models/fraud-detector.yaml": gitrepo.Oversized(
            len(original) + 3 * 1024 * 1024 + 1
        )
    }
    found = model_history(repo / "catalog", "fraud-detector")
    assert [(r.commit.subject, r.readable) for r in found.revisions] == [
        ("Unpad it", True),
        ("Pad it", False),
        ("Add the inventory", True),
    ]


def _copy_model(source: Path, target: Path, name: str) -> None:
    text = source.read_text()
    target.write_text(text.replace("name: fraud-detector", f"name: {name}"))


def test_history_never_borrows_the_commits_of_a_copied_file(tmp_path: Path) -> None:
    """Issue 10, defect 1: a model created by copying another file (a test fixture, or
    another model) showed that file's commits and a lifecycle move that never happened."""
    repo = new_repo(tmp_path / "repo")
    fixtures = repo / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    fixture = fixtures / "fixture-model.yaml"
    shutil.copy(repo / "catalog" / "models" / "fraud-detector.yaml", fixture)
    GitRepo(repo).commit("Add a test fixture", when="2026-06-02T09:00:00+00:00")
    fixture.write_text(fixture.read_text().replace("value: 0.934", "value: 0.5"))
    GitRepo(repo).commit("Tune the fixture", when="2026-06-03T09:00:00+00:00")
    models = repo / "catalog" / "models"
    _copy_model(fixture, models / "churn-scorer.yaml", "churn-scorer")
    _copy_model(models / "fraud-detector.yaml", models / "fraud-detector-v2.yaml", "fd-v2")
    GitRepo(repo).commit("Add two models", when="2026-06-04T09:00:00+00:00")
    catalog = repo / "catalog"
    site = file_histories(catalog)
    for model, rel in (
        ("churn-scorer", "models/churn-scorer.yaml"),
        ("fd-v2", "models/fraud-detector-v2.yaml"),
    ):
        found = model_history(catalog, model) if model != "fd-v2" else None
        if found is None:
            found = model_history(catalog, "fraud-detector-v2")
        assert [(r.commit.subject, r.status, r.previous_path) for r in found.revisions] == [
            ("Add two models", "added", None)
        ]
        assert all(not r.path.startswith("tests/") for r in found.revisions)
        assert [e.commit for e in site[rel]] == [r.commit.commit for r in found.revisions]
    assert [e.subject for e in site["models/fraud-detector.yaml"]] == ["Add the inventory"]


def test_a_file_moved_in_from_outside_the_catalog_starts_its_history_there(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "repo")
    fixture = repo / "fixture.yaml"
    _copy_model(repo / "catalog" / "models" / "fraud-detector.yaml", fixture, "moved-in")
    GitRepo(repo).commit("Add a fixture", when="2026-06-02T09:00:00+00:00")
    GitRepo(repo).git("mv", "fixture.yaml", "catalog/models/moved-in.yaml")
    GitRepo(repo).commit("Adopt the fixture", when="2026-06-03T09:00:00+00:00")
    found = model_history(repo / "catalog", "moved-in")
    assert [(r.commit.subject, r.status) for r in found.revisions] == [
        ("Adopt the fixture", "added")
    ]
    site = file_histories(repo / "catalog")
    assert [e.subject for e in site["models/moved-in.yaml"]] == ["Adopt the fixture"]


def test_a_rename_chain_ends_where_the_old_name_was_created(tmp_path: Path) -> None:
    """A deleted file's commits at a path later reused and renamed are not inherited."""
    repo = new_repo(tmp_path / "repo")
    models = repo / "catalog" / "models"
    (models / "merchant-embedder.yaml").unlink()
    GitRepo(repo).commit("Retire the old embedder", when="2026-06-02T09:00:00+00:00")
    _copy_model(models / "fraud-detector.yaml", models / "merchant-embedder.yaml", "me")
    GitRepo(repo).commit("A new file under the old name", when="2026-06-03T09:00:00+00:00")
    GitRepo(repo).git("mv", "catalog/models/merchant-embedder.yaml", "catalog/models/me.yaml")
    GitRepo(repo).commit("Rename it", when="2026-06-04T09:00:00+00:00")
    site = file_histories(repo / "catalog")
    assert [e.subject for e in site["models/me.yaml"]] == [
        "Rename it",
        "A new file under the old name",
    ]
    assert [e.subject for e in site["models/merchant-embedder.yaml"]] == [
        "Retire the old embedder",
        "Add the inventory",
    ]


def test_a_merge_that_lists_no_file_is_skipped_with_the_catalog_at_the_root(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    GitRepo.init(repo, catalog_from=None)
    shutil.copytree(BASE, repo, dirs_exist_ok=True)
    GitRepo(repo).commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    GitRepo(repo).git("checkout", "-q", "-b", "side")
    model = repo / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("value: 0.934", "value: 0.95"))
    GitRepo(repo).commit("Side change", when="2026-06-02T09:00:00+00:00")
    GitRepo(repo).git("checkout", "-q", "main")
    team = repo / "teams" / "payments-ml.yaml"
    team.write_text(team.read_text() + "# main change\n")
    GitRepo(repo).commit("Main change", when="2026-06-03T09:00:00+00:00")
    dated = {"GIT_AUTHOR_DATE": FIRST, "GIT_COMMITTER_DATE": FIRST}
    GitRepo(repo).git("merge", "-q", "--no-ff", "-m", "Merge side", "side", env=dated)
    found = file_histories(repo)
    assert [e.subject for e in found["models/fraud-detector.yaml"]] == [
        "Side change",
        "Add the inventory",
    ]
    history = model_history(repo, "fraud-detector")
    assert [r.commit.subject for r in history.revisions] == ["Side change", "Add the inventory"]


def test_an_oversized_blob_at_a_commit_is_refused_unread(tmp_path: Path) -> None:
    """`--base`, `diff` and the health history read past versions through `indexes_at`."""
    repo = new_repo(tmp_path / "repo")
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    original = model.read_text()
    model.write_text(original + "#" * (2 * 1024 * 1024) + "\n")
    GitRepo(repo).commit("Pad it", when="2026-07-01T09:00:00+00:00")
    model.write_text(original)
    head = load_index(repo / "catalog", Options(today=dt.date(2026, 11, 26)))
    (base,) = indexes_at(head, ["HEAD"])
    entry = next(e for e in base.entries if e.rel == "models/fraud-detector.yaml")
    assert [(f.code, f.message) for f in entry.findings] == [
        (
            "YML010",
            f"file is {len(original) + 2 * 1024 * 1024 + 1} bytes, over the 1048576-byte limit",
        )
    ]
