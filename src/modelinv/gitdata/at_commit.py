"""The catalog as it was at git commits: the one way `--base`, `diff` and the site's health
history read past versions.

The files of every version asked for are listed with `git ls-tree` and read with one
`git cat-file --batch`; each distinct file version (path and blob) is checked once, by the
same per-file stage as the working tree, however many versions hold it. A file git finds
unchanged between the commit and the working tree (the same blob and mode in the index, and
a working copy that git's stat cache finds clean: `git.worktree`, two git calls for any
number of commits) shares the working tree's entry, which marks it unchanged for the
pairing of `changes`, and its blob is never read: a small commit on a large catalog costs
about the files it touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.checks.rules import yml010_file_refused as refused
from modelinv.findings import Finding, Location
from modelinv.gitdata import git
from modelinv.governance.context import Context
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Entry, Index
from modelinv.loader.discover import SUFFIXES, SourceFile, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import MAX_FILE_BYTES, refusal
from modelinv.support.bounded_read import too_large


def catalog_file(rel: str) -> bool:
    """What `discover` would list: YAML names, no hidden parts, not the policy file."""
    hidden = any(part.startswith(".") for part in rel.split("/"))
    return rel.endswith(SUFFIXES) and rel != POLICY_FILE and not hidden


def indexes_at(
    head: Index,
    refs: Sequence[str],
    contexts: Sequence[Context] | None = None,
    *,
    parser: ParserName = "auto",
    skip_refused: bool = False,
) -> list[Index]:
    """The catalog under `head.root` at each of `refs`, judged with `contexts` (one per
    ref; `head.context` for all by default). Entries of files refused at a commit (links,
    submodules, oversized blobs) are YML010 findings, or left out with `skip_refused`.

    Their entries' `path` is `REF:path-in-repository` (what `git show` takes, with the ref
    as given), not a file on disk. Raises `git.GitError`.
    """
    root = Path(head.root).resolve()
    top = git.toplevel(root).resolve()
    prefix = root.relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix
    shown = shown_root(Path(head.root))
    commits = [git.commit_of(root, ref) for ref in refs]
    seen: dict[str, git.TreeFile] = {}  # a file version listed in several commits: one object
    trees = {
        commit: [
            f for f in git.list_files(root, commit, prefix, seen) if catalog_file(_rel(f, prefix))
        ]
        for commit in dict.fromkeys(commits)
    }
    on_disk = {e.rel: e for e in head.entries}
    # Files git finds the same at the commit as in the working tree share the working
    # tree's entry; only the others' blobs are read and checked.
    same: dict[str, set[str]] = {}
    wanted: set[str] = set()
    state = git.worktree(root)
    for commit, files in trees.items():
        same[commit] = set()
        for file in files:
            rel = _rel(file, prefix)
            if not _readable(file):
                continue
            if rel in on_disk and not state.differs(rel, file.mode, file.oid):
                same[commit].add(rel)
            else:
                wanted.add(file.oid)
    blobs = git.read_blobs(root, sorted(wanted), MAX_FILE_BYTES)  # size-checked first
    checked: dict[tuple[str, str], Entry] = {}
    indexes = []
    for number, commit in enumerate(commits):
        context = contexts[number] if contexts is not None else head.context
        entries = []
        for file in trees[commit]:
            rel = _rel(file, prefix)
            if rel in same[commit]:
                entries.append(on_disk[rel])
                continue
            key = (rel, file.oid)
            entry = checked.get(key)
            if entry is None:
                display = rel if shown == "." else f"{shown}/{rel}"
                data = _data(file, blobs.get(file.oid), display)
                if not isinstance(data, bytes) and skip_refused:
                    continue
                source = SourceFile(f"{refs[number]}:{file.path}", display, rel)
                entry = checked[key] = check_file(source, data, parser, context)
            entries.append(entry)
        indexes.append(Index(head.root, entries, context))
    return indexes


def _rel(file: git.TreeFile, prefix: str) -> str:
    return file.path[len(prefix) + 1 :] if prefix else file.path


def _readable(file: git.TreeFile) -> bool:
    return file.kind == "blob" and file.mode != git.SYMLINK_MODE


def _data(file: git.TreeFile, blob: bytes | git.Oversized | None, display: str) -> bytes | Finding:
    where = Location(display, 1, 1)
    if file.mode == git.SYMLINK_MODE:
        return refused.RULE.at(where, "symbolic link refused")
    if file.kind != "blob" or blob is None:
        return refused.RULE.at(where, "not a regular file refused")
    if isinstance(blob, git.Oversized):
        return refusal(where, too_large(blob.size, MAX_FILE_BYTES))
    return blob
