"""Each catalog file's commits, for the change history on the model pages.

The audit trail is `history.catalog_changes`, the same one `modelinv history MODEL` shows:
one `git log -M` over the catalog folder serves every page (a process per model would
cost minutes at 10,000 models), following renames inside the catalog only.

A page shows a bounded part of it (`Trail`): its rows grew with every commit that
touched the file (20 commits that each touched every one of 10,000 models made the site
21 MB larger), and the build held them all. The trails are kept as the log is read, so
neither is held now; the whole trail stays one command away (`modelinv history MODEL`),
and in git.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.git import Changed, EarlyLog, LogEntry, log_entry
from modelinv.gitdata.history import catalog_changes, start_catalog_changes
from modelinv.gitdata.history import file_histories as catalog_file_histories

# The most commits a model page lists: the newest, then the file's first (its creation);
# as many as the nearest refs its dependency section names.
SHOWN = 12


@dataclass(frozen=True, slots=True)
class Trail:
    """What a model page lists of its file's commits."""

    newest: tuple[LogEntry, ...]  # newest first
    left_out: int  # commits older than `newest` and newer than `first`, not listed
    first: LogEntry | None  # the oldest commit, when `newest` does not reach it

    @property
    def total(self) -> int:
        return len(self.newest) + self.left_out + (self.first is not None)


NO_TRAIL = Trail((), 0, None)  # a file no commit has changed (or no git)


def trail_of(commits: Sequence[LogEntry], shown: int = SHOWN) -> Trail:
    """At most `shown` of `commits` (newest first, as `file_histories` gives them): all of
    them, or the newest `shown - 1` and the oldest."""
    return _cut(commits[:shown], len(commits), commits[-1] if commits else None, shown)


def _cut(newest: Sequence[LogEntry], total: int, oldest: LogEntry | None, shown: int) -> Trail:
    """The trail of a file with `total` commits: `newest` are its first `shown` (or all of
    them), `oldest` its last."""
    if total <= shown:
        return Trail(tuple(newest), 0, None)
    assert oldest is not None
    return Trail(tuple(newest[: shown - 1]), total - shown, oldest)


def file_histories(catalog_dir: Path) -> dict[str, tuple[LogEntry, ...]]:
    """Path relative to the catalog folder -> the commits that changed it, newest first.
    Empty outside a git repository (the pages then say there is no history)."""
    try:
        return catalog_file_histories(*gitrepo.in_repository(catalog_dir))
    except (gitrepo.GitError, ValueError):
        return {}


def start_trails(catalog_dir: Path) -> EarlyLog | None:
    """The `git log` `file_trails` reads, started now so git works while the caller does
    something else (the build decodes the catalog's models meanwhile); None outside a git
    repository. Pass it to `file_trails`, which stops it in any case."""
    try:
        return start_catalog_changes(*gitrepo.in_repository(catalog_dir))
    except (gitrepo.GitError, ValueError):
        return None


def file_trails(
    catalog_dir: Path, shown: int = SHOWN, early: EarlyLog | None = None
) -> dict[str, Trail]:
    """Each file's `trail_of` its `file_histories`, kept as `git log` is read: a file's
    commits past the first `shown` are only counted, and only the oldest kept, so a long
    history is never held (and only the kept commits are read for their authors).
    `early` is its log started ahead (`start_trails`). Empty outside a git repository."""
    kept: dict[str, list[Changed]] = {}
    counts: dict[str, int] = {}
    oldest: dict[str, Changed] = {}
    try:
        top, prefix = gitrepo.in_repository(catalog_dir)
        for name, change in catalog_changes(top, prefix, early=early):
            seen = counts.get(name, 0)
            counts[name] = seen + 1
            if seen < shown:
                kept.setdefault(name, []).append(change)
            else:
                oldest[name] = change
        wanted = [c for changes in kept.values() for c, _, _ in changes]
        infos = gitrepo.commit_infos(top, wanted + [c for c, _, _ in oldest.values()])
    except (gitrepo.GitError, ValueError):
        return {}
    finally:
        if early is not None:
            early.close()
    return {
        name: _cut(
            [log_entry(change, infos) for change in changes],
            counts[name],
            log_entry(oldest[name], infos) if name in oldest else None,
            shown,
        )
        for name, changes in kept.items()
    }
