"""Past versions' health kept in the cache folder: a build judges only commits it has not
judged before, and a memo that is not its own (another key, edited, another policy) is
never believed."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG

from git_support import GitRepo
from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.gitdata.at_commit import indexes_at
from modelinv.site import build_site, health_history
from modelinv.site.history_memo import HistoryMemo, memo_path
from modelinv.site.output import manifest_key

TODAY = dt.date(2026, 11, 26)
MODELS = sorted(p.name for p in (EXAMPLE_CATALOG / "models").glob("*.yaml"))
KEY = b"k" * 32

pytestmark = pytest.mark.usefixtures("hermetic_git")


def _repo(tmp_path: Path, days: list[str]) -> GitRepo:
    """A repository whose catalog gains a few models a commit, one commit per day given."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=EXAMPLE_CATALOG, catalog="inventory")
    for name in MODELS:
        (repo.catalog / "models" / name).unlink()
    for index, day in enumerate(days):
        for name in MODELS[index * 4 : (index + 1) * 4]:
            shutil.copy(EXAMPLE_CATALOG / "models" / name, repo.catalog / "models" / name)
        repo.commit(f"commit {index}", when=f"{day}T12:00:00+00:00")
    return repo


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commits the history reads from git (each one it did not take from a memo)."""
    asked: list[str] = []

    def spy(head, refs, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.extend(refs)
        return indexes_at(head, refs, *args, **kwargs)

    monkeypatch.setattr(health_history, "indexes_at", spy)
    return asked


def _history(catalog: Path, folder: Path, key: bytes = KEY) -> health_history.History:
    memo = HistoryMemo(folder, key, catalog)
    made = health_history.health_history(load_inventory(catalog, Options(today=TODAY)), memo=memo)
    memo.save()
    return made


def test_a_second_history_takes_every_point_from_the_memo(
    tmp_path: Path, judged: list[str]
) -> None:
    repo = _repo(tmp_path, ["2026-07-03", "2026-08-14", "2026-10-02"])
    folder = tmp_path / "cache"
    folder.mkdir()
    first = _history(repo.catalog, folder)
    assert len(first.points) == 3 and len(judged) == 3
    assert stat.S_IMODE(memo_path(folder, repo.catalog).stat().st_mode) == 0o600
    # An edit in the working tree changes no past version: nothing is judged again.
    model = repo.catalog / "models" / MODELS[0]
    model.write_text(model.read_text(encoding="utf-8").replace("title: ", "title: New ", 1))
    judged.clear()
    again = _history(repo.catalog, folder)
    assert judged == [] and again == first
    # A new commit: only it is judged; the points are those a history without a memo gives.
    repo.commit("retitle", when="2026-11-20T12:00:00+00:00")
    third = _history(repo.catalog, folder)
    assert len(judged) == 1 and len(third.points) == 4
    plain = health_history.health_history(load_inventory(repo.catalog, Options(today=TODAY)))
    assert third == plain
    assert third.points[:3] == first.points


def test_a_memo_not_signed_with_the_key_or_edited_is_ignored(
    tmp_path: Path, judged: list[str]
) -> None:
    repo = _repo(tmp_path, ["2026-07-03", "2026-08-14"])
    folder = tmp_path / "cache"
    folder.mkdir()
    first = _history(repo.catalog, folder)
    judged.clear()
    assert _history(repo.catalog, folder, key=b"x" * 32) == first  # another key: ignored
    assert len(judged) == 2
    # Now signed with the other key; forge a figure in it and keep the signature.
    path = memo_path(folder, repo.catalog)
    signature, _, body = path.read_bytes().partition(b"\n")
    forged = body.replace(b'"active":', b'"active":1000', 1)
    assert forged != body
    path.write_bytes(signature + b"\n" + forged)
    judged.clear()
    assert _history(repo.catalog, folder, key=b"x" * 32) == first
    assert len(judged) == 2
    # A link in its place is not followed (and the history still comes out right).
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(signature + b"\n" + body)
    judged.clear()
    assert _history(repo.catalog, folder, key=b"x" * 32) == first
    assert len(judged) == 2


def test_another_policy_judges_every_version_again(tmp_path: Path, judged: list[str]) -> None:
    repo = _repo(tmp_path, ["2026-07-03", "2026-08-14"])
    folder = tmp_path / "cache"
    folder.mkdir()
    first = _history(repo.catalog, folder)
    policy = repo.catalog / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "documentationMaxAgeDays: 180" in text
    policy.write_text(text.replace("documentationMaxAgeDays: 180", "documentationMaxAgeDays: 1000"))
    judged.clear()
    laxer = _history(repo.catalog, folder)
    assert len(judged) == 2
    assert [p.health.documentation_current for p in laxer.points] != [
        p.health.documentation_current for p in first.points
    ]


def test_builds_with_a_cache_folder_keep_the_memo_and_make_the_same_page(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path, ["2026-07-03", "2026-08-14", "2026-10-02"])
    cache = tmp_path / "cache"
    catalog = load_inventory(repo.catalog, Options(today=TODAY))
    result = check(catalog)
    build_site(catalog, result, tmp_path / "one", cache_dir=cache)
    assert memo_path(cache, repo.catalog).is_file() and manifest_key(cache) is not None
    memo = HistoryMemo(cache, manifest_key(cache) or b"", repo.catalog)
    assert len(memo.known) == 3
    build_site(catalog, result, tmp_path / "two", cache_dir=cache)
    fresh = tmp_path / "fresh"
    build_site(catalog, result, fresh)  # no cache folder: every version judged
    page = (fresh / "health.html").read_bytes()
    assert (tmp_path / "two" / "health.html").read_bytes() == page
    assert (tmp_path / "one" / "health.html").read_bytes() == page


def test_catalogs_sharing_a_cache_folder_keep_their_own_memo(
    tmp_path: Path, judged: list[str]
) -> None:
    """One memo per catalog folder: judging another catalog's history in between (the same
    user cache folder) does not make the next build judge every version again."""
    first = _repo(tmp_path / "a", ["2026-07-03", "2026-08-14", "2026-10-02"])
    second = _repo(tmp_path / "b", ["2026-07-03", "2026-09-01"])
    folder = tmp_path / "cache"
    folder.mkdir()
    made = _history(first.catalog, folder)
    _history(second.catalog, folder)
    judged.clear()
    assert _history(first.catalog, folder) == made
    assert judged == []
    assert memo_path(folder, first.catalog) != memo_path(folder, second.catalog)
