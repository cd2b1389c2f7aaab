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

from collections.abc import Iterable, Sequence
from functools import partial
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
from modelinv.support.forked_half import in_two

# File versions to check before half of them go to a forked process: below this, the fork
# and the results' way back cost about what they save.
PARALLEL_MIN = 1_000


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
    jobs: int = 1,
) -> list[Index]:
    """The catalog under `head.root` at each of `refs`, judged with `contexts` (one per
    ref; `head.context` for all by default). Entries of files refused at a commit (links,
    submodules, oversized blobs) are YML010 findings, or left out with `skip_refused`.

    Their entries' `path` is `REF:path-in-repository` (what `git show` takes, with the ref
    as given), not a file on disk. With `jobs` over 1 and at least PARALLEL_MIN file
    versions to check, half of them are checked in a forked process. Raises
    `git.GitError`.
    """
    root = Path(head.root).resolve()
    top = git.toplevel(root).resolve()
    prefix = root.relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix
    shown = shown_root(Path(head.root))
    commits = [git.commit_of(root, ref) for ref in refs]
    seen: dict[str, git.TreeFile] = {}  # a file version listed in several commits: one object
    listed = {c: git.list_files(root, c, prefix, seen) for c in dict.fromkeys(commits)}
    rels, shared, wanted = _judged(seen.values(), prefix, head, git.worktree(root))
    trees = {commit: [f for f in files if id(f) in rels] for commit, files in listed.items()}
    blobs = git.read_blobs(root, sorted(wanted), MAX_FILE_BYTES)  # size-checked first
    # Each file version to check once, with the context of the first version holding it.
    to_check: dict[tuple[str, str], tuple[SourceFile, bytes | Finding, Context]] = {}
    refused: set[tuple[str, str]] = set()
    for number, commit in enumerate(commits):
        context = contexts[number] if contexts is not None else head.context
        for file in trees[commit]:
            if id(file) in shared:
                continue
            rel = rels[id(file)]
            key = (rel, file.oid)
            if key in to_check or key in refused:
                continue
            display = rel if shown == "." else f"{shown}/{rel}"
            data = _data(file, blobs.get(file.oid), display)
            if not isinstance(data, bytes) and skip_refused:
                refused.add(key)
                continue
            to_check[key] = (SourceFile(f"{refs[number]}:{file.path}", display, rel), data, context)
    work = list(to_check.values())
    check = partial(_check, parser=parser)
    done = in_two(work, check) if jobs > 1 and len(work) >= PARALLEL_MIN else check(work)
    checked = dict(zip(to_check, done, strict=True))
    indexes = []
    for number, commit in enumerate(commits):
        context = contexts[number] if contexts is not None else head.context
        entries = []
        for file in trees[commit]:
            found = shared.get(id(file)) or checked.get((rels[id(file)], file.oid))
            if found is not None:  # None: refused, and left out
                entries.append(found)
        indexes.append(Index(head.root, entries, context))
    return indexes


def _judged(
    files: Iterable[git.TreeFile], prefix: str, head: Index, state: git.Worktree
) -> tuple[dict[int, str], dict[int, Entry], set[str]]:
    """Each distinct file version judged once, however many versions list it (36 monthly
    versions of 11,700 files list 420,000, of which ~22,000 differ): by `id`, the catalog
    files' paths in the catalog, and the working tree's entry of those git finds unchanged
    since; and the blobs of the others (only those are read and checked)."""
    on_disk = {e.rel: e for e in head.entries}
    rels: dict[int, str] = {}
    shared: dict[int, Entry] = {}
    wanted: set[str] = set()
    for file in files:
        rel = _rel(file, prefix)
        if not catalog_file(rel):
            continue
        rels[id(file)] = rel
        if not _readable(file):
            continue
        entry = on_disk.get(rel)
        if entry is not None and not state.differs(rel, file.mode, file.oid):
            shared[id(file)] = entry
        else:
            wanted.add(file.oid)
    return rels, shared, wanted


def _check(
    work: Sequence[tuple[SourceFile, bytes | Finding, Context]], parser: ParserName
) -> list[Entry]:
    return [check_file(source, data, parser, context) for source, data, context in work]


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
