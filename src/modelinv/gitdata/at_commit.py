"""The catalog as it was at git commits: the one way `--base`, `diff` and the site's health
history read past versions.

The versions asked for come one at a time, read a group at a time: each group's versions
are listed with `git ls-tree` and their files read with one `git cat-file --batch`; each
distinct file version (path and blob) of a group is checked once, by the same per-file
stage as the working tree, however many versions hold it, and what the next group
holds too is kept for it (nothing else: a long history is never held). A file git finds
unchanged between the commit and the working tree (the same blob and mode in the index, and
a working copy that git's stat cache finds clean: `git.worktree`, two git calls for any
number of commits) shares the working tree's entry, which marks it unchanged for the
pairing of `changes`, and its blob is never read: a small commit on a large catalog costs
about the files it touched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from modelinv.checks.filecheck import check_file
from modelinv.findings import Finding
from modelinv.gitdata import git
from modelinv.gitdata.listing import files_at, readable, refused, rel_path
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry, Index
from modelinv.loader.discover import SourceFile, shown_path, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import MAX_FILE_BYTES
from modelinv.support.forked_half import in_two

# File versions to check before half of them go to a forked process: below this, the fork
# and the results' way back cost about what they save.
PARALLEL_MIN = 1_000
# File versions read and checked together by `indexes_at` before their versions are
# judged and they are dropped: enough for the split above to pay (a month's edits of a
# large catalog are often fewer), few enough to bound what is held (a catalog whose 10,000
# models all changed each month held every month's blobs and entries: 5 months, 850 MB).
GROUP_FILES = 4_000


# A file version as the catalog's versions list it: its path in the catalog, its blob.
Key = tuple[str, str]


def indexes_at(
    head: Index,
    refs: Sequence[str],
    contexts: Sequence[Context] | None = None,
    *,
    parser: ParserName = "auto",
    skip_refused: bool = False,
    jobs: int = 1,
    group_files: int = GROUP_FILES,
    rules: bool = True,
    folders: Sequence[str] | None = None,
) -> Iterator[Index]:
    """The catalog under `head.root` at each of `refs`, in order, judged with `contexts`
    (one per ref; `head.context` for all by default). Entries of files refused at a commit
    (links, submodules, oversized blobs) are YML010 findings, or left out with
    `skip_refused`; so is a link to a folder, whatever its name, as in the working tree
    (`discover`): none of its files is read, and it is not passed over without a word.
    Their entries' `path` is `REF:path-in-repository` (what `git show` takes, with the ref
    as given), not a file on disk.

    One version at a time, never all held: the versions are taken in groups with at least
    `group_files` file versions to check between them (or what is left), whose blobs are
    read and checked together (with `jobs` over 1 and at least PARALLEL_MIN of them, half
    in a forked process); a group keeps of the previous group's entries only those its
    versions hold too, and lists only its own versions' files. A file version is checked
    as the first version of its group holding it (its context and ref); one read again
    after a gap (a file reverted to bytes an earlier group read) is checked again, as the
    version reading it then. Without `rules`, files are checked without their entity
    rules and the organisation's (see `check_file`). `folders` names the catalog folder in
    the repository at each ref, where it was elsewhere then (`history.catalog_line`).
    Raises `git.GitError` (before the first version)."""
    versions = _Versions.listed(head, refs, contexts, parser, skip_refused, jobs, rules, folders)
    known: dict[Key, Entry | None] = {}  # the entries of the last group's versions
    start = 0
    while start < len(refs):
        seen: dict[str, git.TreeFile] = {}  # a file version in several of the group's: one
        named: dict[int, bool] = {}  # whether each such file is named like a catalog file
        judged: dict[int, Listed] = {}  # each such catalog file's place, by `id`
        listings: list[list[Listed]] = []
        kept: dict[Key, Entry | None] = {}  # the group's file versions known already
        wanted: dict[Key, tuple[int, git.TreeFile]] = {}  # the others: the version reading it
        stop = start
        while stop < len(refs) and (stop == start or len(wanted) < group_files):
            listing = versions.listing(stop, seen, named, judged)
            for item in listing:
                if item.shared is not None:
                    continue
                key = (item.rel, item.file.oid)
                if key in known:
                    kept[key] = known[key]
                elif key not in kept and key not in wanted:
                    wanted[key] = (stop, item.file)
            listings.append(listing)
            stop += 1
        del seen, named, judged
        known = kept  # the last group's other entries can go before this one is read
        known.update(versions.checked(wanted))
        del wanted
        for number, listing in enumerate(listings, start):
            yield versions.index(number, listing, known)
        del listings
        start = stop


class Listed(NamedTuple):
    """A catalog file as a version lists it."""

    file: git.TreeFile
    rel: str  # its path in the catalog
    shared: Entry | None  # the working tree's entry when git finds the file unchanged since


@dataclass(frozen=True, slots=True)
class _Versions:
    """The catalog's versions at some commits, each listed when its group is read."""

    head: Index
    refs: Sequence[str]
    contexts: Sequence[Context] | None
    parser: ParserName
    skip_refused: bool
    jobs: int
    rules: bool
    root: Path
    top: Path  # the repository's root
    prefix: str  # the catalog folder in the repository ("" at its root)
    shown: str  # the catalog folder as findings show it
    commits: list[str]
    state: git.Worktree
    on_disk: dict[str, Entry]  # the working tree's entries by path in the catalog
    # The catalog folder at each version, where it differs from `prefix` (it was moved).
    folders: Sequence[str] | None = None

    @classmethod
    def listed(
        cls,
        head: Index,
        refs: Sequence[str],
        contexts: Sequence[Context] | None,
        parser: ParserName,
        skip_refused: bool,
        jobs: int,
        rules: bool,
        folders: Sequence[str] | None = None,
    ) -> _Versions:
        root = Path(head.root).resolve()
        top, prefix = git.in_repository(root)
        return cls(
            head,
            refs,
            contexts,
            parser,
            skip_refused,
            jobs,
            rules,
            root,
            top,
            prefix,
            shown_root(Path(head.root)),
            [git.commit_of(root, ref) for ref in refs],
            git.worktree(root),
            {e.rel: e for e in head.entries},
            folders,
        )

    def context(self, number: int) -> Context:
        return self.contexts[number] if self.contexts is not None else self.head.context

    def listing(
        self,
        number: int,
        seen: dict[str, git.TreeFile],
        named: dict[int, bool],
        judged: dict[int, Listed],
    ) -> list[Listed]:
        """The catalog files of version `number` (`listing.files_at`: a link to a folder
        too, to be refused), each judged once for the versions that share `seen`, `named`
        and `judged` (36 monthly versions of 11,700 files list 420,000, of which ~22,000
        differ): its path in the catalog, and the working tree's entry if git finds it
        unchanged since (the others are read and checked)."""
        listing = []
        prefix = self.folders[number] if self.folders is not None else self.prefix
        for file in files_at(self.top, self.commits[number], prefix, seen=seen, named=named):
            item = judged.get(id(file))
            if item is None:
                item = judged[id(file)] = self._judged(file, prefix)
            listing.append(item)
        return listing

    def _judged(self, file: git.TreeFile, prefix: str) -> Listed:
        rel = rel_path(file, prefix)
        entry = self.on_disk.get(rel) if readable(file) else None
        unchanged = entry is not None and not self.state.differs(rel, file.mode, file.oid)
        return Listed(file, rel, entry if unchanged else None)

    def checked(self, wanted: dict[Key, tuple[int, git.TreeFile]]) -> dict[Key, Entry | None]:
        """Each file version's entry, checked as the version `wanted` names; None for one
        refused and left out."""
        oids = sorted({file.oid for _, file in wanted.values() if readable(file)})
        blobs = git.read_blobs(self.root, oids, MAX_FILE_BYTES)  # size-checked first
        found: dict[Key, Entry | None] = {}
        work: list[tuple[SourceFile, bytes | Finding, Context]] = []
        for key, (number, file) in wanted.items():
            display = shown_path(self.shown, key[0])
            data = refused(file, blobs.get(file.oid), display)
            if not isinstance(data, bytes) and self.skip_refused:
                found[key] = None
                continue
            source = SourceFile(f"{self.refs[number]}:{file.path}", display, key[0])
            work.append((source, data, self.context(number)))
        del blobs
        check = partial(_check, parser=self.parser, rules=self.rules)
        parallel = self.jobs > 1 and len(work) >= PARALLEL_MIN
        done = in_two(work, check) if parallel else check(work)
        found.update(zip([k for k in wanted if k not in found], done, strict=True))
        return found

    def index(self, number: int, listing: list[Listed], known: dict[Key, Entry | None]) -> Index:
        """Version `number` from its `listing`, its file versions' entries `known`."""
        entries = []
        for item in listing:
            found = item.shared or known.get((item.rel, item.file.oid))
            if found is not None:  # None: refused, and left out
                entries.append(found)
        return Index(self.head.root, entries, self.context(number))


def _check(
    work: Sequence[tuple[SourceFile, bytes | Finding, Context]], parser: ParserName, rules: bool
) -> list[Entry]:
    return [
        check_file(source, data, parser, context, rules=rules) for source, data, context in work
    ]
