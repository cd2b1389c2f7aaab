"""The few git plumbing commands modelinv needs, run without a shell and in bulk.

Every function takes `cwd`, a folder inside the repository (the catalog's), and raises
`GitError` with a one-line message when git is missing, `cwd` is not in a repository or
a ref names no commit.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

SYMLINK_MODE = "120000"


class GitError(Exception):
    """git could not answer: not installed, not a repository, an unknown ref."""


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
)

# Fields of one commit in `git log` output: \x1e starts a record, \x1f separates fields.
LOG_FORMAT = "--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s"


def run(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's standard output; a failure becomes a GitError with git's first error line."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *_NEUTRAL, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            env=env,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed for --base and history)") from None
    except NotADirectoryError:
        raise GitError(f"not a directory: {cwd}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[0] if lines else f"git {args[0]} failed")
    return done.stdout


def toplevel(cwd: Path) -> Path:
    """The repository's root folder."""
    try:
        out = run(cwd, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(f"{cwd} is not in a git repository") from None
    return Path(out.decode("utf-8").strip())


def commit_of(cwd: Path, ref: str) -> str:
    """The full commit id `ref` names (a branch, tag, `HEAD~2`, a commit id)."""
    if not ref or ref.startswith("-") or "\0" in ref:
        raise GitError(f"invalid git ref '{ref}'")
    toplevel(cwd)  # a clearer message than rev-parse's when there is no repository
    try:
        out = run(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown git ref '{ref}' (no such branch, tag or commit)") from None
    return out.decode("ascii").strip()


def list_files(cwd: Path, commit: str, under: str) -> list[TreeFile]:
    """Every file below `under` (relative to the repository root; "" for all) at `commit`."""
    spec = ["--", under] if under else []
    out = run(cwd, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    files = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, oid = meta.split(" ")
        files.append(TreeFile(path, mode, kind, oid))
    return files


def read_blobs(cwd: Path, names: list[str]) -> dict[str, bytes | None]:
    """The contents of many objects (`oid` or `commit:path`) from one `git cat-file --batch`;
    None for a name that does not exist."""
    found: dict[str, bytes | None] = {n: None for n in names if "\n" in n}  # not askable
    names = [n for n in names if "\n" not in n]
    if not names:
        return found
    request = "".join(f"{n}\n" for n in names).encode("utf-8", "surrogateescape")
    out = run(cwd, "cat-file", "--batch", stdin=request)
    at = 0
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end]
        if header.endswith((b" missing", b" ambiguous")):
            found[name], at = None, end + 1
            continue
        size = int(header.rsplit(b" ", 1)[1])
        found[name] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content is followed by a newline
    return found


def log(cwd: Path, *args: str, files: bool = True) -> list[LogEntry]:
    """`git log`, newest first: with `files`, one entry per file a commit changed
    (`--name-status`); otherwise, or for a commit that changed none, one with no path."""
    out = run(cwd, "log", "-z", *(["--name-status"] if files else []), LOG_FORMAT, *args)
    entries = []
    for record in out.decode("utf-8", "surrogateescape").split("\x1e"):
        if not record:
            continue
        header, _, rest = record.partition("\0")
        commit, date, author, email, subject = header.split("\x1f", 4)
        fields = [f for f in rest.lstrip("\n").split("\0") if f]
        if not fields:
            entries.append(LogEntry(commit, date, author, email, subject, "", ()))
        index = 0
        while index < len(fields):
            status = fields[index]
            count = 2 if status[:1] in ("R", "C") else 1
            paths = tuple(fields[index + 1 : index + 1 + count])
            entries.append(LogEntry(commit, date, author, email, subject, status, paths))
            index += 1 + count
    return entries


def last_commit_before(cwd: Path, moment: str) -> str | None:
    """The newest commit on HEAD's first-parent line committed at or before `moment`."""
    out = run(cwd, "rev-list", "-1", "--first-parent", f"--before={moment}", "HEAD")
    text = out.decode("ascii").strip()
    return text or None
