"""Model pages list the commits that changed their file, across a rename, from real git."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_support import build

from git_support import GitRepo
from modelinv.gitdata.git import LogEntry
from modelinv.site.changes import SHOWN, file_histories, file_trails, start_trails, trail_of

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


def _entry(number: int) -> LogEntry:
    return LogEntry(
        f"{number:040x}", f"2026-01-{number:02d}", "Ana", "a@x", f"c{number}", "M", ("m",)
    )


@pytest.mark.parametrize("count", [0, 1, SHOWN - 1, SHOWN, SHOWN + 1, 3 * SHOWN])
def test_a_trail_lists_at_most_shown_commits_the_first_among_them(count: int) -> None:
    commits = [_entry(n) for n in range(count, 0, -1)]  # newest first
    trail = trail_of(commits)
    listed = [*trail.newest, *([trail.first] if trail.first is not None else [])]
    assert len(listed) == min(count, SHOWN)
    assert trail.total == count
    assert listed[: SHOWN - 1] == commits[: SHOWN - 1]  # the newest, in order
    if count:
        assert listed[-1] == commits[-1]  # the file's first commit is always listed
    assert trail.left_out == max(0, count - SHOWN)


def test_a_model_page_lists_the_newest_commits_then_the_first(tmp_path: Path) -> None:
    """A file changed in more commits than a page lists: the newest, a row counting the
    ones left out, then the commit that created it; the rest is `modelinv history`'s."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.commit("first", when="2026-01-01T09:00:00+00:00")
    model = "models/fraud-detector.yaml"
    title = "title: Card Fraud Detector"
    assert title in (repo.catalog / model).read_text()
    for n in range(1, SHOWN + 3):
        repo.edit(model, title, f"{title} {n}")
        title = f"{title} {n}"
        repo.commit(f"edit {n}", when=f"2026-02-{n:02d}T09:00:00+00:00")
    out = tmp_path / "site"
    build(repo.catalog, out, "2026-06-01", history=True)
    page = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    section = page[page.index('id="changes"') : page.index('id="findings"')]
    subjects = re.findall(r"<td>([^<]*)</td></tr>", section)
    newest = [f"edit {n}" for n in range(SHOWN + 2, 3, -1)]  # the newest SHOWN - 1
    assert subjects == [*newest, "first"]
    assert '<tr class="gap"><td colspan="5">… 3 earlier changes …</td></tr>' in section
    assert section.index("… 3 earlier") < section.index("<td>created</td>")
    assert f"All {SHOWN + 3}, field by field: <code>modelinv history fraud-detector" in section
    # a file changed once shows its one commit, no gap
    other = (out / "models" / "merchant-embedder.html").read_text(encoding="utf-8")
    assert "gap" not in other and "Field by field: <code>" in other


def test_control_characters_in_commit_subjects_and_authors_are_shown_escaped(
    tmp_path: Path,
) -> None:
    """Subjects and authors come from git, unchecked: an escape sequence or a bidi override
    in one reaches the page as `\\u001b`, as `modelinv history` shows it, never raw."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.commit(
        "Cheaper \x1b[31mred <b>", when="2026-01-01T09:00:00+00:00", author="Ana \u202eLima"
    )
    out = tmp_path / "site"
    build(repo.catalog, out, "2026-06-01", history=True)
    page = (out / "models" / "fraud-detector.html").read_text(encoding="utf-8")
    section = page[page.index('id="changes"') : page.index('id="findings"')]
    assert "\x1b" not in section and "\u202e" not in section
    assert "<td>Cheaper \\u001b[31mred &lt;b&gt;</td></tr>" in section
    assert "<td>Ana \\u202eLima</td>" in section


@pytest.mark.parametrize("shown", [1, 2, 3, SHOWN])
def test_trails_kept_while_reading_are_the_histories_cut(tmp_path: Path, shown: int) -> None:
    """`file_trails` keeps each file's commits as `git log` is read (a long history is
    never held): the same trails as cutting each whole history, across renames (one
    back to an earlier name), a copy, a deletion and a file added again at a freed path,
    with files changed fewer, as many and more times than a trail lists."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.commit("first", when="2026-01-01T09:00:00+00:00")
    models = repo.catalog / "models"
    fraud, embedder = models / "fraud-detector.yaml", models / "merchant-embedder.yaml"
    day = iter(range(1, 29))

    def commit(subject: str) -> None:
        repo.commit(subject, when=f"2026-02-{next(day):02d}T09:00:00+00:00")

    # Files with 1 to 5 commits: each trail length is exactly `shown` for one of them.
    growing = [
        repo.catalog / "data" / "clickstream.yaml",
        repo.catalog / "data" / "card-transactions.yaml",
        repo.catalog / "consumers" / "checkout-api.yaml",
        fraud,
    ]
    for n in range(4):
        for file in growing[n:]:
            file.write_text(file.read_text() + f"# edit {n}\n")
        commit(f"edit {n}")
    repo.git("mv", str(embedder), str(models / "merchant-encoder.yaml"))
    commit("rename")
    (models / "merchant-encoder.yaml").write_text(
        (models / "merchant-encoder.yaml").read_text() + "# encoder\n"
    )
    commit("edit the encoder")
    shutil.copy(fraud, models / "fraud-copy.yaml")
    commit("copy")
    repo.git("mv", str(models / "merchant-encoder.yaml"), str(embedder))
    commit("rename back")
    repo.git("rm", "-q", str(fraud))
    commit("delete")
    shutil.copy(models / "fraud-copy.yaml", fraud)
    commit("add again")
    histories = file_histories(repo.catalog)
    assert max(len(commits) for commits in histories.values()) > SHOWN // 2
    assert file_trails(repo.catalog, shown) == {
        path: trail_of(commits, shown) for path, commits in histories.items()
    }
    assert file_trails(repo.catalog, shown)["models/fraud-detector.yaml"].total == len(
        histories["models/fraud-detector.yaml"]
    )


