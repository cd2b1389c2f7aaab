"""The few git plumbing commands modelinv needs, run without a shell and in bulk.

Every function takes `cwd`, a folder inside the repository (the catalog's), and raises
`GitError` with a one-line message when git is missing, `cwd` is not in a repository or
a ref names no commit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import subprocess
import tempfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from modelinv.support.batches import batched
from modelinv.support.bounded_read import ReadRefused, read_regular

SYMLINK_MODE = "120000"


class GitError(Exception):
    """git could not answer: not installed, not a repository, an unknown ref."""


class NotARepository(GitError):
    """The folder is in no git repository (other GitErrors mean git failed on one)."""


@dataclass(frozen=True, slots=True)
class TreeFile:
    path: str  # POSIX, relative to the repository root
    mode: str  # 100644, 100755, 120000 (symbolic link), 160000 (submodule)
    kind: str  # blob, tree, commit
    oid: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: str
    date: str  # author date, ISO 8601 with offset
    author: str
    email: str
    subject: str
    status: str  # A, M, D, R100, ... ("" when no file is listed)
    paths: tuple[str, ...]  # one path; two (old, new) for a rename or copy

    @property
    def path(self) -> str:
        """The file's path after the change ("" when no file is listed)."""
        return self.paths[-1] if self.paths else ""


# Settings a user's configuration could change and the parsing here relies on.
_NEUTRAL = (
    *("-c", "core.quotepath=off"),
    *("-c", "color.ui=never"),
    *("-c", "log.showSignature=false"),
    *("-c", "log.follow=false"),
    *("-c", "log.showRoot=true"),  # false: the first commit's files would list no creation
)

# `git log -z --format=%H`: NUL-separated tokens, each a commit id, a status (A, M, R100,
# ...; the first of a commit preceded by a newline; with --cc, a merge's is a letter per
# parent, MM, after an empty token) or one of the paths that follow a status. Ids and
# statuses cannot look alike, and paths are taken by count, so no commit message, author
# or file name can shift the parse. Authors and subjects are read from the commit objects
# themselves (`cat-file --batch`, length-prefixed), never from text git formatted with
# separators.
LOG_FORMAT = "--format=%H"
_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_STATUS = re.compile(r"[ACDMRTUXB][0-9]{0,3}|[ACDMRTUXB]{2,16}")
EPOCH = "1970-01-01T00:00:00+00:00"  # the date shown for a commit whose author is unreadable

# The `shallow` file lists one commit id a line; more than this is not a clone git made.
MAX_SHALLOW_BYTES = 16 * 1024 * 1024
# What a command that needs more history than a shallow clone holds says to do.
FETCH_HISTORY = (
    "this clone is shallow; fetch the whole history with git fetch --unshallow (in GitHub "
    "Actions: actions/checkout with fetch-depth: 0)"
)

# A commit object larger than this is not read (its author and subject show as unknown).
MAX_COMMIT_BYTES = 1024 * 1024
CHUNK_BYTES = 1024 * 1024  # read from a streamed command at a time


@dataclass(frozen=True, slots=True)
class Oversized:
    """An object `read_blobs` did not read because it is larger than the limit."""

    size: int


def _env() -> dict[str, str]:
    """The environment git runs in: never a credentials prompt, C messages."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def run(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's standard output; a failure becomes a GitError with git's first error line."""
    env = _env()
    try:
        done = subprocess.run(
            ["git", *_NEUTRAL, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            env=env,
        )
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise _not_started(exc, cwd) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[0] if lines else f"git {args[0]} failed")
    return done.stdout


def _not_started(exc: OSError, cwd: Path) -> GitError:
    """Why git did not start: not installed, or `cwd` is no folder (Python names which)."""
    if isinstance(exc, FileNotFoundError) and exc.filename == "git":
        return GitError("git is not installed (needed for --base and history)")
    return NotARepository(f"not a folder: {cwd}")


# git's first error line for a repository another user owns (git 2.35.2 and later refuse
# it: a CI job in a container, a folder mounted from the host).
_DUBIOUS = "fatal: detected dubious ownership in repository at "


