"""Each catalog file's commits, for the change history on the model pages.

One `git log --name-status` over the catalog folder serves every page (a process per model
would cost minutes at 10,000 models); renames are followed by walking the log from newest
to oldest and carrying each file's current name back to its old ones.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.git import LogEntry


def file_histories(catalog_dir: Path) -> dict[str, tuple[LogEntry, ...]]:
    """Path relative to the catalog folder -> the commits that changed it, newest first.
    Empty outside a git repository (the pages then say there is no history)."""
    try:
        top = gitrepo.toplevel(catalog_dir)
        prefix = catalog_dir.resolve().relative_to(top).as_posix()
        entries = gitrepo.log(top, "-M", "--", prefix or ".")
    except (gitrepo.GitError, ValueError):
        return {}
    lead = f"{prefix}/" if prefix not in ("", ".") else ""
    current: dict[str, str] = {}  # a path at some commit -> the file's name today
    found: dict[str, list[LogEntry]] = {}
    for entry in entries:
        if not entry.path.startswith(lead):
            continue
        name = current.get(entry.path, entry.path)
        found.setdefault(name[len(lead) :], []).append(entry)
        if len(entry.paths) == 2 and entry.status.startswith("R"):
            current[entry.paths[0]] = name
    return {path: tuple(commits) for path, commits in found.items()}
