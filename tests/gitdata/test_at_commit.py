"""The catalog at a commit reads and checks only the files that differ from the working
tree; every other file shares the working tree's entry."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import weakref
from collections.abc import Callable

import pytest

from git_support import GitRepo
from modelinv import Options, load_index
from modelinv.checks import filecheck
from modelinv.cli import main
from modelinv.gitdata import at_commit, git
from modelinv.governance.context import Context
from modelinv.inventory.index import Index
from modelinv.support.forked_half import in_two

TODAY = dt.date(2026, 11, 26)


def test_only_files_changed_since_the_commit_are_checked(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo.commit("inventory")
    git_repo.edit("models/fraud-detector.yaml", "title: ", "title: Renamed ")
    git_repo.commit("retitle")
    (git_repo.catalog / "models" / "merchant-embedder.yaml").unlink()  # uncommitted
    head = load_index(git_repo.catalog, Options(today=TODAY))
    checked: list[str] = []
    original = filecheck.check_file

    def spy(source, data, parser, context, **options):  # type: ignore[no-untyped-def]
        checked.append(source.rel)
        return original(source, data, parser, context, **options)

    read: list[str] = []
    read_blobs = git.read_blobs

    def spy_blobs(cwd, names, limit):  # type: ignore[no-untyped-def]
        read.extend(names)
        return read_blobs(cwd, names, limit)

    monkeypatch.setattr(at_commit, "check_file", spy)
    monkeypatch.setattr(git, "read_blobs", spy_blobs)
    (before,) = at_commit.indexes_at(head, ["HEAD~1"])
    assert sorted(checked) == ["models/fraud-detector.yaml", "models/merchant-embedder.yaml"]
    assert len(read) == 2  # no other file's blob is even read
    shared = {id(e) for e in head.entries}
    rels = {e.rel for e in before.entries}
    assert "models/merchant-embedder.yaml" in rels  # deleted since: read from git
    unchanged = [e for e in before.entries if e.rel not in set(checked)]
    assert unchanged and all(id(e) in shared for e in unchanged)
    fraud = next(e for e in before.entries if e.rel == "models/fraud-detector.yaml")
    assert fraud.path.startswith("HEAD~1:") and id(fraud) not in shared


def test_the_worktree_differs_from_a_commit_exactly_where_git_diff_says(
    git_repo: GitRepo,
) -> None:
    """`git.worktree` (two git calls) against `git diff --name-only COMMIT` (one call per
    commit), for every file of every commit, with the working tree in every state git
    tells apart: edited and staged, edited and not staged, deleted, touched with the same
    bytes, made executable, added with intent, and in conflict."""
    catalog = git_repo.catalog

    def append(rel: str, text: str) -> None:
        path = catalog / rel
        path.write_text(path.read_text() + f"# {text}\n")

    git_repo.commit("inventory")
    append("models/fraud-detector.yaml", "retitled")
    git_repo.commit("retitle")
    git_repo.git("checkout", "-q", "-b", "side")
    append("data/clickstream.yaml", "side")
    git_repo.commit("side edit")
    git_repo.git("checkout", "-q", "main")
    append("data/clickstream.yaml", "main")
    git_repo.commit("main edit")
    assert git_repo.run("merge", "-q", "side").returncode != 0  # clickstream in conflict
    append("models/merchant-embedder.yaml", "staged")
    git_repo.git("add", "catalog/models/merchant-embedder.yaml")
    append("models/fraud-detector.yaml", "not staged")
    (catalog / "consumers" / "checkout-api.yaml").unlink()
    touched = catalog / "teams" / "payments-ml.yaml"
    touched.write_bytes(touched.read_bytes())  # a new mtime, the same bytes
    (catalog / "data" / "card-transactions.yaml").chmod(0o755)
    (catalog / "models" / "new-model.yaml").write_text("# new\n")
    git_repo.git("add", "-N", "catalog/models/new-model.yaml")
    state = git.worktree(catalog)
    assert "data/clickstream.yaml" in state.dirty
    head = {f.path.removeprefix("catalog/"): f for f in git.list_files(catalog, "HEAD", "catalog")}
    differs = {rel for rel, f in head.items() if state.differs(rel, f.mode, f.oid)}
    assert differs == {
        "data/clickstream.yaml",
        "models/merchant-embedder.yaml",
        "models/fraud-detector.yaml",
        "consumers/checkout-api.yaml",
        "data/card-transactions.yaml",
    }  # not the touched team file
    commits = git_repo.git("rev-list", "--all").split()
    compared = 0
    for commit in commits:
        out = git_repo.git(
            "-C", "catalog", "diff", "--no-renames", "--name-only", "-z", "--relative", commit
        )
        differ = {p for p in out.split("\0") if p}
        for file in git.list_files(catalog, commit, "catalog"):
            rel = file.path.removeprefix("catalog/")
            assert state.differs(rel, file.mode, file.oid) == (rel in differ), (commit, rel)
            compared += 1
        assert differ  # every commit differs from this working tree somewhere
    assert compared >= 6 * len(commits)


def _edited_versions(git_repo: GitRepo, fraud: Callable[[int, str], str]) -> list[str]:
    """The inventory's commit, then four commits each editing the fraud detector (its text
    made by `fraud` from the commit's number and the current text) and the clickstream,
    the second adding a symbolic link (refused) that the working tree no longer has; the
    working tree retitles the merchant embedder. The commits, oldest first."""
    catalog = git_repo.catalog
    git_repo.commit("inventory")
    refs = [git_repo.head()]
    model, data = catalog / "models" / "fraud-detector.yaml", catalog / "data" / "clickstream.yaml"
    for n in range(4):
        model.write_text(fraud(n, model.read_text()))
        data.write_text(data.read_text() + f"# edit {n}\n")
        if n == 1:
            (catalog / "models" / "link.yaml").symlink_to("fraud-detector.yaml")
        git_repo.commit(f"edit {n}")
        refs.append(git_repo.head())
    (catalog / "models" / "link.yaml").unlink()
    git_repo.edit("models/merchant-embedder.yaml", "title: ", "title: Now ")
    return refs


def test_past_versions_checked_in_two_processes_are_the_same(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Versions whose files are checked half in a forked process equal those checked here
    alone, entry for entry, each in its version's order, with a refused file left out."""
    refs = _edited_versions(git_repo, lambda n, text: text + f"# edit {n}\n")[1:]
    head = load_index(git_repo.catalog, Options(today=TODAY))
    contexts = [head.context] * len(refs)
    alone = list(at_commit.indexes_at(head, refs, contexts, skip_refused=True))
    monkeypatch.setattr(at_commit, "PARALLEL_MIN", 2)
    halves: list[int] = []

    def spy(items, work):  # type: ignore[no-untyped-def]
        halves.append(len(items))
        return in_two(items, work)

    monkeypatch.setattr(at_commit, "in_two", spy)
    split = list(at_commit.indexes_at(head, refs, contexts, skip_refused=True, jobs=2))
    assert halves and halves[0] >= 4  # the versions' files went through the split
    assert [i.entries for i in split] == [i.entries for i in alone]
    assert all("models/link.yaml" not in {e.rel for e in i.entries} for i in split)
    assert len({id(e) for i in split for e in i.entries if e.rel.startswith("teams/")}) == 1


