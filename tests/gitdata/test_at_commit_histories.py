"""The catalog at many commits (`indexes_at`) against an oracle that checks every file of
every version on its own, from `git show`: seeded random histories of edits, reverts,
deletions, re-additions, renames, broken files and symbolic links, read in groups of every
size. Real git repositories."""

from __future__ import annotations

import datetime as dt
import random
import subprocess

import pytest

from git_support import GitRepo
from modelinv import Options, load_index
from modelinv.checks.filecheck import check_file
from modelinv.gitdata import at_commit
from modelinv.governance.context import Context
from modelinv.inventory.index import Index, fetch_payload
from modelinv.loader.discover import SourceFile

TODAY = dt.date(2026, 11, 26)
COMMITS = 14

pytestmark = pytest.mark.usefixtures("hermetic_git")


def _history(repo: GitRepo, seed: int) -> list[str]:
    """COMMITS commits of random changes to the catalog; the commits, oldest first."""
    pick = random.Random(seed)
    catalog = repo.catalog
    files = sorted(p.relative_to(catalog).as_posix() for p in catalog.rglob("*.yaml"))
    texts = {rel: (catalog / rel).read_text() for rel in files}  # every version seen
    seen: dict[str, list[str]] = {rel: [text] for rel, text in texts.items()}
    refs = [repo.commit("inventory")]
    for n in range(COMMITS - 1):
        for _ in range(pick.randint(1, 3)):
            present = sorted(p.relative_to(catalog).as_posix() for p in catalog.rglob("*.yaml"))
            rel = pick.choice(files)
            path = catalog / rel
            action = pick.choice(["edit", "edit", "revert", "delete", "rename", "break", "link"])
            if path.is_symlink():
                path.unlink()
                path.write_text(seen[rel][0])
            elif action == "edit" or not path.exists():
                path.write_text(seen[rel][0] + f"# commit {n}\n")
            elif action == "revert":
                path.write_text(pick.choice(seen[rel]))
            elif action == "delete" and len(present) > 3:
                path.unlink()
            elif action == "rename" and rel.startswith("data/"):
                target = catalog / "data" / f"moved-{n}.yaml"
                if not target.exists():
                    repo.git("mv", str(path), str(target))
            elif action == "break":
                path.write_text(path.read_text().replace("kind:", "kind: [", 1))
            elif action == "link":
                path.unlink()
                path.symlink_to("elsewhere.yaml")  # refused, whatever it points at
            if path.is_file() and not path.is_symlink():
                seen[rel].append(path.read_text())
        repo.git("add", "-A")
        repo.git(
            "commit", "-q", "--allow-empty", "-m", f"commit {n}"
        )  # a revert may change nothing
        refs.append(repo.head())
    # The working tree: one file edited, one deleted (each may or may not be in a version).
    (catalog / files[0]).write_text(seen[files[0]][0] + "# working\n")
    if (catalog / files[-1]).exists():
        (catalog / files[-1]).unlink()
    return refs


def _oracle(repo: GitRepo, head: Index, ref: str) -> dict[str, tuple[bool, bytes]]:
    """Each catalog file at `ref` (a symbolic link left out), checked alone from its bytes:
    whether it is valid, and its payload."""
    listed = repo.git("ls-tree", "-r", "-z", ref, "--", "catalog").split("\0")
    found = {}
    for record in filter(None, listed):
        meta, path = record.split("\t", 1)
        if meta.split()[0] == "120000":
            continue
        data = subprocess.run(
            ["git", "show", f"{ref}:{path}"], cwd=repo.path, capture_output=True, check=True
        ).stdout
        rel = path.removeprefix("catalog/")
        entry = check_file(SourceFile(path, rel, rel), data, "auto", head.context, rules=False)
        found[rel] = (entry.valid, entry.payload)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_versions_read_in_groups_are_each_file_checked_alone(git_repo: GitRepo, seed: int) -> None:
    refs = _history(git_repo, seed)
    head = load_index(git_repo.catalog, Options(today=TODAY))
    contexts = [Context(head.context.policy, TODAY) for _ in refs]
    expected = [_oracle(git_repo, head, ref) for ref in refs]
    for group_files in (1, 2, 3, 5, 1_000):
        versions = list(
            at_commit.indexes_at(
                head, refs, contexts, skip_refused=True, group_files=group_files, rules=False
            )
        )
        assert len(versions) == len(refs)
        # The history exercises what it should: files missing from some versions (deleted,
        # renamed, made links), and invalid ones.
        assert len({len(v.entries) for v in versions}) > 1
        assert any(not e.valid for v in versions for e in v.entries)
        for version, oracle in zip(versions, expected, strict=True):
            got = {e.rel: (e.valid, fetch_payload(e)) for e in version.entries}
            assert got == oracle, (group_files, version.context)