def test_outside_git_there_are_no_trails(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    assert file_trails(tmp_path / "catalog") == {}


FRAUD = "models/fraud-detector.yaml"


def _merged_repo(tmp_path: Path) -> tuple[GitRepo, list[str]]:
    """Main and a branch both retitle fraud-detector; the merge's conflict is resolved to a
    third title (the merge's own change); a second branch edits a metric while main edits
    the cost, merged cleanly (no change of its own). Then three more commits on main.
    Returns the subjects `history` lists, newest first."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")

    def change(branch: str, old: str, new: str, subject: str, day: int) -> None:
        """On `branch` (made from main when new), one commit editing fraud-detector."""
        repo.git("checkout", "-q", *(["-b"] if branch != "main" else []), branch)
        repo.edit(FRAUD, old, new)
        repo.commit(subject, when=f"2026-07-0{day}T09:00:00+00:00")

    change("feature", "title: Card Fraud Detector", "title: Feature Title", "Feature title", 1)
    change("main", "title: Card Fraud Detector", "title: Main Title", "Main title", 2)
    done = repo.run("merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
    assert done.returncode != 0  # the conflict
    repo.resolve_conflict(FRAUD, "  title: Resolved Title")
    repo.commit("Merge feature", when="2026-07-03T09:00:00+00:00", author="Cy Ng")
    change("evaluate", "value: 0.934", "value: 0.951", "Evaluate", 4)
    change("main", "cost: {monthly: 4200", "cost: {monthly: 4100", "Cheaper", 5)
    repo.git("merge", "-q", "--no-ff", "-m", "Merge evaluate", "evaluate")
    for number in range(3):
        repo.edit(FRAUD, "cost: {monthly: ", f"cost: {{monthly: 1{number}")
        repo.commit(f"Later {number}", when=f"2026-08-0{number + 1}T09:00:00Z")
    subjects = [
        "Later 2",
        "Later 1",
        "Later 0",
        "Cheaper",
        "Evaluate",
        "Merge feature",
        "Main title",
        "Feature title",
        "Add the inventory",
    ]
    return repo, subjects


def test_the_page_lists_the_commits_history_does_but_a_merges_own_change(
    tmp_path: Path,
) -> None:
    """A conflict resolved to a value no branch had is the merger's change: `modelinv
    history` lists it; the page's trail, which does not ask git for merges (their combined
    diffs cost a long history's log ~1.2 ms a merge at 10,000 files), lists every other
    commit `history` does, and a clean merge is listed by neither."""
    from modelinv.gitdata.history import model_history

    repo, subjects = _merged_repo(tmp_path)
    listed = [r.commit.subject for r in model_history(repo.catalog, "fraud-detector").revisions]
    assert listed == subjects
    on_page = [s for s in subjects if s != "Merge feature"]
    assert [e.subject for e in file_histories(repo.catalog)[FRAUD]] == on_page
    for shown in (3, SHOWN):
        trail = file_trails(repo.catalog, shown)[FRAUD]
        assert trail == trail_of(file_histories(repo.catalog)[FRAUD], shown)
    assert [e.subject for e in file_trails(repo.catalog)[FRAUD].newest] == on_page


def test_a_trail_read_from_a_log_started_early_is_the_same(tmp_path: Path) -> None:
    """The build starts the trails' `git log` before it decodes the models: what it reads
    from it is what reading it at once gives, renames and merges included."""
    repo, _ = _merged_repo(tmp_path)
    old = repo.catalog / "models" / "merchant-embedder.yaml"
    repo.git("mv", str(old), str(old.with_name("merchant-encoder.yaml")))
    repo.commit("Rename the embedder", when="2026-09-01T09:00:00Z")
    expected = file_trails(repo.catalog, 3)
    assert expected["models/merchant-encoder.yaml"].total == 2
    early = start_trails(repo.catalog)
    assert early is not None
    assert file_trails(repo.catalog, 3, early=early) == expected
    assert early.process.returncode == 0


def test_an_early_log_is_stopped_when_it_is_not_read(tmp_path: Path) -> None:
    repo, _ = _merged_repo(tmp_path)
    early = start_trails(repo.catalog)
    assert early is not None
    early.close()
    assert early.process.returncode is not None
    assert start_trails(tmp_path) is None  # not in a git repository


def test_a_log_that_fails_gives_no_trails_either_way(tmp_path: Path) -> None:
    """A repository without a commit: git log fails, and the pages say there is no
    history, whether the log was started early or not."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    early = start_trails(repo.catalog)
    assert early is not None
    assert file_trails(repo.catalog, early=early) == {} == file_trails(repo.catalog)