@pytest.mark.parametrize("group_files", [1, 2, 3, 5])
def test_versions_taken_in_groups_are_the_versions_taken_at_once(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, group_files: int
) -> None:
    """`indexes_at` lists, reads and checks a group of versions at a time and keeps of a
    group's entries only those the next group holds: the same versions as one group
    holding them all, each judged as of its own day, with a refused file left out; a file
    reverted to bytes an earlier group read is checked again, as the version reading it."""
    fraud = git_repo.catalog / "models" / "fraud-detector.yaml"
    original = fraud.read_text()
    refs = _edited_versions(
        git_repo,
        lambda n, text: original + f"# edit {n}\n" if n < 3 else original,  # reverted
    )
    fraud.write_text(original + "# working\n")  # no version shares the working tree's
    head = load_index(git_repo.catalog, Options(today=TODAY))
    days = [dt.date(2025 + n // 2, 1 + 6 * (n % 2), 1) for n in range(len(refs))]
    contexts = [Context(head.context.policy, day) for day in days]
    whole = list(at_commit.indexes_at(head, refs, contexts, skip_refused=True))
    groups: list[int] = []
    checked = at_commit._Versions.checked

    def spy(self, wanted):  # type: ignore[no-untyped-def]
        groups.append(len(wanted))
        return checked(self, wanted)

    monkeypatch.setattr(at_commit._Versions, "checked", spy)
    taken = list(
        at_commit.indexes_at(head, refs, contexts, skip_refused=True, group_files=group_files)
    )
    assert len(groups) > 1  # more than one group
    model = "models/fraud-detector.yaml"
    for number, (version, alone) in enumerate(zip(taken, whole, strict=True)):
        assert version.context.today == days[number]
        assert "models/link.yaml" not in {e.rel for e in version.entries}
        assert [e.rel for e in version.entries] == [e.rel for e in alone.entries]
        for entry, same in zip(version.entries, alone.entries, strict=True):
            assert entry == same or (number == 4 and entry.rel == model)
    first, reverted = (next(e for e in i.entries if e.rel == model) for i in (taken[0], taken[4]))
    assert reverted.payload == first.payload and reverted.valid
    if group_files == 1:  # one version a group: read again, as the version reading it
        assert reverted is not first and reverted.path.startswith(f"{refs[4]}:")
    if reverted is first:
        assert first.path.startswith(f"{refs[0]}:")


def test_a_version_is_let_go_once_the_next_is_read(git_repo: GitRepo) -> None:
    """`indexes_at` keeps of a version taken only what the next versions hold too: its
    index and its other entries are let go (held to the end, a history whose models all
    changed each month grew by every month's entries)."""
    fraud = git_repo.catalog / "models" / "fraud-detector.yaml"
    git_repo.commit("inventory")
    refs = [git_repo.head()]
    for n in range(3):
        fraud.write_text(fraud.read_text() + f"# edit {n}\n")
        git_repo.commit(f"edit {n}")
        refs.append(git_repo.head())
    fraud.write_text(fraud.read_text() + "# working\n")
    head = load_index(git_repo.catalog, Options(today=TODAY))
    versions = at_commit.indexes_at(head, refs, group_files=1)
    first = next(versions)
    taken = weakref.ref(first)
    entry = next(e for e in first.entries if e.rel == "models/fraud-detector.yaml")
    shared = next(e for e in first.entries if e.rel == "teams/payments-ml.yaml")
    del first
    assert [e.rel for e in next(versions).entries].count("models/fraud-detector.yaml") == 1
    gc.collect()
    assert taken() is None
    assert sys.getrefcount(entry) == 2  # this test's name for it, and the call's argument
    assert sys.getrefcount(shared) > 2  # the working tree's entry, shared by every version
    assert len(list(versions)) == 2


def test_a_committed_link_to_a_folder_is_refused_as_in_the_working_tree(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed symbolic link to a folder in the catalog (`models/legacy -> ../../ext`)
    was passed over at a commit without a word, its models missing from `diff`, `--base`
    and the health history; the working tree refuses it (YML010). At a commit it is the
    same finding at the link's path, whether the folder is in the repository or on this
    machine; a link to a file, a dangling one and a hidden one are ignored, as on disk."""
    root = git_repo.path
    (root / "ext").mkdir()
    (root / "ext" / "ext-model.yaml").write_text("kind: Model\n")
    (root / "README.md").write_text("notes\n")
    models = git_repo.catalog / "models"
    git_repo.commit("inventory")
    (models / "legacy").symlink_to("../../ext")
    (models / "machine").symlink_to(root.parent)  # a folder outside the repository
    (models / "notes").symlink_to("../../README.md")
    (models / "gone").symlink_to("nowhere")
    (models / ".hidden").symlink_to("../../ext")
    git_repo.commit("link folders")
    assert "120000" in git_repo.git("ls-tree", "HEAD", "catalog/models/legacy")
    monkeypatch.chdir(root)
    head = load_index(git_repo.catalog, Options(today=TODAY))
    (at,) = at_commit.indexes_at(head, ["HEAD"])

    def refused(index: Index) -> dict[str, tuple[str, str, str | None, int, int]]:
        return {
            e.rel: (f.location.path, f.message, f.hint, f.location.line, f.location.column)
            for e in index.entries
            for f in e.findings
            if f.code == "YML010"
        }

    assert set(refused(at)) == {"models/legacy", "models/machine"}
    assert refused(at) == refused(head)  # the working tree's finding, word for word
    assert refused(at)["models/legacy"][:2] == (
        "catalog/models/legacy",
        "symbolic link to a folder refused: none of its files is read",
    )
    (left,) = at_commit.indexes_at(head, ["HEAD"], skip_refused=True)
    assert not refused(left)  # the health history leaves refused files out of its figures
    assert main(["diff", "HEAD~1", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "| legacy | models/legacy | added | HEAD |" in out
    assert "| machine | models/machine | added | HEAD |" in out