def toplevel(cwd: Path) -> Path:
    """The repository's root folder. Raises NotARepository outside one, and GitError with
    what to do when git cannot use it."""
    try:
        out = run(cwd, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise _repository_error(exc, cwd) from None
    return Path(out.decode("utf-8").strip())


def _repository_error(exc: GitError, cwd: Path) -> GitError:
    """A failure of git on the repository holding `cwd`, said for the user: NotARepository
    when there is none, what to do for one git refuses, else git's own first line (not
    installed, a damaged repository)."""
    message = str(exc)
    if isinstance(exc, NotARepository):
        return exc  # `cwd` is no folder
    if message.startswith("fatal: not a git repository (or any"):
        return NotARepository(f"{cwd} is not in a git repository")
    if message.startswith("fatal: not a git repository: "):  # a .git file pointing nowhere
        where = message.removeprefix("fatal: not a git repository: ")
        return GitError(f"{cwd} is in a repository whose git folder is missing: {where}")
    if message.startswith(_DUBIOUS):
        where = message.removeprefix(_DUBIOUS).strip("'")
        return GitError(
            f"git refuses the repository at {where}: another user owns it (if that is "
            f"expected, as in a CI container: git config --global --add safe.directory "
            f"{where})"
        )
    return exc


def in_repository(folder: Path) -> tuple[Path, str]:
    """The root of the repository holding `folder` (resolved) and `folder`'s path in it
    ("" for the root itself). Raises GitError, and ValueError for a folder that resolves
    outside the repository git names (through a symbolic link)."""
    top = toplevel(folder).resolve()
    prefix = folder.resolve().relative_to(top).as_posix()
    return top, "" if prefix == "." else prefix


def commit_of(cwd: Path, ref: str) -> str:
    """The full commit id `ref` names (a branch, tag, `HEAD~2`, a commit id)."""
    if not ref or ref.startswith("-") or "\0" in ref:
        raise GitError(f"invalid git ref '{ref}'")
    try:
        out = run(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        # No repository, or one git refuses, raises here with what to do (as `toplevel`).
        hint = f": {FETCH_HISTORY}" if shallow_commits(cwd) else ""
        raise GitError(f"unknown git ref '{ref}' (no such branch, tag or commit){hint}") from None
    return out.decode("ascii").strip()


def unborn(cwd: Path) -> bool:
    """True before the first commit of the branch checked out: HEAD names a branch that
    holds no commit yet (a new repository, `git checkout --orphan`)."""
    try:
        run(cwd, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        try:
            run(cwd, "symbolic-ref", "--quiet", "HEAD")
        except GitError:
            return False
        return True
    return False


def fork_point(cwd: Path, ref: str, head: str = "HEAD") -> str:
    """What `validate --base REF` compares the working tree with: the commit where `head`'s
    history and REF's meet (`git merge-base REF HEAD`), named `ref` when that is REF's own
    commit (a branch up to date with REF, or the merge commit a pull request's CI checks
    out) and by its unique short id otherwise (a branch forked before REF moved on: what
    was merged into REF since is then not read as undone by the branch)."""
    commit, tip = commit_of(cwd, ref), commit_of(cwd, head)
    if commit == tip or commit in commit_infos(cwd, [tip]).get(tip, UNKNOWN_COMMIT).parents:
        # Up to date, or the merge commit CI checks out: REF itself, known without git
        # walking any history (a shallow checkout of a pull request's merge holds none).
        return ref
    try:
        base = run(cwd, "merge-base", commit, tip).decode("ascii").strip()
    except GitError:
        hint = f": {FETCH_HISTORY}" if shallow_commits(cwd) else ""
        raise GitError(f"'{ref}' and {head} have no commit in common{hint}") from None
    if base == commit:
        return ref
    return run(cwd, "rev-parse", "--short=12", base).decode("ascii").strip()


def shallow_commits(cwd: Path) -> frozenset[str]:
    """The commits where a shallow clone's history stops (their parents were not fetched);
    empty for a whole repository. git lists each such commit's files as added, whatever
    the commit did: callers must not read that as the files' creation.

    Raises NotARepository outside a repository, GitError as `toplevel` does, and for a
    shallow clone whose list of cut commits cannot be read."""
    try:
        lines = run(cwd, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    except GitError as exc:
        raise _repository_error(exc, cwd) from None
    shallow, _, where = lines.decode("utf-8", "surrogateescape").partition("\n")
    if shallow != "true":
        return frozenset()
    path = cwd / where.rstrip("\n")  # relative to `cwd`, or absolute
    try:
        data = read_regular(path, MAX_SHALLOW_BYTES)
    except ReadRefused as exc:
        raise GitError(f"cannot read the shallow clone's list {path}: {exc.reason}") from None
    return frozenset(
        token for token in data.decode("ascii", "replace").split() if _COMMIT_ID.fullmatch(token)
    )


@dataclass(frozen=True, slots=True)
class Worktree:
    """The tracked files under a folder as git sees them: each file's mode and blob in the
    index, and the files whose working copy differs from the index (through its stat
    cache) or that are in conflict."""

    staged: dict[str, tuple[str, str]]  # path relative to the folder -> (mode, blob id)
    dirty: frozenset[str]

    def differs(self, rel: str, mode: str, oid: str) -> bool:
        """Whether the working copy of `rel` is not the file (`mode`, blob `oid`): what
        `git diff --name-only COMMIT` lists for a commit holding that file (tests hold the
        two to each other)."""
        return rel in self.dirty or self.staged.get(rel) != (mode, oid)


def worktree(cwd: Path) -> Worktree:
    """The `Worktree` under `cwd`, from two git calls whatever the number of commits it is
    compared with (a `git diff` per commit took 0.86 s of the 36 monthly versions the
    health history of a 10,000-model catalog reads)."""
    staged: dict[str, tuple[str, str]] = {}
    dirty: set[str] = set()
    listed = run(cwd, "ls-files", "--stage", "-z", "--", ".")
    for record in listed.decode("utf-8", "surrogateescape").split("\0"):
        meta, tab, path = record.partition("\t")
        fields = meta.split(" ")
        if not tab or len(fields) != 3:
            continue
        mode, oid, stage = fields
        if stage == "0":
            staged[path] = (mode, oid)
        else:
            dirty.add(path)  # in conflict: its working copy is whatever the merge left
    out = run(cwd, "diff", "--no-renames", "--no-ext-diff", "--name-only", "-z", "--relative")
    dirty.update(p for p in out.decode("utf-8", "surrogateescape").split("\0") if p)
    return Worktree(staged, frozenset(dirty))


def list_files(
    cwd: Path, commit: str, under: str, seen: dict[str, TreeFile] | None = None
) -> list[TreeFile]:
    """Every file below `under` (relative to the repository root; "" for all) at `commit`.
    `seen` (one dict passed to every call for the versions of one catalog) makes a file
    with the same path, mode and blob in several commits one object: 13 monthly versions
    of 11,700 files held ~50 MB of separate records, mostly the same."""
    spec = ["--", under] if under else []
    out = run(cwd, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    known = {} if seen is None else seen
    files = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        file = known.get(record)
        if file is None:
            meta, _, path = record.partition("\t")
            mode, kind, oid = meta.split(" ")
            file = known[record] = TreeFile(path, mode, kind, oid)
        files.append(file)
    return files


def object_sizes(cwd: Path, names: list[str]) -> dict[str, tuple[str, str, int] | None]:
    """name -> (object id, type, size) from one `git cat-file --batch-check`; None for a
    name that does not exist (or cannot be asked: it holds a newline)."""
    found: dict[str, tuple[str, str, int] | None] = dict.fromkeys(names)
    askable = [n for n in found if "\n" not in n and "\0" not in n]  # each name once
    if not askable:
        return found
    request = "".join(f"{n}\n" for n in askable).encode("utf-8", "surrogateescape")
    out = run(cwd, "cat-file", "--batch-check", stdin=request)
    for name, line in zip(askable, out.split(b"\n"), strict=False):
        parts = line.decode("ascii", "replace").split(" ")
        if len(parts) == 3 and _COMMIT_ID.fullmatch(parts[0]) and parts[2].isdigit():
            found[name] = (parts[0], parts[1], int(parts[2]))
    return found


def read_blobs(cwd: Path, names: list[str], limit: int) -> dict[str, bytes | Oversized | None]:
    """The contents of many files (`oid` or `commit:path`) from one `git cat-file --batch`,
    those a partial clone left out fetched first in one request (`fetch_left_out`); None
    for a name that does not exist, `Oversized` for one over `limit` bytes (its size is
    asked first, so a huge blob is never read into memory)."""
    fetch_left_out(cwd, names)
    return read_objects(cwd, names, limit)


def read_objects(cwd: Path, names: list[str], limit: int) -> dict[str, bytes | Oversized | None]:
    """`read_blobs` of objects every clone holds (commits), or already fetched."""
    sizes = object_sizes(cwd, names)
    found: dict[str, bytes | Oversized | None] = {}
    wanted: dict[str, str] = {}  # object id -> a name it answers
    for name, known in sizes.items():
        if known is None:
            found[name] = None
        elif known[2] > limit:
            found[name] = Oversized(known[2])
        else:
            wanted.setdefault(known[0], name)
    contents = _read_objects(cwd, list(wanted)) if wanted else {}
    for name, known in sizes.items():
        if name not in found and known is not None:
            found[name] = contents.get(known[0])
    return found


def folder_links(top: Path, commit: str, links: list[TreeFile]) -> set[str]:
    """The paths of those symbolic `links` (committed at `commit` in the repository whose
    root is `top`) that point to a folder:
    one in the commit's tree (git follows links inside the repository), or one outside
    the repository that is a folder on this machine, as a checkout here would find it.
    One `git cat-file --batch-check --follow-symlinks`; the links' targets fetched first
    in a partial clone."""
    askable = [f for f in links if "\n" not in f.path and "\0" not in f.path]
    if not askable:
        return set()
    fetch_left_out(top, [f.oid for f in askable])
    request = "".join(f"{commit}:{f.path}\n" for f in askable).encode("utf-8", "surrogateescape")
    out = run(top, "cat-file", "--batch-check", "--follow-symlinks", stdin=request)
    found = set()
    for link, answer in zip(askable, _follow_answers(out), strict=False):
        kind, target = answer
        if kind == "tree" or (kind == "symlink" and (top / target).is_dir()):
            found.add(link.path)
    return found


def _follow_answers(out: bytes) -> Iterator[tuple[str, str]]:
    """(the object's type, or why it has none; the link's target for `symlink`) for each
    answer of `cat-file --batch-check --follow-symlinks`: `OID TYPE SIZE`, `NAME missing`,
    or `symlink|dangling|loop|notdir SIZE` followed by SIZE bytes (a target outside the
    repository, or the name asked) and a newline."""
    at = 0
    while at < len(out):
        end = out.find(b"\n", at)
        if end < 0:
            return
        head = out[at:end].decode("utf-8", "surrogateescape").split(" ")
        at = end + 1
        if head[0] in ("symlink", "dangling", "loop", "notdir") and len(head) == 2:
            size = int(head[1]) if head[1].isdigit() else 0
            yield head[0], out[at : at + size].decode("utf-8", "surrogateescape")
            at += size + 1
        elif len(head) == 3 and _COMMIT_ID.fullmatch(head[0]):
            yield head[1], ""
        else:
            yield "missing", ""


def fetch_left_out(cwd: Path, names: list[str]) -> None:
    """In a partial clone (`git clone --filter=blob:none`, a common CI checkout of a long
    history), fetch the files among `names` (`oid` or `commit:path`) the clone left out, in
    one request. git would fetch each one on its own the moment it is read, a round trip
    each from a forge: the first site build of a 10,000-model catalog with 3,600 past file
    versions left out took 72 s that way from a remote on the same machine, and takes 7.6 s
    with one request (0.4 s of it). Raises GitError when the remote cannot send them (else
    they would read as files that do not exist)."""
    remote = promisor_remote(cwd)
    if remote is None:
        return
    oids = _blob_ids(cwd, names)
    if not oids:
        return
    held = _held(cwd, oids)
    missing = [oid for oid in oids if oid not in held]
    if missing:
        _fetch(cwd, remote, missing, "file version(s)")


def promisor_remote(cwd: Path) -> str | None:
    """The remote a partial clone fetches what it left out from; None in a full clone."""
    return _partial_clone(cwd)[0]


def _partial_clone(cwd: Path) -> tuple[str | None, str]:
    """(the promisor remote, or None in a full clone; the filter it was cloned with, such
    as `blob:none` or `tree:0`, "" if unknown)."""
    pattern = r"^(extensions\.partialclone|remote\..+\.(promisor|partialclonefilter))$"
    try:
        out = run(cwd, "config", "-z", "--get-regexp", pattern)
    except GitError:  # exit 1: no such setting
        return None, ""
    named, flagged = None, None
    filters: dict[str, str] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        key, _, value = record.partition("\n")
        if key == "extensions.partialclone" and value:
            named = value
        elif key.endswith(".promisor") and value.lower() in ("true", "yes", "on", "1"):
            flagged = flagged or key[len("remote.") : -len(".promisor")]
        elif key.endswith(".partialclonefilter"):
            filters[key[len("remote.") : -len(".partialclonefilter")]] = value
    remote = named or flagged
    # A name git would take for an option is no remote this code should pass on.
    if not remote or remote.startswith("-"):
        return None, ""
    return remote, filters.get(remote, "")


def fetch_trees(cwd: Path) -> None:
    """In a treeless clone (`git clone --filter=tree:0`), fetch the trees of every commit of
    HEAD's history in one request. `git log` limited to a path reads each commit's trees,
    and git fetches the ones a treeless clone left out commit by commit, a round trip each
    (a history of 1,000 commits: 1,000 requests). The files stay left out (`read_blobs`
    fetches those it reads)."""
    remote, cloned_with = _partial_clone(cwd)
    if remote is None or not cloned_with.startswith("tree:"):
        return
    roots = run(cwd, "log", "--format=%T", "HEAD").decode("ascii").split()
    held = _held(cwd, roots)
    missing = [tree for tree in dict.fromkeys(roots) if tree not in held]
    if missing:
        _fetch(cwd, remote, missing, "tree(s) of past commits")


def _held(cwd: Path, oids: list[str]) -> set[str]:
    """Which of `oids` the clone holds (with whatever they hold in turn), fetching nothing:
    `--missing=print` keeps rev-list from fetching (so would nothing else: `cat-file`
    fetches each object it looks up), and `--ignore-missing` skips an absent one given as
    a starting point."""
    listed = run(
        cwd,
        "rev-list",
        "--objects",
        "--no-walk",
        "--missing=print",
        "--ignore-missing",
        "--stdin",
        stdin="".join(f"{oid}\n" for oid in oids).encode(),
    )
    return {line.split(" ", 1)[0] for line in listed.decode().split("\n")}


def _fetch(cwd: Path, remote: str, oids: list[str], what: str) -> None:
    """Fetch `oids` from a partial clone's `remote` with the command git itself runs for
    an object it left out, given them all at once."""
    try:
        run(
            cwd,
            *("-c", "fetch.negotiationAlgorithm=noop"),
            *("fetch", remote, "--no-tags", "--no-write-fetch-head"),
            *("--recurse-submodules=no", "--filter=blob:none", "--stdin"),
            stdin="".join(f"{oid}\n" for oid in oids).encode(),
        )
    except GitError as exc:
        raise GitError(
            f"this partial clone left out {len(oids)} {what} the command reads, and git "
            f"could not fetch them from remote '{remote}': {exc} (the remote must be "
            "reachable with credentials, which actions/checkout's persist-credentials: false "
            "does not keep; or clone without --filter)"
        ) from None


def _blob_ids(cwd: Path, names: list[str]) -> list[str]:
    """The object ids `names` (`oid` or `commit:path`) stand for, each once; a path that
    does not exist is left out. Paths are looked up in their commits' trees (one `ls-tree`
    a commit), which a blobless clone holds: asking `cat-file` would fetch each blob."""
    ids: dict[str, None] = {}
    paths: dict[str, list[str]] = {}
    for name in names:
        if _COMMIT_ID.fullmatch(name):
            ids[name] = None
        else:
            rev, colon, path = name.partition(":")
            if colon and path and not rev.startswith("-"):
                paths.setdefault(rev, []).append(path)
    for rev, wanted in paths.items():
        for some in batched(wanted, 500):  # well inside any command line's length limit
            try:
                out = run(
                    cwd, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", rev, "--", *some
                )
            except GitError:  # no such commit: `object_sizes` reports the names missing
                continue
            for record in out.decode("utf-8", "surrogateescape").split("\0"):
                meta, _, _path = record.partition("\t")
                parts = meta.split(" ")
                if len(parts) == 3 and parts[1] == "blob":
                    ids[parts[2]] = None
    return list(ids)


def _read_objects(cwd: Path, oids: list[str]) -> dict[str, bytes]:
    """Objects by id, each framed by its `oid type size` header (no separator can lie)."""
    out = run(cwd, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    found: dict[str, bytes] = {}
    at = 0
    for oid in oids:
        end = out.find(b"\n", at)
        if end < 0:
            break
        parts = out[at:end].split(b" ")
        if len(parts) != 3 or not parts[2].isdigit():  # "missing": gone since asked
            at = end + 1
            continue
        size = int(parts[2])
        found[oid] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content is followed by a newline
    return found


@dataclass(frozen=True, slots=True)
class CommitInfo:
    date: str
    author: str
    email: str
    subject: str
    # The parents the commit object names, first parent first (in a shallow clone, also
    # those not fetched); none for a root or unreadable commit.
    parents: tuple[str, ...] = ()
    # When it was committed (ISO 8601): when it landed where it is. A rebased or
    # cherry-picked commit keeps its author's older `date`.
    committed: str = EPOCH


UNKNOWN_COMMIT = CommitInfo(EPOCH, "(unknown)", "", "(unreadable commit)")


def commit_infos(cwd: Path, commits: list[str]) -> dict[str, CommitInfo]:
    """Author, author date and subject of each commit, parsed from the commit objects."""
    objects = read_objects(cwd, sorted(set(commits)), MAX_COMMIT_BYTES)
    return {
        c: parse_commit(data) if isinstance(data, bytes) else UNKNOWN_COMMIT
        for c, data in objects.items()
    }


def parse_commit(data: bytes) -> CommitInfo:
    """What `%aI`, `%an`, `%ae`, `%s`, `%P` and `%cI` show, from a raw commit object;
    anything unreadable becomes a placeholder, never an exception."""
    head, _, message = data.partition(b"\n\n")
    lines = [line.decode("utf-8", "replace") for line in head.split(b"\n")]

    def field(name: str) -> str:
        return next((line[len(name) :] for line in lines if line.startswith(name)), "")

    name, email, date = _ident(field("author "))
    committed = _ident(field("committer "))[2]
    parents = tuple(
        line[7:] for line in lines if line.startswith("parent ") and _COMMIT_ID.fullmatch(line[7:])
    )
    paragraph = message.decode("utf-8", "replace").strip("\n").split("\n\n", 1)[0]
    subject = " ".join(line.strip() for line in paragraph.split("\n")).strip()
    return CommitInfo(date, name, email, subject, parents, committed)


def _ident(text: str) -> tuple[str, str, str]:
    """(name, email, ISO date) from `Name <email> 1700000000 +0200`."""
    close = text.rfind(">")
    opening = text.rfind("<", 0, close) if close >= 0 else -1
    if opening < 0:
        return text.strip() or "(unknown)", "", EPOCH
    name, email = text[:opening].strip(), text[opening + 1 : close]
    stamp = text[close + 1 :].split()
    return name or "(unknown)", email, _iso(stamp)


def _iso(stamp: list[str]) -> str:
    if len(stamp) != 2 or not stamp[0].isdigit() or not re.fullmatch(r"[+-][0-9]{4}", stamp[1]):
        return EPOCH
    offset = int(stamp[1][1:3]) * 60 + int(stamp[1][3:5])
    try:
        zone = dt.timezone(dt.timedelta(minutes=-offset if stamp[1][0] == "-" else offset))
        return dt.datetime.fromtimestamp(int(stamp[0]), zone).isoformat()
    except (OverflowError, OSError, ValueError):
        return EPOCH


# One change `git log --name-status` lists: (commit, status, paths); a commit that lists
# no file has status "" and no paths.
Changed = tuple[str, str, tuple[str, ...]]


def merge_status(status: str) -> bool:
    """Whether `status` is a merge's (`--cc`: a letter per parent, MM, AM): a change to a
    file that existed before, whatever its first letter says."""
    return len(status) > 1 and status.isalpha()


# The status `log_changes` gives a file in a commit where a shallow clone's history stops
# (`shallow_commits`), instead of git's A: the file is there, but whether that commit
# created it, changed it or left it alone is not in the clone. Not a letter git writes.
CUT = "S"


def log(cwd: Path, *args: str, files: bool = True) -> list[LogEntry]:
    """`git log`, newest first: with `files`, one entry per file a commit changed
    (`--name-status`); otherwise, or for a commit that changed none, one with no path."""
    changes = list(log_changes(cwd, *args, files=files))
    infos = commit_infos(cwd, [commit for commit, _, _ in changes])
    return [log_entry(change, infos) for change in changes]


class EarlyLog:
    """`log_changes(cwd, *args)` started ahead of need: git writes to a temporary file on
    another core while the caller works on, and `changes()` reads what it wrote (a long
    history's log of a 10,000-file catalog costs git ~0.8 ms a commit). `close()` stops
    git if the changes are never read."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.cut, command = _log_command(cwd, args, files=True)
        # Both files live until `close()`, which closes the stack that holds them.
        self._files = contextlib.ExitStack()
        self._out = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self._errors = self._files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        try:
            self.process = _spawn(cwd, command, self._out, self._errors)
        except GitError:
            self._files.close()
            raise

    def changes(self) -> Generator[Changed, None, None]:
        """The changes, parsed as `log_changes` parses them, once git is done; a failure
        becomes a GitError."""
        try:
            if self.process.wait() != 0:
                raise _failure(self._errors, "log")
            self._out.seek(0)
            yield from _parsed(iter(lambda: self._out.read(CHUNK_BYTES), b""), self.cut)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._files.close()


def log_changes(cwd: Path, *args: str, files: bool = True) -> Generator[Changed, None, None]:
    """`log`'s changes without their commits' authors and subjects, parsed as git writes
    them: a long history is never held whole (a catalog whose 10,000 files changed 100
    times each is a million changes), so a caller keeping only some holds only those.
    In a shallow clone, the files of the commits its history stops at have status CUT.
    Closing it early stops git."""
    cut, command = _log_command(cwd, args, files)
    stream = _stream(cwd, *command)
    try:
        yield from _parsed(stream, cut)
    finally:
        stream.close()


def _log_command(
    cwd: Path, args: tuple[str, ...], files: bool
) -> tuple[frozenset[str], tuple[str, ...]]:
    """(the commits a shallow clone's history stops at, when files are listed; the `git
    log` command), with a treeless clone's trees fetched first (`fetch_trees`): a
    path-limited log reads every commit's trees."""
    cut = shallow_commits(cwd) if files else frozenset()
    fetch_trees(cwd)
    return cut, ("log", "-z", *(["--name-status"] if files else []), LOG_FORMAT, *args)


def _parsed(chunks: Iterable[bytes], cut: frozenset[str]) -> Iterator[Changed]:
    """The changes of `git log -z` output in chunks, those of the `cut` commits marked."""
    changes = _changes(_nul_tokens(chunks))
    return _marked_cut(changes, cut) if cut else changes


def _marked_cut(changes: Iterable[Changed], cut: frozenset[str]) -> Iterator[Changed]:
    """`changes` with each file git lists as added by a commit in `cut` marked CUT."""
    for commit, status, paths in changes:
        yield commit, CUT if status == "A" and commit in cut else status, paths


def renames(cwd: Path, commit: str) -> list[tuple[str, str, str]]:
    """(status, old path, new path) of each file `commit` renamed against its first parent,
    over the whole tree (`git diff-tree -M`). Raises GitError for a root commit, or one
    whose parent the clone does not hold."""
    return _renames(
        run(
            cwd,
            "diff-tree",
            "-r",
            "-M",
            "-z",
            "--name-status",
            "--no-commit-id",
            f"{commit}^",
            commit,
        )
    )


def renamed_since(cwd: Path, commit: str) -> list[tuple[str, str, str]]:
    """`renames` from `commit` (an id, `commit_of`) to the working tree (its tracked files,
    staged or not)."""
    if not _COMMIT_ID.fullmatch(commit):  # never a ref git could take for an option
        raise GitError(f"not a commit id: '{commit}'")
    return _renames(run(cwd, "diff", "-M", "-z", "--name-status", commit, "--"))


def _renames(out: bytes) -> list[tuple[str, str, str]]:
    """The renames of `--name-status -z` output (a status, then one path, two for a rename
    or copy: taken by count)."""
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    found: list[tuple[str, str, str]] = []
    at = 0
    while at < len(tokens):
        status = tokens[at]
        if status[:1] in ("R", "C"):  # two paths follow
            if status[0] == "R" and at + 2 < len(tokens):
                found.append((status, tokens[at + 1], tokens[at + 2]))
            at += 3
        else:  # one path follows (or the text's end)
            at += 2 if status else 1
    return found


def log_entry(change: Changed, infos: dict[str, CommitInfo]) -> LogEntry:
    """A change with its commit's author, date and subject (`commit_infos`)."""
    commit, status, paths = change
    info = infos.get(commit, UNKNOWN_COMMIT)
    return LogEntry(commit, info.date, info.author, info.email, info.subject, status, paths)


def parse_log(out: bytes) -> list[Changed]:
    """(commit, status, paths) from `git log -z --name-status --format=%H` output; a
    commit that lists no file gets status "" and no paths. A token that fits nowhere is
    skipped, never a crash."""
    return list(_changes(iter(out.decode("utf-8", "surrogateescape").split("\0"))))


def _changes(tokens: Iterator[str]) -> Iterator[Changed]:
    """`parse_log` over tokens as they come (paths are taken from `tokens` by count)."""
    # One tuple per path changed alone: a file's path recurs in every commit that changes
    # it (20 commits over 10,000 files: 200,000 entries, 140 bytes each in their own text
    # and tuple).
    alone: dict[str, tuple[str]] = {}
    commit: str | None = None
    listed = False  # the current commit has at least one file
    for token in tokens:
        if len(token) > 5 and _COMMIT_ID.fullmatch(token):  # a status is shorter: \nR100
            if commit is not None and not listed:
                yield (commit, "", ())
            commit, listed = token, False
            continue
        status = token.lstrip("\n")
        if commit is None or not _STATUS.fullmatch(status):
            continue  # not a commit id or a status: nothing to attach it to
        paths: tuple[str, ...]
        if status[:1] in ("R", "C") and not status[1:].isalpha():  # R100; a merge's RM: one
            paths = tuple(itertools.islice(tokens, 2))
            if len(paths) != 2 or not all(paths):
                continue
        else:
            path = next(tokens, "")
            if not path:
                continue
            paths = alone.get(path) or alone.setdefault(path, (path,))
        yield (commit, status, paths)
        listed = True
    if commit is not None and not listed:
        yield (commit, "", ())


def _nul_tokens(chunks: Iterable[bytes]) -> Iterator[str]:
    """The NUL-separated tokens of a stream of bytes, each decoded on its own (a NUL is
    never part of a UTF-8 sequence, so this is the whole text's decoding, split)."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "surrogateescape")
    yield rest.decode("utf-8", "surrogateescape")


def _stream(cwd: Path, *args: str) -> Generator[bytes, None, None]:
    """git's standard output as it is written, in chunks; a failure becomes a GitError
    (as `run`) once the output is read. A caller that stops early stops git too."""
    with contextlib.ExitStack() as stack:
        # Errors go to a file: a pipe nobody reads until the end could fill and stall git.
        # Without a temporary folder they are not kept (the error then names the command).
        try:
            errors: IO[bytes] | None = stack.enter_context(tempfile.TemporaryFile())
        except OSError:
            errors = None
        process = _spawn(cwd, args, subprocess.PIPE, errors)
        assert process.stdout is not None
        try:
            while chunk := process.stdout.read(CHUNK_BYTES):
                yield chunk
            if process.wait() != 0:
                raise _failure(errors, args[0])
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()


def _spawn(
    cwd: Path, args: Iterable[str], stdout: IO[bytes] | int, errors: IO[bytes] | None
) -> subprocess.Popen[bytes]:
    """git started on `args`, its output to `stdout`, its errors to `errors` (None: not
    kept)."""
    try:
        return subprocess.Popen(
            ["git", *_NEUTRAL, *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.DEVNULL if errors is None else errors,
            env=_env(),
        )
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise _not_started(exc, cwd) from None


def _failure(errors: IO[bytes] | None, command: str) -> GitError:
    """The GitError of a git that failed: its first error line, read from `errors`."""
    lines: list[str] = []
    if errors is not None:
        errors.seek(0)
        lines = errors.read(4096).decode("utf-8", "replace").strip().splitlines()
    return GitError(lines[0] if lines else f"git {command} failed")


def last_commit_before(cwd: Path, moment: str) -> str | None:
    """The newest commit on HEAD's first-parent line committed at or before `moment`."""
    out = run(cwd, "rev-list", "-1", "--first-parent", f"--before={moment}", "HEAD")
    text = out.decode("ascii").strip()
    return text or None
